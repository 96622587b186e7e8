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

// ---- 04.4 review ------------------------------------------------------------------------------

/** A multiple-choice answer: one letter. */
type Choice = "a" | "b" | "c" | "d";

/**
 * 04.4 — Check your understanding. The questions are in the lesson's last section, "Check your
 * understanding". Replace each `undefined` with your answer: a letter ("a"–"d") for a multiple-choice
 * question, a number for a numeric one (e.g. 0.25; three significant digits are enough). One point per
 * question; grade with `npm run grade -- 04.4` or `await check("04.4")` in the notebook.
 */
export const review: {
  q1: number | undefined;
  q2: number | undefined;
  q3: Choice | undefined;
  q4: Choice | undefined;
  q5: Choice | undefined;
} = {
  q1: 100, // the size of the weights
  q2: 8, // the scale factor
  q3: "c", // why scale
  q4: "d", // what a row of weights is
  q5: "b", // attention against an RNN
};
