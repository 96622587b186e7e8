// Lesson 10 — GPT. Fill in the four functions below, then run
//   npm run grade -- 10        (or `await check("10.1")` in the notebook)
// Tensor helpers that help: tensor(data, { shape, dtype: "int32" }), t.shape, t.data (flat, row-major),
// concat([a, b], axis). rng.next() is a uniform number in [0, 1).
import { NotImplemented, type Rng, type Tensor } from "qkv";

/**
 * 10.1 — Next-token training pairs from whole sequences (what a GPT trains on): the inputs are each
 * sequence without its last token, the targets the same sequence without its first token, so position
 * t of the inputs is trained to predict token t + 1. Sequences of different lengths are padded on the
 * right to the longest: inputs with `padId`, targets with -100 (IGNORE_INDEX: the loss skips them).
 *
 * @param sequences B >= 1 lists of token ids, each of length L_b >= 2; every id (the last one too) an
 *   integer in [0, vocabSize)
 * @param vocabSize the number of token ids V, a positive integer
 * @param padId the id written into the inputs at padding, an integer in [0, vocabSize)
 * @returns { inputIds, targets }: two int32 tensors of shape (B, T) with T = max_b L_b - 1;
 *   inputIds[b][t] = sequences[b][t] and targets[b][t] = sequences[b][t + 1] for t < L_b - 1;
 *   after that inputIds[b][t] = padId and targets[b][t] = -100
 * @throws an Error naming the function when there are no sequences, a sequence has fewer than 2 ids,
 *   an id (at any position, the last included) is not an integer in [0, vocabSize), or padId is not
 *   such an id. Do not modify `sequences`.
 *
 * @example
 * nextTokenTargets([[0, 5, 6, 0], [0, 7, 0]], 8, 0)
 * // inputIds: [[0, 5, 6], [0, 7, 0]]     (shape (2, 3); the last 0 of row 1 is padding)
 * // targets:  [[5, 6, 0], [7, 0, -100]]
 */
export function nextTokenTargets(sequences: number[][], vocabSize: number, padId: number): { inputIds: Tensor; targets: Tensor } {
  throw new NotImplemented("10.1");
}

/** Options of sampleNextToken, applied in this order: temperature, then top-k, then top-p. */
export interface SamplingChoice {
  /** > 0 and finite (default 1): the logits are divided by it before the softmax. */
  temperature?: number;
  /** An integer >= 1: keep the tokens whose (scaled) logit is >= the k-th largest (ties with the k-th are kept). */
  topK?: number;
  /**
   * In (0, 1]: after temperature and top-k, walk the tokens from most to least probable (equal
   * probabilities: lower index first) and keep each token while the probability mass of the tokens
   * kept before it is < topP. The kept set is the smallest that reaches topP; topP = 1 keeps all.
   */
  topP?: number;
}

/**
 * 10.2 — Sample one next token per row of logits, with temperature, top-k and top-p and a seeded
 * generator. For each row: divide the logits by the temperature, drop the tokens top-k drops, take
 * the softmax over the rest (filtered tokens get probability 0), drop the tokens top-p drops and
 * renormalise so the kept ones sum to 1. Then draw: take u = rng.next() (exactly ONE call per row,
 * rows in order 0, 1, …, B-1, nothing else drawn) and return the smallest id i with
 * u < p[0] + p[1] + … + p[i], summing in id order 0, 1, …, V-1 (not in sorted order). This pins the
 * draw, so the same seed gives the same tokens as the library's sampleFromLogits.
 *
 * @param logits float tensor (B, V), B >= 1 rows, V >= 1 scores; may hold large values (1e4)
 * @param choice { temperature?, topK?, topP? } (see SamplingChoice); an empty object samples from softmax(logits)
 * @param rng the seeded generator the draws come from
 * @returns B token ids, one per row, each in [0, V)
 * @throws an Error naming the option when temperature <= 0 (or NaN, or Infinity), topK < 1 or not an
 *   integer, or topP <= 0, > 1 or NaN; when logits is not 2-D. Do not modify `logits` or `choice`.
 *
 * @example
 * sampleNextToken(tensor([[0, 0, 10], [5, 0, 0]]), { topK: 1 }, new Rng(0))   // [2, 0]
 * // four equal logits give p = [0.25, 0.25, 0.25, 0.25]; if rng.next() returns 0.6, the token is 2
 * // (0.5 <= 0.6 < 0.75: the smallest i with u < p[0] + … + p[i])
 * sampleNextToken(tensor([[1, 1, 1, 1]]), {}, rng)   // [2]
 */
