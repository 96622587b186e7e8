import { describe, expect, it } from "vitest";
import { tensor, layerNorm, dropout, Rng, ones, randn, mean, variance } from "qkv";
import { expectClose } from "./helpers.js";

describe("layerNorm", () => {
  it("normalizes the last axis to mean 0, variance 1 (hand-computed)", () => {
    const x = tensor([[1, 2, 3], [2, 2, 2]], { dtype: "float64" });
    const y = layerNorm(x, [3], null, null, 0);
    // row 0: mean 2, population variance 2/3 -> (−1, 0, 1)/√(2/3)
    const s = Math.sqrt(2 / 3);
    expectClose(y.slice(0, 0, 1), [-1 / s, 0, 1 / s], 1e-12);
    // a constant row has variance 0: with eps = 1e-5 the output is 0, not NaN
    expectClose(layerNorm(x, [3]).slice(0, 1, 2), [0, 0, 0], 0);
  });
  it("applies weight and bias", () => {
    const x = randn([4, 5], new Rng(1), { dtype: "float64" });
    const w = tensor([1, 2, 3, 4, 5], { dtype: "float64" });
    const b = ones([5], { dtype: "float64" });
    const plain = layerNorm(x, [5]);
    expectClose(layerNorm(x, [5], w, b), plain.mul(w).add(b), 1e-12);
    expectClose(mean(plain, 1), [0, 0, 0, 0], 1e-12);
    expectClose(variance(plain, 1), [1, 1, 1, 1].map((v) => v / (1 + 1e-5 / variance(x, 1).data[0])), 1e-3);
  });
});

describe("dropout", () => {
  it("is the identity in eval mode or with p = 0", () => {
    const x = ones([10]);
    expect(dropout(x, 0.5, new Rng(0), false)).toBe(x);
    expect(dropout(x, 0, new Rng(0), true)).toBe(x);
  });
  it("zeroes about p of the elements and scales the rest by 1/(1-p), seeded", () => {
    const x = ones([10000]);
    const y = dropout(x, 0.25, new Rng(3), true);
    const zeros = Array.from(y.data).filter((v) => v === 0).length;
    expect(Math.abs(zeros / 10000 - 0.25)).toBeLessThan(0.02);
    for (const v of y.data) expect(v === 0 || Math.abs(v - 4 / 3) < 1e-6).toBe(true);
    expect(Math.abs(mean(y).item() - 1)).toBeLessThan(0.03);
    expect(Array.from(dropout(x, 0.25, new Rng(3), true).data)).toEqual(Array.from(y.data));
    expect(Array.from(dropout(x, 1, new Rng(3), true).data).every((v) => v === 0)).toBe(true);
  });
});
