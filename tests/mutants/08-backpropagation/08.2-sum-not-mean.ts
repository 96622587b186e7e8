// Mutant of 08.2: forgets to divide by M: the summed loss and p − y without the 1/M.
import type { Tensor } from "qkv";
import { softmaxCrossEntropyBackward as reference } from "../../../solutions/08-backpropagation.js";
export * from "../../../solutions/08-backpropagation.js";

export function softmaxCrossEntropyBackward(logits: Tensor, targets: Tensor, ignoreIndex = -100): { loss: number; dLogits: Tensor } {
  const { loss, dLogits } = reference(logits, targets, ignoreIndex);
  let counted = 0;
  for (let n = 0; n < targets.size; n++) if (Number(targets.data[n]) !== ignoreIndex) counted++;
  return { loss: loss * counted, dLogits: dLogits.mul(counted) };
}
