// Mutant of 08.2: always skips −100, whatever ignoreIndex the caller passes.
import type { Tensor } from "qkv";
import { softmaxCrossEntropyBackward as reference } from "../../../solutions/08-backpropagation.js";
export * from "../../../solutions/08-backpropagation.js";

export function softmaxCrossEntropyBackward(logits: Tensor, targets: Tensor, _ignoreIndex = -100): { loss: number; dLogits: Tensor } {
  return reference(logits, targets, -100);
}
