// Lesson 05 — reference answers. Same exports as exercises/05-masking.ts; the graders check them too
// (`npm run grade -- --solutions 05`). Masks are bool, TRUE = may be attended to.
import { tensor, type Tensor } from "qkv";

/** 05.1 — (T, T) bool, true where key j <= query i. */
export function causalMask(T: number): Tensor {
  if (!Number.isInteger(T) || T <= 0) throw new Error(`causalMask: T must be a positive integer, got ${T}`);
  const data = new Uint8Array(T * T);
  for (let i = 0; i < T; i++) for (let j = 0; j <= i; j++) data[i * T + j] = 1;
  return tensor(data, { shape: [T, T], dtype: "bool" });
}

/** 05.2 — scores (..., T, S), mask broadcastable (true = may attend) -> weights (..., T, S). */
export function maskedSoftmax(scores: Tensor, mask: Tensor): Tensor {
  // maskedFill fills where its mask is TRUE, so fill the blocked keys: NOT mask. The library's softmax
  // turns a row of all -Infinity into zeros.
  return scores.maskedFill(mask.logicalNot(), -Infinity).softmax(-1);
}

/** 05.3 — (B, T) bool, true at positions t < lengths[b] (right padding). */
export function paddingMask(lengths: number[], T: number): Tensor {
  const data = new Uint8Array(lengths.length * T);
  lengths.forEach((length, b) => {
    if (!Number.isInteger(length) || length < 0 || length > T) {
      throw new Error(`paddingMask: length ${length} of sequence ${b} must be an integer in [0, T=${T}]`);
    }
    data.fill(1, b * T, b * T + length);
  });
  return tensor(data, { shape: [lengths.length, T], dtype: "bool" });
}

// ---- 05.4 review ------------------------------------------------------------------------------

/** A multiple-choice answer: one letter. */
type Choice = "a" | "b" | "c" | "d";

/**
 * 05.4 — Check your understanding. The questions are in the lesson's last section, "Check your
 * understanding". Replace each `undefined` with your answer: a letter ("a"–"d") for a multiple-choice
 * question, a number for a numeric one (e.g. 0.25; three significant digits are enough). One point per
 * question; grade with `npm run grade -- 05.4` or `await check("05.4")` in the notebook.
 */
export const review: {
  q1: number | undefined;
  q2: Choice | undefined;
  q3: number | undefined;
  q4: Choice | undefined;
  q5: Choice | undefined;
} = {
  q1: 15, // entries of a causal mask
  q2: "c", // where the mask goes
  q3: Math.exp(2) / (Math.exp(1) + Math.exp(2)), // a masked softmax by hand
  q4: "a", // a padding mask in a batch
  q5: "a", // a fully masked row
};
