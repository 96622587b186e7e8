// Lesson 00 — reference answers. Same exports as exercises/00-tour.ts; the graders check them too
// (`npm run grade -- --solutions 00`). One answer uses plain loops, the others the tensor API.
import { Tensor, tensor } from "qkv";

/** 00.1 — a·b = Σᵢ aᵢ bᵢ for two 1-D tensors of the same length; a plain number. */
export function dot(a: Tensor, b: Tensor): number {
  if (a.ndim !== 1 || b.ndim !== 1) {
    throw new Error(`dot: expected two 1-D tensors, got shapes (${a.shape.join(",")}) and (${b.shape.join(",")})`);
  }
  if (a.size !== b.size) {
    throw new Error(`dot: lengths ${a.size} and ${b.size} differ; the dot product needs vectors of the same length`);
  }
  let sum = 0;
  for (let i = 0; i < a.size; i++) sum += a.data[i] * b.data[i];
  return sum;
}

/** 00.2 — exp(x - max x) / Σ exp(x - max x); an all -Infinity input gives zeros. Shape (n) -> (n). */
export function softmax(x: Tensor): Tensor {
  const max = x.max().item();
  // Every position masked out: no distribution exists; zeros (not NaN) let later sums stay finite.
  if (max === -Infinity) return tensor(new Float32Array(x.size), { shape: [...x.shape] });
  const exps = x.sub(max).exp();
  return exps.div(exps.sum());
}

/** 00.3 — a·b / (‖a‖ ‖b‖); 0 when either vector is zero. A plain number. */
export function cosineSimilarity(a: Tensor, b: Tensor): number {
  const normA = Math.sqrt(dot(a, a));
  const normB = Math.sqrt(dot(b, b));
  if (normA === 0 || normB === 0) return 0;
  return dot(a, b) / (normA * normB);
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
  q1: 0.6, // softmax of a small vector
  q2: "c", // temperature
  q3: "a", // why subtract the maximum
  q4: Math.SQRT1_2, // cosine similarity
};
