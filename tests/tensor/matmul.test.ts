import { describe, expect, it } from "vitest";
import { tensor, matmul, arange, zeros, randn, transpose, Rng } from "qkv";
import { matmulTransposed } from "../../src/tensor/matmul.js";
import { expectClose } from "./helpers.js";

/** Triple-loop reference (float64). */
function naive(a: number[][], b: number[][]): number[][] {
  return a.map((row) => b[0].map((_, j) => row.reduce((s, x, p) => s + x * b[p][j], 0)));
}

describe("matmul", () => {
  it("2x3 times 3x2 by hand", () => {
    const a = tensor([[1, 2, 3], [4, 5, 6]]);
    const b = tensor([[7, 8], [9, 10], [11, 12]]);
    expect(matmul(a, b).toArray()).toEqual([[58, 64], [139, 154]]);
  });
  it("matches a naive loop on every remainder of the 4x4 blocking", () => {
    const rng = new Rng(2);
    for (const [m, k, n] of [[1, 1, 1], [3, 5, 7], [4, 4, 4], [5, 3, 9], [8, 6, 12], [9, 17, 6]]) {
      const a = randn([m, k], rng, { dtype: "float64" });
      const b = randn([k, n], rng, { dtype: "float64" });
      const expected = naive(a.toArray() as number[][], b.toArray() as number[][]);
      expectClose(matmul(a, b), expected.flat(), 1e-12);
    }
  });
  it("batched, with broadcast batch axes", () => {
    const a = arange(2 * 3 * 2 * 3).reshape(2, 3, 2, 3); // (2,3,2,3)
    const b = arange(3 * 2).reshape(1, 3, 2); // (1,3,2) broadcasts over both batch axes
    const c = a.matmul(b);
    expect(c.shape).toEqual([2, 3, 2, 2]);
    const a00 = a.slice(0, 1, 2).slice(1, 2, 3).reshape(2, 3);
    expect(c.slice(0, 1, 2).slice(1, 2, 3).reshape(2, 2).toArray()).toEqual(
      naive(a00.toArray() as number[][], b.reshape(3, 2).toArray() as number[][]),
    );
    const d = zeros([5, 1, 2, 3]).matmul(zeros([4, 3, 6]));
    expect(d.shape).toEqual([5, 4, 2, 6]);
  });
  it("errors name the shapes and the rule", () => {
    expect(() => matmul(zeros([2, 3]), zeros([4, 5]))).toThrow(/^matmul: \(2,3\) x \(4,5\): inner dimensions 3 != 4$/);
    expect(() => matmul(zeros([3]), zeros([3, 2]))).toThrow(/matmul: \(3\) x \(3,2\): both operands need at least 2 axes/);
    expect(() => matmul(zeros([2, 2, 3]), zeros([3, 3, 2]))).toThrow(/matmul: \(2,2,3\) x \(3,3,2\): batch axes: shapes \(2\) and \(3\) cannot be broadcast/);
  });
  it("float64 stays float64; mixing promotes", () => {
    expect(matmul(zeros([2, 2], { dtype: "float64" }), zeros([2, 2])).dtype).toBe("float64");
    expect(matmul(zeros([2, 2]), zeros([2, 2])).dtype).toBe("float32");
  });
});

describe("matmulTransposed (a Wᵀ without building Wᵀ)", () => {
  it("gives the same bits as matmul(a, transpose(w)) on every remainder of the 4x4 blocking, float32 and float64", () => {
    const rng = new Rng(7);
    for (const dtype of ["float32", "float64"] as const) {
      for (const [lead, k, n] of [[[1], 1, 1], [[3], 5, 7], [[4], 4, 4], [[5], 3, 9], [[2, 3], 6, 12], [[9], 17, 6], [[1, 1], 16, 5]] as [number[], number, number][]) {
        const a = randn([...lead, k], rng, { dtype });
        const w = randn([n, k], rng, { dtype });
        const fused = matmulTransposed(a, w);
        const reference = matmul(a, transpose(w));
        expect(fused.shape).toEqual(reference.shape);
        expect(fused.dtype).toBe(dtype);
        expect(Array.from(fused.data)).toEqual(Array.from(reference.data));
      }
    }
  });
  it("by hand, and errors name the shapes and the rule", () => {
    expect(matmulTransposed(tensor([[1, 2, 3]]), tensor([[1, 0, 0], [1, 1, 1]])).toArray()).toEqual([[1, 6]]);
    expect(() => matmulTransposed(zeros([2, 3]), zeros([4, 5]))).toThrow(/^matmul: \(2,3\) x \(4,5\)ᵀ: inner dimensions 3 != 5$/);
    expect(() => matmulTransposed(zeros([2, 3]), zeros([1, 4, 3]))).toThrow(/needs \(…, M, K\) and a \(N, K\) matrix/);
  });
});
