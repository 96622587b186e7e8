// Mutant of 09.1: keys and values come from x (the decoder) instead of the memory: self-attention, not cross-attention.
import { crossAttention as right } from "../../../solutions/09-the-decoder.js";
import { IGNORE_INDEX, tensor, type Tensor } from "qkv";
import type { AttentionWeights, NextTokenModel, WordProbability } from "../../../solutions/09-the-decoder.js";
export * from "../../../solutions/09-the-decoder.js";

export function crossAttention(x: Tensor, memory: Tensor, weights: AttentionWeights, numHeads: number, memoryMask?: Tensor) {
  void memory;
  return right(x, x, weights, numHeads, memoryMask && memoryMask.shape[1] === x.shape[1] ? memoryMask : undefined);
}
