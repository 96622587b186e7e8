// Mutant of 05.2: softmax, zero the blocked weights, divide by the row sum. Right for ordinary rows,
// but a fully masked row is 0 / 0 = NaN.
import type { Tensor } from "qkv";
export * from "../../../solutions/05-masking.js";

export function maskedSoftmax(scores: Tensor, mask: Tensor): Tensor {
  const kept = scores.softmax(-1).maskedFill(mask.logicalNot(), 0);
  return kept.div(kept.sum(-1, true));
}
