import { describe, expect, it } from "vitest";
import { Rng, rand, randn, randint, mean, variance } from "qkv";

describe("Rng", () => {
  it("is deterministic per seed and differs across seeds", () => {
    const a = new Rng(7), b = new Rng(7), c = new Rng(8);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });
  it("int stays in [lo, hi) and hits every value", () => {
    const r = new Rng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const k = r.int(-2, 3);
      expect(k >= -2 && k < 3).toBe(true);
      seen.add(k);
    }
    expect([...seen].sort()).toEqual([-1, -2, 0, 1, 2].sort());
    expect(() => r.int(3, 3)).toThrow(/Rng.int: needs integers lo < hi, got lo=3, hi=3/);
  });
  it("shuffle is a permutation, seeded", () => {
    const s1 = new Rng(3).shuffle([0, 1, 2, 3, 4, 5, 6, 7]);
    const s2 = new Rng(3).shuffle([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(s1).toEqual(s2);
    expect([...s1].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(s1).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
  it("fork gives an independent, reproducible stream", () => {
    const a = new Rng(5).fork(), b = new Rng(5).fork();
    expect(a.next()).toBe(b.next());
    expect(new Rng(5).fork().next()).not.toBe(new Rng(5).next());
  });
});

describe("random tensors", () => {
  it("randn has mean ≈ 0 and variance ≈ 1", () => {
    const x = randn([20000], new Rng(0), { dtype: "float64" });
    expect(Math.abs(mean(x).item())).toBeLessThan(0.03);
    expect(Math.abs(variance(x).item() - 1)).toBeLessThan(0.05);
  });
  it("rand is uniform in [0,1)", () => {
    const x = rand([10000], new Rng(0));
    expect(Math.min(...x.data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...x.data)).toBeLessThan(1);
    expect(Math.abs(mean(x).item() - 0.5)).toBeLessThan(0.02);
  });
  it("randint gives int32 values in range", () => {
    const x = randint(0, 10, [2, 50], new Rng(9));
    expect(x.dtype).toBe("int32");
    expect(x.shape).toEqual([2, 50]);
    for (const v of x.data) expect(v >= 0 && v < 10).toBe(true);
  });
  it("needs an Rng", () => {
    expect(() => randn([2], undefined as unknown as Rng)).toThrow(/randn: needs an Rng as random source/);
  });
});
