// Mutant of 08.2: divides by every position, ignored ones included, instead of by the M targets that count.
import type { Tensor } from "qkv";
import { softmaxCrossEntropyBackward as reference } from "../../../solutions/08-backpropagation.js";
export * from "../../../solutions/08-backpropagation.js";

export function softmaxCrossEntropyBackward(logits: Tensor, targets: Tensor, ignoreIndex = -100): { loss: number; dLogits: Tensor } {
  const { loss, dLogits } = reference(logits, targets, ignoreIndex);
  let counted = 0;
  for (let n = 0; n < targets.size; n++) if (Number(targets.data[n]) !== ignoreIndex) counted++;
  const rescale = counted / targets.size;
  return { loss: loss * rescale, dLogits: dLogits.mul(rescale) };
}
