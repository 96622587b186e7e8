// Lesson 07 — reference answers. Same exports as exercises/07-the-encoder.ts; the graders check them
// too (`npm run grade -- --solutions 07`).
import type { Tensor } from "qkv";

const shapeText = (t: Tensor) => `(${t.shape.join(",")})`;

/** 07.1 — γ · (x − μ) / √(σ² + ε) + β over the last axis, σ² the population variance. (..., C) -> (..., C). */
export function layerNorm(x: Tensor, gamma: Tensor, beta: Tensor, eps = 1e-5): Tensor {
  const C = x.shape[x.ndim - 1];
  if (gamma.ndim !== 1 || gamma.shape[0] !== C || beta.ndim !== 1 || beta.shape[0] !== C) {
    throw new Error(
      `layerNorm: x ${shapeText(x)}, gamma ${shapeText(gamma)}, beta ${shapeText(beta)}: gamma and beta must have shape (${C}), the last dimension of x`,
    );
  }
  const mean = x.mean(-1, true); // (..., 1)
  const variance = x.variance(-1, true); // (..., 1), divides by C
  const normalised = x.sub(mean).div(variance.add(eps).sqrt());
  return normalised.mul(gamma).add(beta);
}

/** 07.2 — act(x W1ᵀ + b1) W2ᵀ + b2: (..., C) -> (..., H) -> (..., C). */
export function feedForward(
  x: Tensor, W1: Tensor, b1: Tensor, W2: Tensor, b2: Tensor, activation: "relu" | "gelu" = "relu",
): Tensor {
  const hidden = x.matmul(W1.transpose(0, 1)).add(b1); // (..., C) x (C, H) -> (..., H)
  const activated = activation === "gelu" ? hidden.gelu("none") : hidden.relu();
  return activated.matmul(W2.transpose(0, 1)).add(b2); // (..., H) x (H, C) -> (..., C)
}

/** The four parts of an encoder block, each a function (B, T, C) -> (B, T, C). */
export interface EncoderSublayers {
  selfAttention: (x: Tensor) => Tensor;
  feedForward: (x: Tensor) => Tensor;
  norm1: (x: Tensor) => Tensor;
  norm2: (x: Tensor) => Tensor;
}

/** 07.3 — two residual sublayers; post-norm normalises the sum, pre-norm the sublayer's input. (B, T, C) -> (B, T, C). */
export function encoderBlock(x: Tensor, sublayers: EncoderSublayers, options: { normFirst?: boolean } = {}): Tensor {
  const { selfAttention, feedForward, norm1, norm2 } = sublayers;
  if (options.normFirst) {
    const h = x.add(selfAttention(norm1(x)));
    return h.add(feedForward(norm2(h)));
  }
  const h = norm1(x.add(selfAttention(x)));
  return norm2(h.add(feedForward(h)));
}

// ---- 07.4 review ------------------------------------------------------------------------------

/** A multiple-choice answer: one letter. */
type Choice = "a" | "b" | "c" | "d";

/**
 * 07.4 — Check your understanding. The questions are in the lesson's last section, "Check your
 * understanding". Replace each `undefined` with your answer: a letter ("a"–"d") for a multiple-choice
 * question, a number for a numeric one (e.g. 0.25; three significant digits are enough). One point per
 * question; grade with `npm run grade -- 07.4` or `await check("07.4")` in the notebook.
 */
export const review: {
  q1: Choice | undefined;
  q2: number | undefined;
  q3: Choice | undefined;
  q4: Choice | undefined;
  q5: Choice | undefined;
} = {
  q1: "d", // post-norm
  q2: 4192, // parameters of the feed-forward network
  q3: "b", // what layer norm normalises
  q4: "a", // why residual connections
  q5: "c", // contextual representations
};