export function sampleNextToken(logits: Tensor, choice: SamplingChoice, rng: Rng): number[] {
  throw new NotImplemented("10.2");
}

/** The sizes that decide a GPT's parameter count (the library's GPTConfig has more fields). */
export interface GPTSizes {
  /** V: rows of the token embedding wte (and of the LM head). */
  vocabSize: number;
  /** P: rows of the position embedding wpe. */
  nPositions: number;
  /** C: width of the residual stream. */
  nEmbd: number;
  /** L: number of blocks. */
  nLayer: number;
  /** Hidden width of each block's MLP; default 4 * nEmbd. */
  nInner?: number;
  /** true (default): the LM head reuses wte, no extra weights; false: a separate (V, C) lm_head without bias. */
  tieWordEmbeddings?: boolean;
}

/**
 * 10.3 — The number of trainable numbers in a GPT-2-style model, from its sizes alone: token and
 * position embeddings; per block a LayerNorm (weight and bias), the attention's c_attn (C -> 3C) and
 * c_proj (C -> C) with biases, a second LayerNorm, and the MLP's c_fc (C -> nInner) and c_proj
 * (nInner -> C) with biases; a final LayerNorm ln_f; and a separate LM head only when the
 * embeddings are not tied. (The number of heads does not matter: the heads split C, they add nothing.)
 *
 * @param sizes { vocabSize, nPositions, nEmbd, nLayer, nInner?, tieWordEmbeddings? }
 * @returns the count, a whole number; equals new GPT(config).numParameters() for the same sizes
 * @throws an Error naming the field when vocabSize, nPositions, nEmbd, nLayer or a given nInner is not
 *   a positive integer. Do not modify `sizes` (fill defaults into your own variables).
 *
 * @example
 * countParameters({ vocabSize: 50257, nPositions: 1024, nEmbd: 768, nLayer: 12 })   // 124439808 (GPT-2 small)
 */
export function countParameters(sizes: GPTSizes): number {
  throw new NotImplemented("10.3");
}

/** One layer's cache: the keys and values of the S tokens seen so far, (B, nh, S, hs) each, or null before the first token. */
export interface CachedKV {
  k: Tensor | null;
  v: Tensor | null;
}

/**
 * 10.4 — One step of a KV cache: append the keys and values of T new tokens to those of the S tokens
 * already cached, along the sequence axis (axis 2), old tokens first. The result is a NEW cache entry;
 * `past` is left as it was.
 *
 * @param past { k, v }: both null (empty cache), or both (B, nh, S, hs) tensors
 * @param k the new tokens' keys, (B, nh, T, hs), T >= 1
 * @param v the new tokens' values, the same shape as k
 * @param maxLength the most positions the cache may hold (the model's nPositions)
 * @returns { k, v }, each (B, nh, S + T, hs): positions 0 .. S-1 are past's, S .. S+T-1 the new ones
 * @throws an Error naming the function when k and v differ in shape, are not 4-D, do not match past in
 *   B, nh or hs, when only one of past.k and past.v is null, or when S + T > maxLength (the cache is
 *   full). Do not modify past, k or v.
 *
 * @example
 * // past.k (1, 2, 3, 4) holds 3 tokens; one new token k (1, 2, 1, 4):
 * appendToCache(past, k, v, 16).k.shape   // [1, 2, 4, 4]
 */
export function appendToCache(past: CachedKV, k: Tensor, v: Tensor, maxLength: number): { k: Tensor; v: Tensor } {
  throw new NotImplemented("10.4");
}

// ---- 10.5 review ------------------------------------------------------------------------------

/** A multiple-choice answer: one letter. */
type Choice = "a" | "b" | "c" | "d";

/**
 * 10.5 — Check your understanding. The questions are in the lesson's last section, "Check your
 * understanding". Replace each `undefined` with your answer: a letter ("a"–"d") for a multiple-choice
 * question, a number for a numeric one (e.g. 0.25; three significant digits are enough). One point per
 * question; grade with `npm run grade -- 10.5` or `await check("10.5")` in the notebook.
 */
export const review: {
  q1: number | undefined;
  q2: Choice | undefined;
  q3: number | undefined;
  q4: Choice | undefined;
  q5: number | undefined;
} = {
  q1: undefined, // next-token pairs of one name: a number
  q2: undefined, // why every position trains at once: "a" | "b" | "c" | "d"
  q3: undefined, // perplexity from a loss: a number
  q4: undefined, // what top-p keeps: "a" | "b" | "c" | "d"
  q5: undefined, // parameters of a small GPT: a number
};
