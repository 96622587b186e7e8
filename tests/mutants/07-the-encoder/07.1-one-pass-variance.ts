// Mutant of 07.1: the one-pass variance σ² = E[x²] − μ². Exact in real numbers, but in float32 it
// cancels catastrophically when the mean is large next to the spread (tokens around 1e3–1e4).
import type { Tensor } from "qkv";
export * from "../../../solutions/07-the-encoder.js";

export function layerNorm(x: Tensor, gamma: Tensor, beta: Tensor, eps = 1e-5): Tensor {
  const C = x.shape[x.ndim - 1];
  if (gamma.ndim !== 1 || gamma.shape[0] !== C || beta.ndim !== 1 || beta.shape[0] !== C) {
    throw new Error(`layerNorm: gamma and beta must have shape (${C})`);
  }
  const mean = x.mean(-1, true);
  const variance = x.mul(x).mean(-1, true).sub(mean.mul(mean));
  return x.sub(mean).div(variance.add(eps).sqrt()).mul(gamma).add(beta);
}
