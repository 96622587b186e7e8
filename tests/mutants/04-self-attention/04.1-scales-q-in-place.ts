// Mutant of 04.1: right scores, but scales the queries by 1/√d by writing into q.data first: the
// caller's queries come back divided by √d (and shrink again on every call).
import type { Tensor } from "qkv";
export * from "../../../solutions/04-self-attention.js";

export function attentionScores(q: Tensor, k: Tensor): Tensor {
  const scale = 1 / Math.sqrt(q.shape[q.ndim - 1]);
  for (let i = 0; i < q.size; i++) q.data[i] *= scale;
  return q.matmul(k.transpose(-2, -1));
}
