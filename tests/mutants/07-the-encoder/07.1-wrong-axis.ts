// Mutant of 07.1: normalises over the first axis (across tokens, like batch norm) instead of over each token's features.
import type { Tensor } from "qkv";
export * from "../../../solutions/07-the-encoder.js";

export function layerNorm(x: Tensor, gamma: Tensor, beta: Tensor, eps = 1e-5): Tensor {
  const C = x.shape[x.ndim - 1];
  if (gamma.shape[0] !== C || beta.shape[0] !== C) throw new Error(`layerNorm: gamma and beta must have ${C} entries`);
  return x.sub(x.mean(0, true)).div(x.variance(0, true).add(eps).sqrt()).mul(gamma).add(beta);
}
