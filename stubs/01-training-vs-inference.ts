// Lesson 01 — training vs inference: a next-character (bigram) model, fitted by counting.
// Fill in the three functions below, then run
//   npm run grade -- 01        (or `await check("01.1")` in the notebook)
// Plain loops over arrays and `.data` are fine; so are tensor ops (oneHot, matmul, sum, div, log, …).
import { NotImplemented, type Tensor } from "qkv";

/**
 * 01.1 — Bigram counts: how often token j directly follows token i.
 *
 * Each sequence is one example (one name), already encoded as token ids, boundary marks included:
 * "ann" with the vocabulary [".", "a", "n"] is [0, 1, 2, 2, 0]. Count the pairs of neighbours INSIDE
 * each sequence: (0,1), (1,2), (2,2), (2,0). The last id of one sequence and the first of the next are
 * not neighbours (they come from different names).
 *
 * @param sequences token-id sequences, each a number[] of integers in [0, vocabSize)
 * @param vocabSize V, the number of distinct tokens
 * @returns a new float32 tensor of shape (V, V): entry [i, j] (row = the earlier token i, column =
 *   the next token j) is the number of times j directly follows i. A sequence of length 0 or 1 has
 *   no pairs.
 * @throws an Error naming the id and vocabSize when an id is not an integer in [0, vocabSize), wherever
 *   it is: first, middle or last in its sequence, or the only id of a one-token sequence (1.5 is not an
 *   id: never round it). Do not modify `sequences`.
 *
 * @example
 * bigramCounts([[0, 1, 2, 2, 0], [0, 2, 1, 0]], 3)
 * // [[0, 1, 1],     . -> a once, . -> n once
 * //  [1, 0, 1],     a -> . once, a -> n once
 * //  [1, 1, 1]]     n -> ., n -> a, n -> n once each
 */
export function bigramCounts(sequences: number[][], vocabSize: number): Tensor {
  throw new NotImplemented("01.1");
}

/**
 * 01.2 — From counts to probabilities, with add-α smoothing:
 *
 *   P[i, j] = (counts[i, j] + α) / Σₖ (counts[i, k] + α)
 *
 * Row i is the model's distribution over the next token after token i, so every row sums to 1.
 * α > 0 gives every pair a little probability, even pairs never seen in training. A row with no
 * counts at all and α = 0 has nothing to go on: return the uniform distribution 1/V there (never NaN).
 * Do not modify `counts`.
 *
 * @param counts a (V, V) tensor of non-negative counts (rows = earlier token, columns = next token)
 * @param smoothing α ≥ 0 (default 0)
 * @returns a new float32 tensor of shape (V, V) whose rows sum to 1
 * @throws an Error when counts is not a square matrix or α < 0
 *
 * @example
 * countsToProbabilities(tensor([[1, 3], [0, 0]]))      // [[0.25, 0.75], [0.5, 0.5]]
 * countsToProbabilities(tensor([[1, 3], [0, 0]]), 1)   // [[2/6, 4/6], [0.5, 0.5]]
 */
export function countsToProbabilities(counts: Tensor, smoothing = 0): Tensor {
  throw new NotImplemented("01.2");
}

/**
 * 01.3 — The average negative log-likelihood of sequences under a bigram model:
 *
 *   NLL = -(1/M) Σ over every pair (i → j) in every sequence of ln P[i, j]
 *
 * where M is the number of pairs in all sequences together (the same pairs as in 01.1, never across
 * sequences). Use the natural logarithm. Lower is better: a model that always gives probability 1 to
 * the right next token scores 0; the uniform model scores ln V. A pair with probability 0 makes it
 * Infinity.
 *
 * @param probabilities a (V, V) tensor: P[i, j] = probability that j follows i
 * @param sequences token-id sequences, as in 01.1
 * @returns the average over all pairs, a plain number (not a tensor)
 * @throws an Error when there are no pairs at all (the average of nothing is undefined), and an Error
 *   naming the id when any id (first, middle, last, or alone in its sequence) is not an integer in [0, V)
 *
 * Do not modify `probabilities` or `sequences`.
 *
 * @example
 * const P = tensor([[0.5, 0.5], [0.25, 0.75]]);
 * averageNegativeLogLikelihood(P, [[0, 1, 1]])  // -(ln 0.5 + ln 0.75) / 2 ≈ 0.4904
 */
export function averageNegativeLogLikelihood(probabilities: Tensor, sequences: number[][]): number {
  throw new NotImplemented("01.3");
}

// ---- 01.4 review ------------------------------------------------------------------------------

/** A multiple-choice answer: one letter. */
type Choice = "a" | "b" | "c" | "d";

/**
 * 01.4 — Check your understanding. The questions are in the lesson's last section, "Check your
 * understanding". Replace each `undefined` with your answer: a letter ("a"–"d") for a multiple-choice
 * question, a number for a numeric one (e.g. 0.25; three significant digits are enough). One point per
 * question; grade with `npm run grade -- 01.4` or `await check("01.4")` in the notebook.
 */
export const review: {
  q1: Choice | undefined;
  q2: number | undefined;
  q3: number | undefined;
  q4: Choice | undefined;
  q5: Choice | undefined;
} = {
  q1: undefined, // what happens at inference: "a" | "b" | "c" | "d"
  q2: undefined, // the loss of a blind guess: a number
  q3: undefined, // a loss from probabilities: a number
  q4: undefined, // overfitting: "a" | "b" | "c" | "d"
  q5: undefined, // what gradient descent does: "a" | "b" | "c" | "d"
};
