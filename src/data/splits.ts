/**
 * Deterministic train / validation / test splits: the items are shuffled with a seeded generator,
 * then cut. The same seed gives the same split on every machine and in every process.
 */
import { Rng } from "../tensor/index.js";
import { QkvError } from "../tensor/errors.js";

export interface SplitFractions {
  train: number;
  val: number;
  test: number;
}

export interface Splits<T> {
  train: T[];
  val: T[];
  test: T[];
}

/**
 * Splits `items` by `fractions` (they must sum to 1; default 0.8 / 0.1 / 0.1). Sizes: val and test
 * are rounded down, train gets the rest. `seed` is a number or an Rng (which is advanced).
 */
export function splitDataset<T>(items: readonly T[], seed: number | Rng, fractions: SplitFractions = { train: 0.8, val: 0.1, test: 0.1 }): Splits<T> {
  if (!Array.isArray(items)) throw new QkvError(`splitDataset: items must be an array`);
  const { train, val, test } = fractions;
  for (const [name, f] of Object.entries({ train, val, test })) {
    if (!(f >= 0 && f <= 1)) throw new QkvError(`splitDataset: fraction ${name}=${f} must be in [0, 1]`);
  }
  if (Math.abs(train + val + test - 1) > 1e-9) throw new QkvError(`splitDataset: fractions must sum to 1, got ${train} + ${val} + ${test} = ${train + val + test}`);
  const rng = typeof seed === "number" ? new Rng(seed) : seed;
  const order = rng.shuffle(items.map((_, i) => i));
  const nVal = Math.floor(val * items.length);
  const nTest = Math.floor(test * items.length);
  const nTrain = items.length - nVal - nTest;
  return {
    train: order.slice(0, nTrain).map((i) => items[i]),
    val: order.slice(nTrain, nTrain + nVal).map((i) => items[i]),
    test: order.slice(nTrain + nVal).map((i) => items[i]),
  };
}
