// Mutant of 09.1: the (B, S) mask reshaped to (B, 1, S, 1), as if it masked queries; with T != S it is
// sliced to fit, so padded source positions still get weight.
import { IGNORE_INDEX, tensor, type Tensor } from "qkv";
import type { AttentionWeights, NextTokenModel, WordProbability } from "../../../solutions/09-the-decoder.js";
export * from "../../../solutions/09-the-decoder.js";

export function crossAttention(x: Tensor, memory: Tensor, weights: AttentionWeights, numHeads: number, memoryMask?: Tensor) {
  const [B, T, C] = x.shape;
  const S = memory.shape[1];
  const hs = C / numHeads;
  const heads = (t: Tensor, w: Tensor) => t.matmul(w.transpose(0, 1)).reshape(B, t.shape[1], numHeads, hs).transpose(1, 2);
  let scores = heads(x, weights.wq).matmul(heads(memory, weights.wk).transpose(-2, -1)).mul(1 / Math.sqrt(hs));
  if (memoryMask) {
    const rows = Array.from({ length: B }, (_, b) => Array.from({ length: T }, (_, t) => Boolean(memoryMask.data[b * S + Math.min(t, S - 1)])));
    scores = scores.maskedFill(tensor(rows, { dtype: "bool" }).reshape(B, 1, T, 1).logicalNot(), -Infinity);
  }
  const attention = scores.softmax(-1);
  const merged = attention.matmul(heads(memory, weights.wv)).transpose(1, 2).reshape(B, T, C);
  return { output: merged.matmul(weights.wo.transpose(0, 1)), weights: attention };
}
