// Lesson 04 — reference answers. Same exports as exercises/04-self-attention.ts; the graders check them
// too (`npm run grade -- --solutions 04`).
import type { Tensor } from "qkv";

/** 04.1 — Q Kᵀ / √d: (B, T, d) x (B, d, S) -> (B, T, S). */
export function attentionScores(q: Tensor, k: Tensor): Tensor {
  const d = q.shape[q.ndim - 1];
  return q.matmul(k.transpose(-2, -1)).div(Math.sqrt(d));
}

/** 04.2 — softmax over the keys, then the weighted average of the values: (B, T, S) x (B, S, dv) -> (B, T, dv). */
export function attention(q: Tensor, k: Tensor, v: Tensor): { output: Tensor; weights: Tensor } {
  const weights = attentionScores(q, k).softmax(-1);
  return { output: weights.matmul(v), weights };
}

/** 04.3 — Q, K, V = x Wq, x Wk, x Wv, then attention: (B, T, C) -> (B, T, dv). */
export function selfAttention(x: Tensor, Wq: Tensor, Wk: Tensor, Wv: Tensor): { output: Tensor; weights: Tensor } {
  return attention(x.matmul(Wq), x.matmul(Wk), x.matmul(Wv));
}
