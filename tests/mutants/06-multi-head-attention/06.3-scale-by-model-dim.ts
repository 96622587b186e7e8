// Mutant of 06.3: divides every head's scores by √C (the model width) instead of √hs (the head size).
import { type Tensor } from "qkv";
import { mergeHeads, splitHeads, type MultiHeadWeights } from "../../../solutions/06-multi-head-attention.js";
export * from "../../../solutions/06-multi-head-attention.js";

export function multiHeadSelfAttention(x: Tensor, weights: MultiHeadWeights, numHeads: number, mask?: Tensor): Tensor {
  const C = x.shape[2];
  const project = (w: Tensor) => splitHeads(x.matmul(w.transpose(0, 1)), numHeads);
  const [q, k, v] = [project(weights.wq), project(weights.wk), project(weights.wv)];
  let scores = q.matmul(k.transpose(-2, -1)).mul(1 / Math.sqrt(C)); // (B, nh, T, hs) x (B, nh, hs, T)
  if (mask) scores = scores.maskedFill(mask.logicalNot(), -Infinity);
  return mergeHeads(scores.softmax(-1).matmul(v)).matmul(weights.wo.transpose(0, 1));
}
