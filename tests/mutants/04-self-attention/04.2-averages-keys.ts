// Mutant of 04.2: averages the keys instead of the values (weights × k).
import type { Tensor } from "qkv";
import { attentionScores } from "../../../solutions/04-self-attention.js";
export * from "../../../solutions/04-self-attention.js";

export function attention(q: Tensor, k: Tensor, v: Tensor): { output: Tensor; weights: Tensor } {
  const weights = attentionScores(q, k).softmax(-1);
  return { output: weights.matmul(k), weights };
}
