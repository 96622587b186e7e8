// Lesson 06 — multi-head attention. Fill in the three functions below, then run
//   npm run grade -- 06        (or `await check("06.1")` in the notebook)
// Tensor methods that help: x.reshape(...), x.transpose(dim0, dim1), x.permute(...axes), x.matmul(w),
// w.transpose(0, 1); and from "qkv": scaledDotProductAttention, linear.
// The library has its own splitHeads and mergeHeads: write yours with reshape and transpose.
import { NotImplemented, type Tensor } from "qkv";

/**
 * 06.1 — Split the features of every token into numHeads heads of hs = C / numHeads features each, and
 * move the head axis in front of the tokens so that each head is a separate (T, hs) problem:
 * head h of token t is features [h·hs, (h+1)·hs) of x[b, t].
 *
 * @param x a tensor of shape (B, T, C)
 * @param numHeads the number of heads nh; C must be divisible by it
 * @returns a tensor of shape (B, nh, T, hs) with out[b, h, t, i] = x[b, t, h·hs + i]
 * @throws an Error naming the shape and numHeads when x is not 3-D or C is not divisible by numHeads.
 *   Do not modify x.
 *
 * @example
 * // x = [[[0, 1, 2, 3], [4, 5, 6, 7]]]          (B = 1, T = 2, C = 4)
 * splitHeads(x, 2).toArray()
 * // [[[[0, 1], [4, 5]],                           head 0: features 0-1 of each token
 * //   [[2, 3], [6, 7]]]]                          head 1: features 2-3 of each token
 */
export function splitHeads(x: Tensor, numHeads: number): Tensor {
  throw new NotImplemented("06.1");
}

/**
 * 06.2 — The inverse of splitHeads: put the heads' outputs side by side again, head 0's features
 * first: out[b, t, h·hs + i] = x[b, h, t, i].
 *
 * @param x a tensor of shape (B, nh, T, hs)
 * @returns a tensor of shape (B, T, nh·hs)
 * @throws an Error naming the shape when x is not 4-D. Do not modify x.
 *
 * @example
 * mergeHeads(splitHeads(x, 2))   // equals x
 * // [[[[0, 1], [4, 5]], [[2, 3], [6, 7]]]]  ->  [[[0, 1, 2, 3], [4, 5, 6, 7]]]
 */
export function mergeHeads(x: Tensor): Tensor {
  throw new NotImplemented("06.2");
}

/** The four weight matrices of multi-head self-attention, each (C, C) in PyTorch's (out, in) layout. */
export interface MultiHeadWeights {
  /** queries: q = x Wqᵀ; rows [h·hs, (h+1)·hs) belong to head h */
  wq: Tensor;
  /** keys: k = x Wkᵀ */
  wk: Tensor;
  /** values: v = x Wvᵀ */
  wv: Tensor;
  /** the output projection applied to the merged heads: out = merged Woᵀ */
  wo: Tensor;
}

/**
 * 06.3 — Multi-head self-attention (no biases):
 *   q, k, v = x Wqᵀ, x Wkᵀ, x Wvᵀ                       (B, T, C) each
 *   split each into numHeads heads                       (B, nh, T, hs), hs = C / nh
 *   headₕ = softmax(qₕ kₕᵀ / √hs) vₕ in every head       scaled by the HEAD size, masked as in lesson 05
 *   out = mergeHeads(heads) Woᵀ                          (B, T, C)
 *
 * @param x the tokens, shape (B, T, C)
 * @param weights Wq, Wk, Wv, Wo, each (C, C) (see MultiHeadWeights)
 * @param numHeads nh, dividing C
 * @param mask optional bool mask broadcastable to the scores (B, nh, T, T): causalMask(T) of shape (T, T),
 *   a padding mask of shape (B, 1, 1, T), a per-sequence mask (B, 1, T, T), …; TRUE = the key may be
 *   attended to. Blocked scores are -Infinity before the softmax (a finite fill like -1e9 is not the same).
 *   A query whose keys are ALL blocked (e.g. in an all-padding sequence) gets weights of 0, as in 05.2,
 *   so its head outputs are 0 (never NaN).
 * @returns the output, shape (B, T, C). Do not modify x, weights or mask.
 *
 * @example
 * // 4 heads of size C / 4, each query seeing only itself and earlier tokens
 * multiHeadSelfAttention(x, { wq, wk, wv, wo }, 4, causalMask(T))   // (B, T, C)
 * // with numHeads = 1 and Wo = the identity (and no mask) it is lesson 04's single-head attention
 * // of x Wqᵀ, x Wkᵀ, x Wvᵀ
 */
export function multiHeadSelfAttention(x: Tensor, weights: MultiHeadWeights, numHeads: number, mask?: Tensor): Tensor {
  throw new NotImplemented("06.3");
}

// ---- 06.4 review ------------------------------------------------------------------------------

/** A multiple-choice answer: one letter. */
type Choice = "a" | "b" | "c" | "d";

/**
 * 06.4 — Check your understanding. The questions are in the lesson's last section, "Check your
 * understanding". Replace each `undefined` with your answer: a letter ("a"–"d") for a multiple-choice
 * question, a number for a numeric one (e.g. 0.25; three significant digits are enough). One point per
 * question; grade with `npm run grade -- 06.4` or `await check("06.4")` in the notebook.
 */
export const review: {
  q1: number | undefined;
  q2: number | undefined;
  q3: Choice | undefined;
  q4: Choice | undefined;
  q5: Choice | undefined;
} = {
  q1: undefined, // head size: a number
  q2: undefined, // parameters of the layer: a number
  q3: undefined, // splitting the heads: "a" | "b" | "c" | "d"
  q4: undefined, // the output projection: "a" | "b" | "c" | "d"
  q5: undefined, // why several heads: "a" | "b" | "c" | "d"
};
