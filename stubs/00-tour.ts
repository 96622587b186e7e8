// Lesson 00 — a tour of tensors. Fill in the three functions below, then run
//   npm run grade -- 00        (or `await check("00.1")` in the notebook)
// Use the tensor API (a.mul(b).sum().item(), x.exp(), …) or plain loops over `.data`; both are fine.
import { NotImplemented, type Tensor } from "qkv";

/**
 * 00.1 — The dot product of two vectors: a·b = Σᵢ aᵢ bᵢ.
 *
 * @param a a 1-D tensor, shape (n)
 * @param b a 1-D tensor, shape (n) — the same length as `a`
 * @returns the dot product, as a plain number (not a tensor)
 * @throws an Error naming both lengths when they differ (never silently use the shorter one)
 *
 * Only read a and b: do not modify them.
 *
 * @example
 * dot(tensor([1, 2, 3]), tensor([4, 5, 6]))   // 1·4 + 2·5 + 3·6 = 32
 */
export function dot(a: Tensor, b: Tensor): number {
  throw new NotImplemented("00.1");
}

/**
 * 00.2 — Softmax of a vector: softmaxᵢ(x) = exp(xᵢ) / Σⱼ exp(xⱼ). The result is a probability
 * distribution: every value in [0, 1], summing to 1, with larger inputs getting larger probabilities.
 *
 * Make it numerically stable: exp(1000) is Infinity in floating point, so subtract max(x) from every
 * element first (softmax(x - c) = softmax(x) for any constant c). An input that is all -Infinity
 * (every position masked out) must give all zeros, not NaN. Do not modify `x`.
 *
 * @param x a 1-D tensor, shape (n)
 * @returns a new 1-D tensor, shape (n)
 *
 * @example
 * softmax(tensor([1, 2, 3]))          // ≈ [0.0900, 0.2447, 0.6652]
 * softmax(tensor([1000, 1001]))       // ≈ [0.2689, 0.7311]
 * softmax(tensor([-Infinity, -Infinity]))  // [0, 0]
 */
export function softmax(x: Tensor): Tensor {
  throw new NotImplemented("00.2");
}

/**
 * 00.3 — Cosine similarity: the cosine of the angle between two vectors,
 * cos θ = a·b / (‖a‖ ‖b‖), where ‖a‖ = √(a·a). 1 = same direction, 0 = orthogonal, -1 = opposite.
 * Defined as 0 when either vector is all zeros (it has no direction). Any other vectors, however short
 * (entries around 1e-6) or long, get their true cosine: no epsilon added to the norms, no clamping.
 * Do not modify a or b.
 *
 * @param a a 1-D tensor, shape (n)
 * @param b a 1-D tensor, shape (n)
 * @returns a plain number in [-1, 1]
 *
 * @example
 * cosineSimilarity(tensor([1, 0]), tensor([0, 1]))   // 0
 * cosineSimilarity(tensor([1, 2]), tensor([2, 4]))   // 1
 * cosineSimilarity(tensor([3, 4]), tensor([4, 3]))   // 24 / 25 = 0.96
 * cosineSimilarity(tensor([0, 0]), tensor([1, 2]))   // 0
 */
export function cosineSimilarity(a: Tensor, b: Tensor): number {
  throw new NotImplemented("00.3");
}

// ---- 00.4 review ------------------------------------------------------------------------------

/** A multiple-choice answer: one letter. */
type Choice = "a" | "b" | "c" | "d";

/**
 * 00.4 — Check your understanding. The questions are in the lesson's last section, "Check your
 * understanding". Replace each `undefined` with your answer: a letter ("a"–"d") for a multiple-choice
 * question, a number for a numeric one (e.g. 0.25; three significant digits are enough). One point per
 * question; grade with `npm run grade -- 00.4` or `await check("00.4")` in the notebook.
 */
export const review: {
  q1: number | undefined;
  q2: Choice | undefined;
  q3: Choice | undefined;
  q4: number | undefined;
} = {
  q1: undefined, // softmax of a small vector: a number
  q2: undefined, // temperature: "a" | "b" | "c" | "d"
  q3: undefined, // why subtract the maximum: "a" | "b" | "c" | "d"
  q4: undefined, // cosine similarity: a number
};
