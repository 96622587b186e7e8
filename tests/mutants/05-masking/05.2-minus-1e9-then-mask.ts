// Mutant of 05.2: fills blocked scores with -1e9, then multiplies the weights by the mask so that a
// fully masked row comes out as zeros. Right while every allowed score is above -1e9; scores below the
// fill value hand the whole row to the blocked keys, and the mask then zeroes it.
import type { Tensor } from "qkv";
export * from "../../../solutions/05-masking.js";

export function maskedSoftmax(scores: Tensor, mask: Tensor): Tensor {
  return scores.maskedFill(mask.logicalNot(), -1e9).softmax(-1).mul(mask);
}
