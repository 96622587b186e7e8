/**
 * Initial values for parameters, each drawn from an explicit seeded Rng (same seed, same weights, on
 * every machine). Internal to the library: layers call these in their constructors.
 */
import { Rng, Tensor } from "../tensor/index.js";

/** U(-bound, bound): PyTorch's default for Linear weights and biases uses bound = 1/sqrt(fan_in). */
export function uniformInit(shape: number[], bound: number, rng: Rng): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) data[i] = (2 * rng.next() - 1) * bound;
  return new Tensor(data, [...shape]);
}

/** N(0, std²): embeddings (std 1 in PyTorch) and GPT/BERT weights (std 0.02). */
export function normalInit(shape: number[], std: number, rng: Rng): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) data[i] = rng.normal() * std;
  return new Tensor(data, [...shape]);
}

/** A constant tensor: LayerNorm's weight (1) and bias (0), zero biases. */
export function constantInit(shape: number[], value: number): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return new Tensor(new Float32Array(size).fill(value), [...shape]);
}

/** Overwrites a parameter's values in place with N(0, std²) draws (model-level init schemes). */
export function fillNormal(t: Tensor, std: number, rng: Rng): void {
  for (let i = 0; i < t.data.length; i++) t.data[i] = rng.normal() * std;
}

/** Overwrites a parameter's values in place with a constant. */
export function fillConstant(t: Tensor, value: number): void {
  t.data.fill(value);
}
