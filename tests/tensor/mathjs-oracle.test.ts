/**
 * Property tests with mathjs as an independent oracle: random shapes and values (seeded), compared
 * in float64 for matmul, broadcasting add and transpose.
 */
import { describe, expect, it } from "vitest";
import * as math from "mathjs";
import { Rng, randn, matmul, add, transpose, toMathjs, fromMathjs } from "qkv";
import { expectClose } from "./helpers.js";

const TRIALS = 40;

describe("mathjs oracle", () => {
  it("matmul of random shapes", () => {
    const rng = new Rng(2024);
    for (let trial = 0; trial < TRIALS; trial++) {
      const [m, k, n] = [rng.int(1, 13), rng.int(1, 13), rng.int(1, 13)];
      const a = randn([m, k], rng, { dtype: "float64" });
      const b = randn([k, n], rng, { dtype: "float64" });
      const expected = fromMathjs(math.multiply(toMathjs(a), toMathjs(b)) as math.Matrix, "float64");
      expectClose(matmul(a, b), expected, 1e-12);
    }
  });
  it("batched matmul equals mathjs per batch entry", () => {
    const rng = new Rng(7);
    for (let trial = 0; trial < 10; trial++) {
      const [B, m, k, n] = [rng.int(1, 4), rng.int(1, 7), rng.int(1, 7), rng.int(1, 7)];
      const a = randn([B, m, k], rng, { dtype: "float64" });
      const b = randn([k, n], rng, { dtype: "float64" }); // shared over the batch
      const c = matmul(a, b);
      for (let i = 0; i < B; i++) {
        const ai = a.slice(0, i, i + 1).reshape(m, k);
        const expected = fromMathjs(math.multiply(toMathjs(ai), toMathjs(b)) as math.Matrix, "float64");
        expectClose(c.slice(0, i, i + 1).reshape(m, n), expected, 1e-12);
      }
    }
  });
  it("add with broadcasting of random shapes", () => {
    const rng = new Rng(99);
    for (let trial = 0; trial < TRIALS; trial++) {
      const [m, n] = [rng.int(1, 9), rng.int(1, 9)];
      // one of: (m,n)+(m,n), (m,n)+(1,n), (m,1)+(1,n), (m,n)+(m,1)
      const kind = rng.int(0, 4);
      const shapes = [[[m, n], [m, n]], [[m, n], [1, n]], [[m, 1], [1, n]], [[m, n], [m, 1]]][kind];
      const a = randn(shapes[0], rng, { dtype: "float64" });
      const b = randn(shapes[1], rng, { dtype: "float64" });
      // mathjs oracle: broadcast explicitly with ones-vectors, then add (no reliance on our broadcasting).
      const expand = (t: math.Matrix, rows: number, cols: number) => {
        const [r, c] = t.size();
        const left = math.ones(rows, r) as math.Matrix;
        const right = math.ones(c, cols) as math.Matrix;
        // (rows×r)(r×c)(c×cols) with r or c = 1 repeats the single row/column
        return r === rows && c === cols ? t : (math.multiply(math.multiply(r === rows ? math.identity(rows) : left, t), c === cols ? math.identity(cols) : right) as math.Matrix);
      };
      const expected = math.add(expand(toMathjs(a), m, n), expand(toMathjs(b), m, n)) as math.Matrix;
      expectClose(add(a, b), fromMathjs(expected, "float64"), 1e-12);
    }
  });
  it("transpose of random shapes", () => {
    const rng = new Rng(5);
    for (let trial = 0; trial < TRIALS; trial++) {
      const a = randn([rng.int(1, 10), rng.int(1, 10)], rng, { dtype: "float64" });
      const expected = fromMathjs(math.transpose(toMathjs(a)), "float64");
      const got = transpose(a);
      expect(got.shape).toEqual(expected.shape);
      expectClose(got, expected, 0);
    }
  });
});
