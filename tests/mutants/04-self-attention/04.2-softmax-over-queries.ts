// Mutant of 04.2: the softmax runs along the queries (axis -2): columns sum to 1, rows do not.
import type { Tensor } from "qkv";
import { attentionScores } from "../../../solutions/04-self-attention.js";
export * from "../../../solutions/04-self-attention.js";

export function attention(q: Tensor, k: Tensor, v: Tensor): { output: Tensor; weights: Tensor } {
  const weights = attentionScores(q, k).softmax(-2);
  return { output: weights.matmul(v), weights };
}
