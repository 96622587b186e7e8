import { describe, expect, it } from "vitest";
import { Rng } from "../../src/tensor/index.js";
import { batchesOf, iterateEpochs, splitDataset } from "../../src/data/index.js";

const items = Array.from({ length: 103 }, (_, i) => i);

describe("splitDataset", () => {
  it("partitions the items (disjoint, complete) with floor-rounded val/test sizes", () => {
    const s = splitDataset(items, 1);
    expect([s.train.length, s.val.length, s.test.length]).toEqual([83, 10, 10]);
    expect([...s.train, ...s.val, ...s.test].sort((a, b) => a - b)).toEqual(items);
    expect(s.train).not.toEqual(items.slice(0, 83)); // shuffled, not a prefix
  });
  it("same seed, same split; an Rng works as the seed too", () => {
    expect(splitDataset(items, 5)).toEqual(splitDataset(items, 5));
    expect(splitDataset(items, new Rng(5))).toEqual(splitDataset(items, 5));
    expect(splitDataset(items, 6).val).not.toEqual(splitDataset(items, 5).val);
  });
  it("checks the fractions", () => {
    expect(() => splitDataset(items, 1, { train: 0.5, val: 0.2, test: 0.2 })).toThrow(/fractions must sum to 1, got 0.5 \+ 0.2 \+ 0.2/);
    expect(() => splitDataset(items, 1, { train: 1.2, val: -0.1, test: -0.1 })).toThrow(/fraction train=1.2 must be in \[0, 1\]/);
  });
});

describe("epochs", () => {
  it("each epoch visits every item once, in a new seeded order", () => {
    const batches = [...iterateEpochs(items, { batchSize: 10, epochs: 3, seed: 9 })];
    expect(batches.length).toBe(33);
    const perEpoch = [0, 1, 2].map((e) => batches.filter((b) => b.epoch === e).flatMap((b) => b.items));
    for (const order of perEpoch) expect([...order].sort((a, b) => a - b)).toEqual(items);
    expect(perEpoch[1]).not.toEqual(perEpoch[0]);
    expect(batches.filter((b) => b.epoch === 0).map((b) => b.items.length)).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 3]);
    expect([...iterateEpochs(items, { batchSize: 10, epochs: 3, seed: 9 })]).toEqual(batches);
  });
  it("dropLast drops the short batch; shuffle: false keeps the order", () => {
    expect(batchesOf(items, 10, new Rng(1), true).length).toBe(10);
    expect(batchesOf([1, 2, 3, 4, 5], 2, null)).toEqual([[1, 2], [3, 4], [5]]);
    expect([...iterateEpochs([1, 2, 3], { batchSize: 2, shuffle: false })].map((b) => b.items)).toEqual([[1, 2], [3]]);
  });
  it("bad options give clear errors", () => {
    expect(() => [...iterateEpochs(items, { batchSize: 4 })]).toThrow(/shuffling needs a seed/);
    expect(() => batchesOf(items, 0, null)).toThrow(/batchSize must be a positive integer, got 0/);
    expect(() => [...iterateEpochs([], { batchSize: 4, seed: 1 })]).toThrow(/non-empty array/);
  });
});
