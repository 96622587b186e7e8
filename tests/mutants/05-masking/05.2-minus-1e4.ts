// Mutant of 05.2: fills blocked scores with -1e4 instead of -Infinity: a fully masked row becomes
// uniform, and scores as low as -1e4 let blocked keys through.
import type { Tensor } from "qkv";
export * from "../../../solutions/05-masking.js";

export function maskedSoftmax(scores: Tensor, mask: Tensor): Tensor {
  return scores.maskedFill(mask.logicalNot(), -1e4).softmax(-1);
}
