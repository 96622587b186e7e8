/**
 * Initial values for parameters, each drawn from an explicit seeded Rng (same seed, same weights, on
 * every machine). Internal to the library: layers call these in their constructors.
 *
 * Without an Rng (a layer or model built only to receive a state dict), the initialisers draw nothing
 * and leave zeros: loading a checkpoint needs no seed, and no random numbers are spent on values that
 * are about to be overwritten. Such a model must be loaded before it is used or trained.
 */
import { QkvError, Rng, Tensor, zeros } from "../tensor/index.js";
import { describeValue } from "../tensor/errors.js";

/** An rng that is given must be an Rng: anything else is named here (not "reading 'next'" from deep inside). */
function checkInitRng(rng: unknown): asserts rng is Rng {
  if (!(rng instanceof Rng)) {
    throw new QkvError(`initializing weights: rng must be an Rng (new Rng(seed)), or left out for weights that will be loaded, got ${describeValue(rng)}`);
  }
}

/** U(-bound, bound): PyTorch's default for Linear weights and biases uses bound = 1/sqrt(fan_in). */
export function uniformInit(shape: number[], bound: number, rng?: Rng | null): Tensor {
  if (rng) checkInitRng(rng);
  const t = zeros(shape);
  if (!rng) return t;
  for (let i = 0; i < t.data.length; i++) t.data[i] = (2 * rng.next() - 1) * bound;
  return t;
}

/** N(0, std²): embeddings (std 1 in PyTorch) and GPT/BERT weights (std 0.02). */
export function normalInit(shape: number[], std: number, rng?: Rng | null): Tensor {
  const t = zeros(shape);
  fillNormal(t, std, rng);
  return t;
}

/** Overwrites a parameter's values in place with N(0, std²) draws (model-level init schemes). */
export function fillNormal(t: Tensor, std: number, rng?: Rng | null): void {
  if (!rng) return;
  checkInitRng(rng);
  for (let i = 0; i < t.data.length; i++) t.data[i] = rng.normal() * std;
}

/** Overwrites a parameter's values in place with a constant. */
export function fillConstant(t: Tensor, value: number): void {
  t.data.fill(value);
}
