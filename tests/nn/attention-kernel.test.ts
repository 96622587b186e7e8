/**
 * The fused wasm attention against the readable composition (the js backend): outputs, weights and the
 * gradients of q, k, v, with causal masks, broadcast padding masks, fully masked rows, S != T, heads
 * read in place from a packed (B, T, 3E) tensor, and a loss that reads the weights too.
 */
import { afterEach, describe, expect, it } from "vitest";
import { Rng, Tensor, randn } from "qkv";
import { scaledDotProductAttention, attendHeads } from "../../src/nn/attention.js";
import { paddingMask } from "../../src/nn/masks.js";
import { getKernelBackend, setKernelBackend, type KernelBackend } from "../../src/tensor/kernels.js";
import { expectClose } from "../tensor/helpers.js";

const initial = getKernelBackend();
afterEach(() => {
  setKernelBackend(initial);
});

function both<T>(fn: () => T): [T, T] {
  const out: T[] = [];
  for (const name of ["wasm", "js"] as KernelBackend[]) {
    setKernelBackend(name);
    out.push(fn());
  }
  return [out[0], out[1]];
}

const leaf = (t: Tensor) => new Tensor(t.data.slice(), [...t.shape], true);

describe("fused attention (wasm) agrees with the composed ops (js)", () => {
  const rng = new Rng(21);
  const cases: { name: string; q: number[]; k: number[]; dv: number; causal?: boolean; mask?: Tensor; scale?: number }[] = [
    { name: "a scale other than 1/√d (GPT-2's scale_attn_by_inverse_layer_idx)", q: [2, 2, 5, 4], k: [2, 2, 5, 4], dv: 4, causal: true, scale: 0.125 },
    { name: "3-D, no mask", q: [2, 5, 4], k: [2, 7, 4], dv: 3 },
    { name: "4-D heads, causal", q: [2, 3, 6, 8], k: [2, 3, 6, 8], dv: 8, causal: true },
    { name: "causal with a longer key cache (S > T)", q: [1, 2, 3, 4], k: [1, 2, 5, 4], dv: 4, causal: true },
    { name: "padding mask (B,1,1,S) with a fully masked batch", q: [3, 2, 4, 5], k: [3, 2, 6, 5], dv: 2, mask: paddingMask([6, 2, 0], 6).reshape(3, 1, 1, 6) },
    { name: "2-D", q: [9, 16], k: [10, 16], dv: 17 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const q0 = randn(c.q, rng), k0 = randn(c.k, rng);
      const v0 = randn([...c.k.slice(0, -1), c.dv], rng);
      const wt = randn([...c.q.slice(0, -1), c.k[c.k.length - 2]], rng);
      const run = () => {
        const q = leaf(q0), k = leaf(k0), v = leaf(v0);
        const { output, weights } = scaledDotProductAttention(q, k, v, { causal: c.causal, mask: c.mask, scale: c.scale });
        // the loss reads the weights as well as the output
        output.mul(output).sum().add(weights.mul(wt).sum()).backward();
        return { output, weights, gq: q.grad!, gk: k.grad!, gv: v.grad! };
      };
      const [w, j] = both(run);
      expect(w.output.shape).toEqual(j.output.shape);
      expect([w.output._op, j.output._op]).toEqual(["attentionOutput", "matmul"]); // the fused kernel really ran
      expectClose(w.output, j.output, 2e-5, 1e-5);
      expectClose(w.weights, j.weights, 2e-6, 1e-5);
      expectClose(w.gq, j.gq, 1e-4, 1e-4);
      expectClose(w.gk, j.gk, 1e-4, 1e-4);
      expectClose(w.gv, j.gv, 1e-4, 1e-4);
    });
  }

  it("attendHeads on column ranges of a packed (B, T, 3E) tensor equals split/attend/merge", () => {
    const [B, T, E, nh] = [2, 7, 12, 3];
    const x0 = randn([B, T, 3 * E], rng);
    const run = () => {
      const qkv = leaf(x0);
      const part = (i: number) => ({ tensor: qkv, start: i * E, width: E });
      const { output, weights } = attendHeads(part(0), part(1), part(2), nh, { causal: true });
      output.mul(output).sum().backward();
      return { output, weights, g: qkv.grad! };
    };
    const [w, j] = both(run);
    expect(w.output.shape).toEqual([B, T, E]);
    expect(w.output._op).toBe("attentionOutput");
    expect(w.weights.shape).toEqual([B, nh, T, T]);
    expectClose(w.output, j.output, 2e-5, 1e-5);
    expectClose(w.weights, j.weights, 2e-6, 1e-5);
    expectClose(w.g, j.g, 1e-4, 1e-4);
    // a causal row 0 attends only to itself
    expect(Array.from(w.weights.data.subarray(0, T))).toEqual([1, 0, 0, 0, 0, 0, 0]);
  });
});
