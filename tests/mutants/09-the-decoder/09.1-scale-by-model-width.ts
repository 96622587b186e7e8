// Mutant of 09.1: scores divided by √C (the model width) instead of √hs (the head size).
import { IGNORE_INDEX, tensor, type Tensor } from "qkv";
import type { AttentionWeights, NextTokenModel, WordProbability } from "../../../solutions/09-the-decoder.js";
export * from "../../../solutions/09-the-decoder.js";

export function crossAttention(x: Tensor, memory: Tensor, weights: AttentionWeights, numHeads: number, memoryMask?: Tensor) {
  const [B, T, C] = x.shape;
  const S = memory.shape[1];
  const hs = C / numHeads;
  const heads = (t: Tensor, w: Tensor) => t.matmul(w.transpose(0, 1)).reshape(B, t.shape[1], numHeads, hs).transpose(1, 2);
  let scores = heads(x, weights.wq).matmul(heads(memory, weights.wk).transpose(-2, -1)).mul(1 / Math.sqrt(C));
  if (memoryMask) scores = scores.maskedFill(memoryMask.reshape(B, 1, 1, S).logicalNot(), -Infinity);
  const attention = scores.softmax(-1);
  const merged = attention.matmul(heads(memory, weights.wv)).transpose(1, 2).reshape(B, T, C);
  return { output: merged.matmul(weights.wo.transpose(0, 1)), weights: attention };
}
