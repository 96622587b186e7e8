// Mutant of 06.3: ignores numHeads and runs one big head over all C features.
import { scaledDotProductAttention, type Tensor } from "qkv";
import type { MultiHeadWeights } from "../../../solutions/06-multi-head-attention.js";
export * from "../../../solutions/06-multi-head-attention.js";

export function multiHeadSelfAttention(x: Tensor, weights: MultiHeadWeights, numHeads: number, mask?: Tensor): Tensor {
  void numHeads;
  const project = (w: Tensor) => x.matmul(w.transpose(0, 1));
  const { output } = scaledDotProductAttention(project(weights.wq), project(weights.wk), project(weights.wv), { mask });
  return output.matmul(weights.wo.transpose(0, 1));
}
