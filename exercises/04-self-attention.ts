// Lesson 04 — self-attention. Fill in the three functions below, then run
//   npm run grade -- 04        (or `await check("04.1")` in the notebook)
// Use the tensor API: q.matmul(k.transpose(-2, -1)), .mul(), .softmax(axis), … Shapes are batch-first.
import { NotImplemented, type Tensor } from "qkv";

/**
 * 04.1 — Attention scores: how well each query matches each key, scaled by 1/√d:
 *
 *   scores = Q Kᵀ / √d,   scores[b, i, j] = (q_i · k_j) / √d
 *
 * where d is the size of a query (and key) vector, the last dimension.
 *
 * @param q queries, shape (B, T, d)
 * @param k keys, shape (B, S, d) — the same d as `q` (S is often equal to T)
 * @returns the scores, a new tensor of shape (B, T, S); row i holds query i's score for every key.
 *   Do not modify q or k.
 *
 * @example
 * // one batch, 2 queries and 2 keys of size d = 4, so √d = 2
 * attentionScores(tensor([[[1, 0, 0, 0], [0, 2, 0, 0]]]), tensor([[[1, 0, 0, 0], [0, 1, 0, 0]]]))
 * // -> [[[0.5, 0], [0, 1]]]  (shape [1, 2, 2])
 */
export function attentionScores(q: Tensor, k: Tensor): Tensor {
  throw new NotImplemented("04.1");
}

/**
 * 04.2 — Scaled dot-product attention: softmax(Q Kᵀ / √d) V.
 *
 * The scores (04.1) become weights with a softmax over the KEYS (the last axis), so each query's
 * weights are positive and sum to 1; each output row is the weighted average of the value rows.
 *
 * @param q queries, shape (B, T, d)
 * @param k keys, shape (B, S, d)
 * @param v values, shape (B, S, dv) — one value per key
 * @returns { output, weights }: output (B, T, dv), weights (B, T, S) with every row summing to 1.
 *   Do not modify q, k or v.
 *
 * @example
 * // two keys that match the query equally well: the output is the plain average of the values
 * const q = tensor([[[1, 1]]]), k = tensor([[[1, 0], [0, 1]]]), v = tensor([[[2, 0], [0, 4]]]);
 * attention(q, k, v)   // weights [[[0.5, 0.5]]], output [[[1, 2]]]
 */
export function attention(q: Tensor, k: Tensor, v: Tensor): { output: Tensor; weights: Tensor } {
  throw new NotImplemented("04.2");
}

/**
 * 04.3 — Self-attention of a sequence: the queries, keys and values all come from the same x,
 * through three learned matrices,
 *
 *   Q = x Wq,  K = x Wk,  V = x Wv,   output = softmax(Q Kᵀ / √d) V
 *
 * with d the number of columns of Wq (and Wk). The matrices are plain (C, d) tensors multiplied on the
 * right: x.matmul(Wq). (nn.Linear stores its weight as (out, in) and computes x Wᵀ; here there is no
 * transpose.) Your 04.1 and 04.2 help.
 *
 * @param x the token vectors, shape (B, T, C)
 * @param Wq shape (C, d)
 * @param Wk shape (C, d)
 * @param Wv shape (C, dv)
 * @returns { output (B, T, dv), weights (B, T, T) }. Do not modify x or the weight matrices.
 *
 * @example
 * // Wq = Wk = 0: every score is 0, the weights are uniform, each output is the mean of the values x Wv
 * selfAttention(tensor([[[1, 0], [3, 2]]]), zeros([2, 2]), zeros([2, 2]), eye(2))
 * // weights [[[0.5, 0.5], [0.5, 0.5]]], output [[[2, 1], [2, 1]]]
 */
export function selfAttention(x: Tensor, Wq: Tensor, Wk: Tensor, Wv: Tensor): { output: Tensor; weights: Tensor } {
  throw new NotImplemented("04.3");
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
  q1: undefined, // the size of the weights: a number
  q2: undefined, // the scale factor: a number
  q3: undefined, // why scale: "a" | "b" | "c" | "d"
  q4: undefined, // what a row of weights is: "a" | "b" | "c" | "d"
  q5: undefined, // attention against an RNN: "a" | "b" | "c" | "d"
};
