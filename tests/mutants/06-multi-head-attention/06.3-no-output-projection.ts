// Mutant of 06.3: returns the merged heads without the output projection Wo.
import { scaledDotProductAttention, type Tensor } from "qkv";
import { mergeHeads, splitHeads, type MultiHeadWeights } from "../../../solutions/06-multi-head-attention.js";
export * from "../../../solutions/06-multi-head-attention.js";

export function multiHeadSelfAttention(x: Tensor, weights: MultiHeadWeights, numHeads: number, mask?: Tensor): Tensor {
  const project = (w: Tensor) => splitHeads(x.matmul(w.transpose(0, 1)), numHeads);
  const { output } = scaledDotProductAttention(project(weights.wq), project(weights.wk), project(weights.wv), { mask });
  return mergeHeads(output);
}
