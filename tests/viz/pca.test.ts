import { describe, expect, it } from "vitest";
import { pca } from "../../src/viz/index.js";
import { topEigen } from "../../src/viz/pca.js";

function dist(a: readonly number[], b: readonly number[]): number {
  return Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]!) ** 2, 0));
}

describe("pca", () => {
  it("finds the direction of a line of points (hand-computed)", () => {
    // Points t·(0.6, 0.8) + (1, 1) for t = -2..2: one component, scores = t (sign: largest |score| positive).
    const ts = [-2, -1, 0, 1, 2.5];
    const pts = ts.map((t) => [1 + 0.6 * t, 1 + 0.8 * t]);
    const mean = ts.reduce((a, b) => a + b) / ts.length;
    const scores = pca(pts, 2);
    scores.forEach((s, i) => {
      expect(s[0]).toBeCloseTo(ts[i]! - mean, 10);
      expect(s[1]).toBeCloseTo(0, 10);
    });
  });

  it("keeps pairwise distances when k = min(N, D), on both the Gram (N <= D) and the covariance (N > D) path", () => {
    const wide = [
      [1, 2, 0, -1, 3],
      [0, 1, 1, 2, -2],
      [2, -1, 0, 0, 1],
    ]; // N = 3 <= D = 5
    const tall = [
      [1, 2],
      [0, -1],
      [3, 1],
      [-2, 0.5],
      [1, 1],
    ]; // N = 5 > D = 2
    for (const x of [wide, tall]) {
      const k = Math.min(x.length, x[0]!.length);
      const s = pca(x, k);
      for (let i = 0; i < x.length; i++) {
        for (let j = 0; j < x.length; j++) expect(dist(s[i]!, s[j]!)).toBeCloseTo(dist(x[i]!, x[j]!), 9);
      }
    }
  });

  it("orders components by variance and is the same on every call", () => {
    const x = [
      [10, 0.1],
      [-10, -0.2],
      [5, 0.3],
      [-5, -0.2],
    ];
    const a = pca(x, 2);
    const varOf = (c: number) => a.reduce((s, r) => s + r[c]! ** 2, 0);
    expect(varOf(0)).toBeGreaterThan(varOf(1));
    expect(pca(x, 2)).toEqual(a);
  });

  it("reads a tensor and rejects bad k", () => {
    const t = { shape: [3, 2], dtype: "float32", data: Float32Array.of(0, 0, 1, 0, 0, 2) };
    expect(pca(t, 1)).toHaveLength(3);
    expect(() => pca(t, 3)).toThrow("pca: k = 3 exceeds min(N, D) = min(3, 2)");
    expect(() => pca([[1, 2]], 1)).toThrow(/need at least 2 rows/);
  });
});

describe("topEigen", () => {
  it("diagonalises [[2,1],[1,2]]: eigenvalues 3 and 1, vectors (1,1)/√2 and (1,-1)/√2", () => {
    const { values, vectors } = topEigen([Float64Array.of(2, 1), Float64Array.of(1, 2)], 2);
    expect(values[0]).toBeCloseTo(3, 12);
    expect(values[1]).toBeCloseTo(1, 12);
    expect(Math.abs(vectors[0]![0]!)).toBeCloseTo(Math.SQRT1_2, 12);
    expect(vectors[0]![0]! * vectors[0]![1]!).toBeCloseTo(0.5, 12);
    expect(vectors[1]![0]! * vectors[1]![1]!).toBeCloseTo(-0.5, 12);
  });
});
