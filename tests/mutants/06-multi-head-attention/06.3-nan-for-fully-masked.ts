// Mutant of 06.3: its own softmax, exp(s - max) / Σ exp(s - max): right for a causal mask, but a query
// whose keys are all blocked computes -Infinity - (-Infinity) = NaN, and the NaN spreads through Wo.
import { tensor, type Tensor } from "qkv";
import { mergeHeads, splitHeads, type MultiHeadWeights } from "../../../solutions/06-multi-head-attention.js";
export * from "../../../solutions/06-multi-head-attention.js";

function rowSoftmax(s: Tensor): Tensor {
  const S = s.shape[s.ndim - 1];
  const out = new Float32Array(s.size);
  for (let r = 0; r < s.size / S; r++) {
    let max = -Infinity;
    for (let j = 0; j < S; j++) max = Math.max(max, s.data[r * S + j]);
    let sum = 0;
    for (let j = 0; j < S; j++) sum += out[r * S + j] = Math.exp(s.data[r * S + j] - max);
    for (let j = 0; j < S; j++) out[r * S + j] /= sum;
  }
  return tensor(out, { shape: [...s.shape] });
}

export function multiHeadSelfAttention(x: Tensor, weights: MultiHeadWeights, numHeads: number, mask?: Tensor): Tensor {
  const project = (w: Tensor) => splitHeads(x.matmul(w.transpose(0, 1)), numHeads);
  const [q, k, v] = [project(weights.wq), project(weights.wk), project(weights.wv)];
  let scores = q.matmul(k.transpose(-2, -1)).div(Math.sqrt(q.shape[3]));
  if (mask) scores = scores.maskedFill(mask.logicalNot(), -Infinity);
  return mergeHeads(rowSoftmax(scores).matmul(v)).matmul(weights.wo.transpose(0, 1));
}
