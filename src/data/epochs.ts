/**
 * Going through a data set in mini-batches, epoch after epoch. Each epoch visits every item once
 * in a new order drawn from a seeded generator, so the same seed gives the same batches.
 */
import { Rng } from "../tensor/index.js";
import { QkvError } from "../tensor/errors.js";
import { describeValue } from "../tensor/errors.js";

export interface EpochOptions {
  batchSize: number;
  /** Number of passes over the data (default 1). */
  epochs?: number;
  /** Seed or generator for the shuffling (required unless shuffle is false). */
  seed?: number | Rng;
  /** Shuffle every epoch (default true). */
  shuffle?: boolean;
  /** Drop the last, smaller batch of each epoch (default false). */
  dropLast?: boolean;
}

export interface EpochBatch<T> {
  epoch: number;
  /** Index of this batch within its epoch. */
  step: number;
  items: T[];
}

/** One epoch's batches, in an order shuffled by `rng` (or in the given order if rng is null). */
export function batchesOf<T>(items: readonly T[], batchSize: number, rng: Rng | null, dropLast = false): T[][] {
  if (!Array.isArray(items)) throw new QkvError(`batchesOf: items must be an array, got ${describeValue(items)}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new QkvError(`batchesOf: batchSize must be a positive integer, got ${describeValue(batchSize)}`);
  if (rng !== null && !(rng instanceof Rng)) throw new QkvError(`batchesOf: rng must be an Rng (to shuffle) or null (keep the order), got ${describeValue(rng)}`);
  const order = items.map((_, i) => i);
  if (rng) rng.shuffle(order);
  const batches: T[][] = [];
  for (let start = 0; start < order.length; start += batchSize) {
    const idx = order.slice(start, start + batchSize);
    if (dropLast && idx.length < batchSize) break;
    batches.push(idx.map((i) => items[i]));
  }
  return batches;
}

/** Yields { epoch, step, items } for every batch of every epoch. */
export function* iterateEpochs<T>(items: readonly T[], options: EpochOptions): Generator<EpochBatch<T>> {
  if (typeof options !== "object" || options === null) throw new QkvError(`iterateEpochs: needs options { batchSize, epochs?, shuffle?, seed? }, got ${describeValue(options)}`);
  const { batchSize, epochs = 1, shuffle = true, dropLast = false } = options;
  if (!Array.isArray(items) || items.length === 0) throw new QkvError(`iterateEpochs: needs a non-empty array of items`);
  if (!Number.isInteger(epochs) || epochs < 1) throw new QkvError(`iterateEpochs: epochs must be a positive integer, got ${epochs}`);
  if (shuffle && options.seed === undefined) throw new QkvError(`iterateEpochs: shuffling needs a seed (or pass shuffle: false)`);
  const rng = shuffle ? (typeof options.seed === "number" ? new Rng(options.seed) : (options.seed as Rng)) : null;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const batches = batchesOf(items, batchSize, rng, dropLast);
    for (let step = 0; step < batches.length; step++) yield { epoch, step, items: batches[step] };
  }
}
