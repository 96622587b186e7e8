/**
 * The wasm kernels against the plain-TypeScript path: the same results within float32 rounding, for
 * every remainder of the 4×8 blocking, transposed reads, broadcast batches, the fused bias, and the
 * gradients. The wasm path is the default; setKernelBackend("js") switches to the readable loops.
 */
import { afterEach, describe, expect, it } from "vitest";
import { Rng, Tensor, randn, matmul, gelu, layerNorm, softmax } from "qkv";
import { linearOp, wasmProduct } from "../../src/tensor/matmul.js";
import { getKernelBackend, setKernelBackend, type KernelBackend } from "../../src/tensor/kernels.js";
import { expectClose } from "./helpers.js";

const initial = getKernelBackend();
afterEach(() => {
  setKernelBackend(initial);
});

/** Runs fn on each backend; returns [wasm result, js result]. */
function both<T>(fn: () => T): [T, T] {
  const results: T[] = [];
  for (const name of ["wasm", "js"] as KernelBackend[]) {
    setKernelBackend(name);
    results.push(fn());
  }
  return [results[0], results[1]];
}

/** Float32 tolerance for a sum of K products of N(0,1) numbers. */
const tol = (K: number) => 2e-6 * Math.sqrt(K) * 4;

describe("kernel backends", () => {
  it("wasm is the default and the switch names what it accepts", () => {
    expect(initial).toBe(process.env.QKV_KERNELS === "js" ? "js" : "wasm");
    expect(() => setKernelBackend("gpu" as KernelBackend)).toThrow(/setKernelBackend: name must be "wasm" or "js", got "gpu"/);
    const a = randn([3, 4], new Rng(1));
    setKernelBackend("wasm");
    expect(wasmProduct(a, false, a, true)).not.toBeNull(); // the wasm path really runs
    expect(setKernelBackend("js")).toBe("wasm");
    expect(getKernelBackend()).toBe("js");
    expect(wasmProduct(a, false, a, true)).toBeNull();
  });

  it("matmul agrees on every remainder of the 4x8 tile", () => {
    const rng = new Rng(7);
    for (const [m, k, n] of [[1, 1, 1], [3, 5, 7], [4, 4, 8], [5, 3, 9], [8, 6, 12], [9, 17, 6], [13, 33, 17], [64, 16, 64], [70, 130, 65]]) {
      const a = randn([m, k], rng);
      const b = randn([k, n], rng);
      const [w, j] = both(() => matmul(a, b));
      expect(w.dtype).toBe("float32");
      expectClose(w, j, tol(k), 1e-5);
    }
  });

  it("batched matmul with broadcast batch axes, forward and gradients", () => {
    const rng = new Rng(8);
    for (const [sa, sb] of [[[2, 3, 5, 6], [3, 6, 7]], [[1, 4, 3], [2, 1, 3, 9]], [[2, 5, 4], [4, 3]]]) {
      const a = randn(sa, rng);
      const b = randn(sb, rng);
      const run = () => {
        const x = new Tensor(a.data.slice(), [...a.shape], true);
        const y = new Tensor(b.data.slice(), [...b.shape], true);
        const out = matmul(x, y);
        out.mul(out).sum().backward();
        return { out, ga: x.grad!, gb: y.grad! };
      };
      const [w, j] = both(run);
      expectClose(w.out, j.out, 1e-4, 1e-5);
      expectClose(w.ga, j.ga, 1e-3, 1e-4);
      expectClose(w.gb, j.gb, 1e-3, 1e-4);
    }
  });

  it("linear with the fused bias, forward and gradients of x, W and b", () => {
    const rng = new Rng(9);
    for (const [B, T, K, N] of [[2, 3, 5, 7], [1, 9, 16, 8], [3, 4, 33, 65]]) {
      const x0 = randn([B, T, K], rng);
      const w0 = randn([N, K], rng);
      const b0 = randn([N], rng);
      const run = () => {
        const x = new Tensor(x0.data.slice(), [B, T, K], true);
        const w = new Tensor(w0.data.slice(), [N, K], true);
        const b = new Tensor(b0.data.slice(), [N], true);
        const out = linearOp(x, w, b);
        out.mul(out).sum().backward();
        return { out, gx: x.grad!, gw: w.grad!, gb: b.grad! };
      };
      const [w, j] = both(run);
      expect(w.out.shape).toEqual([B, T, N]);
      expectClose(w.out, j.out, tol(K), 1e-5);
      expectClose(w.gx, j.gx, 1e-3, 1e-4);
      expectClose(w.gw, j.gw, 1e-3, 1e-4);
      expectClose(w.gb, j.gb, 1e-3, 1e-4);
    }
  });

  it("float64 tensors take the js path whatever the backend (same bits)", () => {
    const rng = new Rng(10);
    const a = randn([5, 6], rng, { dtype: "float64" });
    const b = randn([6, 7], rng, { dtype: "float64" });
    const [w, j] = both(() => matmul(a, b));
    expect(w.dtype).toBe("float64");
    expect(Array.from(w.data)).toEqual(Array.from(j.data));
  });

  /** Forward and input gradient (and parameter gradients) of an op on each backend. */
  function compareOp(shape: number[], op: (x: Tensor) => Tensor, extra: Tensor[] = [], atol = 2e-6) {
    const rng = new Rng(11);
    const x0 = randn(shape, rng).mul(3);
    const weights = randn(shape, rng);
    const run = () => {
      const x = new Tensor(x0.data.slice(), [...shape], true);
      for (const e of extra) e.zeroGrad();
      const out = op(x);
      out.mul(weights).sum().backward();
      return { out, gx: x.grad!, ge: extra.map((e) => e.grad!) };
    };
    const [w, j] = both(run);
    expect(w.out._op).toBe(j.out._op);
    expectClose(w.out, j.out, atol, 1e-5);
    expectClose(w.gx, j.gx, 1e-5, 1e-4);
    w.ge.forEach((g, i) => expectClose(g, j.ge[i], 1e-4, 1e-4));
  }

  it("GELU (tanh) agrees, forward and backward, across its range (|x| up to ~12)", () => {
    compareOp([7, 33], (x) => gelu(x, "tanh"));
    compareOp([3, 4], (x) => gelu(x.mul(20), "tanh"));
  });

  it("layer norm agrees, with and without weight and bias", () => {
    const rng = new Rng(12);
    const w = new Tensor(randn([24], rng).data, [24], true);
    const b = new Tensor(randn([24], rng).data, [24], true);
    compareOp([5, 3, 24], (x) => layerNorm(x, [24], w, b), [w, b]);
    compareOp([4, 2, 3], (x) => layerNorm(x, [2, 3]));
  });

  it("softmax over the last axis agrees, fully masked rows give zeros", () => {
    compareOp([6, 17], (x) => softmax(x, -1));
    const masked = new Tensor(Float32Array.from([1, 2, -Infinity, -Infinity, -Infinity, -Infinity]), [2, 3]);
    const [w, j] = both(() => softmax(masked, -1));
    expect(Array.from(w.data)).toEqual(Array.from(j.data));
    expect(Array.from(w.data.subarray(3))).toEqual([0, 0, 0]);
  });
});
