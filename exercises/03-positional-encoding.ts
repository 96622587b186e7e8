// Lesson 03 — positional encoding. Fill in the three functions below, then run
//   npm run grade -- 03        (or `await check("03.1")` in the notebook)
// Plain loops over a Float32Array and tensor(data, { shape }) are fine; so is the tensor API.
import { NotImplemented, type Tensor } from "qkv";

/**
 * 03.1 — The sinusoidal position table of "Attention Is All You Need". Row `pos` is the vector
 * added to the token at position pos; columns come in pairs (2i, 2i + 1) that share one frequency:
 *
 *   PE[pos, 2i]     = sin(pos / 10000^(2i / C))
 *   PE[pos, 2i + 1] = cos(pos / 10000^(2i / C))
 *
 * Positions start at 0. The exponent uses the PAIR's even index 2i for both columns of the pair.
 *
 * @param T the number of positions (rows), a positive integer
 * @param C the vector size (columns), a positive EVEN integer
 * @returns a new float32 tensor, shape (T, C)
 * @throws an Error naming T and C when T is not a positive integer or C is not a positive even integer
 *
 * @example
 * sinusoidalEncoding(2, 4)
 * // pos 0: [sin 0, cos 0, sin 0, cos 0]                 = [0, 1, 0, 1]
 * // pos 1: [sin 1, cos 1, sin 0.01, cos 0.01]           ≈ [0.8415, 0.5403, 0.0100, 0.99995]
 */
export function sinusoidalEncoding(T: number, C: number): Tensor {
  throw new NotImplemented("03.1");
}

/**
 * 03.2 — Add position vectors to a batch of token vectors: out[b, t, :] = x[b, t, :] + table[t, :].
 * The table may have more rows than the sequence is long (it is made once, for the longest sequence
 * the model accepts): use its first T rows. Every sequence of the batch gets the same positions.
 * Return a new tensor; do not change x or table.
 *
 * @param x token vectors, shape (B, T, C)
 * @param table position vectors, shape (maxLen, C) with maxLen >= T
 * @returns x + table[0:T], shape (B, T, C)
 * @throws an Error naming the lengths when T > maxLen or the sizes C differ, also when broadcasting would
 *   hide it (a table of one row, or of vectors of size 1, is rejected, never added to every position or
 *   feature), and when x is not 3-D or table not 2-D
 *
 * @example
 * addPositions(tensor([[[1, 1], [1, 1]]]), tensor([[0, 1], [10, 11], [20, 21]]))
 * // [[[1, 2], [11, 12]]]   (rows 0 and 1 of the table; row 2 is unused)
 */
export function addPositions(x: Tensor, table: Tensor): Tensor {
  throw new NotImplemented("03.2");
}

/**
 * 03.3 — The relative-offset property, as a matrix. For the sinusoidal table, moving k positions
 * forward is the same linear map for every position p:
 *
 *   PE[p + k, :] = PE[p, :] M_k     (a row vector times a (C, C) matrix)
 *
 * M_k is block-diagonal: pair i (columns 2i, 2i + 1), with frequency ωᵢ = 1 / 10000^(2i / C), gets the
 * 2 × 2 rotation block, with b = k·ωᵢ,
 *
 *   M[2i, 2i]     =  cos b     M[2i, 2i + 1]     = -sin b
 *   M[2i + 1, 2i] =  sin b     M[2i + 1, 2i + 1] =  cos b
 *
 * and every other entry is 0. (Check: sin(a + b) = sin a cos b + cos a sin b.)
 *
 * @param k the offset (any integer, negative too)
 * @param C the vector size, a positive even integer
 * @returns a new float32 tensor, shape (C, C)
 * @throws an Error naming C when it is not a positive even integer
 *
 * @example
 * offsetRotation(0, 4)   // the 4 × 4 identity
 * offsetRotation(1, 2)   // [[cos 1, -sin 1], [sin 1, cos 1]] ≈ [[0.5403, -0.8415], [0.8415, 0.5403]]
 */
export function offsetRotation(k: number, C: number): Tensor {
  throw new NotImplemented("03.3");
}

// ---- 03.4 review ------------------------------------------------------------------------------

/** A multiple-choice answer: one letter. */
type Choice = "a" | "b" | "c" | "d";

/**
 * 03.4 — Check your understanding. The questions are in the lesson's last section, "Check your
 * understanding". Replace each `undefined` with your answer: a letter ("a"–"d") for a multiple-choice
 * question, a number for a numeric one (e.g. 0.25; three significant digits are enough). One point per
 * question; grade with `npm run grade -- 03.4` or `await check("03.4")` in the notebook.
 */
export const review: {
  q1: Choice | undefined;
  q2: number | undefined;
  q3: Choice | undefined;
  q4: Choice | undefined;
  q5: number | undefined;
} = {
  q1: undefined, // attention without positions: "a" | "b" | "c" | "d"
  q2: undefined, // the table at position 0: a number
  q3: undefined, // what the dot product of positions depends on: "a" | "b" | "c" | "d"
  q4: undefined, // learned against sinusoidal: "a" | "b" | "c" | "d"
  q5: undefined, // the fastest pair of columns: a number
};
