// Mutant of 04.1: the wrong transpose, K Qᵀ: the scores come out transposed, (B, S, T).
import type { Tensor } from "qkv";
export * from "../../../solutions/04-self-attention.js";

export function attentionScores(q: Tensor, k: Tensor): Tensor {
  return k.matmul(q.transpose(-2, -1)).div(Math.sqrt(q.shape[q.ndim - 1]));
}
