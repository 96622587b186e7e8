// Lesson 06 — reference answers. Same exports as exercises/06-multi-head-attention.ts; the graders
// check them too (`npm run grade -- --solutions 06`).
import { scaledDotProductAttention, type Tensor } from "qkv";

/** 06.1 — (B, T, C) -> (B, nh, T, hs): head h gets features [h·hs, (h+1)·hs) of every token. */
export function splitHeads(x: Tensor, numHeads: number): Tensor {
  if (x.ndim !== 3 || !Number.isInteger(numHeads) || numHeads <= 0 || x.shape[2] % numHeads !== 0) {
    throw new Error(`splitHeads: x of shape (${x.shape.join(", ")}) must be (B, T, C) with C divisible by numHeads=${numHeads}`);
  }
  const [B, T, C] = x.shape;
  // Reshape only cuts each token's C features into nh groups; the transpose then brings the head axis
  // before the tokens, so that a batched matmul treats (B, nh) as batch dimensions.
  return x.reshape(B, T, numHeads, C / numHeads).transpose(1, 2); // (B, T, nh, hs) -> (B, nh, T, hs)
}

/** 06.2 — (B, nh, T, hs) -> (B, T, nh·hs), head 0's features first. */
export function mergeHeads(x: Tensor): Tensor {
  if (x.ndim !== 4) throw new Error(`mergeHeads: x of shape (${x.shape.join(", ")}) must be 4-D (B, nh, T, hs)`);
  const [B, nh, T, hs] = x.shape;
  return x.transpose(1, 2).reshape(B, T, nh * hs); // (B, nh, T, hs) -> (B, T, nh, hs) -> (B, T, C)
}

/** The four (C, C) weights, (out, in) layout. */
export interface MultiHeadWeights {
  wq: Tensor;
  wk: Tensor;
  wv: Tensor;
  wo: Tensor;
}

/** 06.3 — x (B, T, C) -> (B, T, C): nh attentions of size hs = C / nh, merged, then Wo. */
export function multiHeadSelfAttention(x: Tensor, weights: MultiHeadWeights, numHeads: number, mask?: Tensor): Tensor {
  const project = (w: Tensor) => splitHeads(x.matmul(w.transpose(0, 1)), numHeads); // (B, T, C) -> (B, nh, T, hs)
  const { output } = scaledDotProductAttention(project(weights.wq), project(weights.wk), project(weights.wv), { mask });
  return mergeHeads(output).matmul(weights.wo.transpose(0, 1)); // (B, nh, T, hs) -> (B, T, C) -> (B, T, C)
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
  q1: 64, // head size
  q2: 16640, // parameters of the layer
  q3: "d", // splitting the heads
  q4: "c", // the output projection
  q5: "b", // why several heads
};
