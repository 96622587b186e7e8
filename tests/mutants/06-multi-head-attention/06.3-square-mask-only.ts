// Mutant of 06.3: applies the mask by reading it as a (T, T) table, mask[i, j] = mask.data[i·T + j],
// the same for every batch and head. Right for a causal (T, T) mask; a (B, 1, 1, T) padding mask or a
// per-sequence (B, 1, T, T) mask is read as if it were one square mask.
import { tensor, type Tensor } from "qkv";
import { mergeHeads, splitHeads, type MultiHeadWeights } from "../../../solutions/06-multi-head-attention.js";
export * from "../../../solutions/06-multi-head-attention.js";

export function multiHeadSelfAttention(x: Tensor, weights: MultiHeadWeights, numHeads: number, mask?: Tensor): Tensor {
  const project = (w: Tensor) => splitHeads(x.matmul(w.transpose(0, 1)), numHeads);
  const [q, k, v] = [project(weights.wq), project(weights.wk), project(weights.wv)];
  let scores = q.matmul(k.transpose(-2, -1)).div(Math.sqrt(q.shape[3]));
  if (mask) {
    const T = x.shape[1];
    const square = new Uint8Array(T * T);
    for (let i = 0; i < T * T; i++) square[i] = mask.data[i] ? 1 : 0;
    scores = scores.maskedFill(tensor(square, { shape: [T, T], dtype: "bool" }).logicalNot(), -Infinity);
  }
  return mergeHeads(scores.softmax(-1).matmul(v)).matmul(weights.wo.transpose(0, 1));
}
