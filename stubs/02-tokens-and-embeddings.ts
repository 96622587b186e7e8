// Lesson 02 — tokens and embeddings. Fill in the three functions below, then run
//   npm run grade -- 02        (or `await check("02.1")` in the notebook)
// Plain loops over `.data` are fine; so are tensor ops. Do not call the library's oneHot or
// embedding here: writing them yourself is the point.
import { NotImplemented, type Tensor } from "qkv";

/**
 * 02.1 — One-hot vectors: token id k becomes a row of V numbers, all 0 except a 1 at position k.
 *
 * @param ids token ids, integers in [0, vocabSize)
 * @param vocabSize V, the number of distinct tokens
 * @returns a new float32 tensor of shape (N, V) with N = ids.length: row i is the one-hot vector of ids[i]
 * @throws an Error naming the id when an id is not an integer in [0, vocabSize), wherever it is in the list
 *   (the last id too; 1.5 is not an id: never round it). Do not modify `ids`.
 *
 * @example
 * oneHot([2, 0], 3)   // [[0, 0, 1],
 *                     //  [1, 0, 0]]
 */
export function oneHot(ids: number[], vocabSize: number): Tensor {
  throw new NotImplemented("02.1");
}

/**
 * 02.2 — Embedding lookup: token id k gets row k of the embedding matrix.
 *
 * The result equals oneHot(ids, V) × weight (an (N, V) by (V, C) matrix product), but a lookup copies
 * N rows instead of doing N·V·C multiplications, most of them by zero.
 *
 * @param weight the embedding matrix, shape (V, C): row k is the vector of token k
 * @param ids token ids, integers in [0, V)
 * @returns a new tensor of shape (N, C): row i is a copy of row ids[i] of weight. Changing the result
 *   must not change weight.
 * @throws an Error naming the id when an id is not an integer in [0, V), wherever it is in the list
 *   (the last id too; 1.5 is not an id: never round it). Do not modify `weight` or `ids`.
 *
 * @example
 * embeddingLookup(tensor([[1, 2], [3, 4], [5, 6]]), [2, 0, 2])   // [[5, 6], [1, 2], [5, 6]]
 */
export function embeddingLookup(weight: Tensor, ids: number[]): Tensor {
  throw new NotImplemented("02.2");
}

/**
 * 02.3 — All pairwise cosine similarities of N vectors:
 *
 *   S[i, j] = (vᵢ · vⱼ) / (‖vᵢ‖ ‖vⱼ‖)
 *
 * 1 = same direction, 0 = orthogonal, -1 = opposite. A zero vector has no direction: its row and
 * column are 0 (its diagonal entry included), never NaN. Every other vector, however short (entries
 * around 1e-6) or long, gets its true cosines (1 with itself): no epsilon added to the norms, no
 * clamping. Do not modify `vectors`.
 *
 * @param vectors shape (N, C): one vector per row
 * @returns a new tensor of shape (N, N), symmetric, with 1 on the diagonal for non-zero vectors
 *
 * @example
 * cosineSimilarityMatrix(tensor([[1, 0], [1, 1], [0, 0]]))
 * // [[1,     0.7071, 0],
 * //  [0.7071, 1,     0],
 * //  [0,     0,      0]]
 */
export function cosineSimilarityMatrix(vectors: Tensor): Tensor {
  throw new NotImplemented("02.3");
}

// ---- 02.4 review ------------------------------------------------------------------------------

/** A multiple-choice answer: one letter. */
type Choice = "a" | "b" | "c" | "d";

/**
 * 02.4 — Check your understanding. The questions are in the lesson's last section, "Check your
 * understanding". Replace each `undefined` with your answer: a letter ("a"–"d") for a multiple-choice
 * question, a number for a numeric one (e.g. 0.25; three significant digits are enough). One point per
 * question; grade with `npm run grade -- 02.4` or `await check("02.4")` in the notebook.
 */
export const review: {
  q1: Choice | undefined;
  q2: number | undefined;
  q3: Choice | undefined;
  q4: number | undefined;
  q5: Choice | undefined;
} = {
  q1: undefined, // one-hot times the table: "a" | "b" | "c" | "d"
  q2: undefined, // parameters of an embedding: a number
  q3: undefined, // why subword tokens: "a" | "b" | "c" | "d"
  q4: undefined, // random vectors in high dimension: a number
  q5: undefined, // one BPE training step: "a" | "b" | "c" | "d"
};
