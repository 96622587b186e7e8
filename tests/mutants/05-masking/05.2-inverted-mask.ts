// Mutant of 05.2: reads the mask with nn.MultiheadAttention's convention, blocking the keys marked true.
import type { Tensor } from "qkv";
export * from "../../../solutions/05-masking.js";

export function maskedSoftmax(scores: Tensor, mask: Tensor): Tensor {
  return scores.maskedFill(mask, -Infinity).softmax(-1);
}
