// Mutant of 04.1: forgets to divide by √d (the raw dot products Q Kᵀ).
import type { Tensor } from "qkv";
export * from "../../../solutions/04-self-attention.js";

export function attentionScores(q: Tensor, k: Tensor): Tensor {
  return q.matmul(k.transpose(-2, -1));
}
