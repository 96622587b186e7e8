// Mutant of 06.3: masks with -1e9 instead of -Infinity. Same numbers for a causal mask, but a query
// whose keys are ALL blocked (a padding-only sequence) gets uniform weights instead of zeros.
import type { Tensor } from "qkv";
import { mergeHeads, splitHeads, type MultiHeadWeights } from "../../../solutions/06-multi-head-attention.js";
export * from "../../../solutions/06-multi-head-attention.js";

export function multiHeadSelfAttention(x: Tensor, weights: MultiHeadWeights, numHeads: number, mask?: Tensor): Tensor {
  const project = (w: Tensor) => splitHeads(x.matmul(w.transpose(0, 1)), numHeads);
  const [q, k, v] = [project(weights.wq), project(weights.wk), project(weights.wv)];
  let scores = q.matmul(k.transpose(-2, -1)).div(Math.sqrt(q.shape[3]));
  if (mask) scores = scores.maskedFill(mask.logicalNot(), -1e9);
  return mergeHeads(scores.softmax(-1).matmul(v)).matmul(weights.wo.transpose(0, 1));
}
