import { describe, expect, it } from "vitest";
import { Rng, cosineSimilarity, randn, tensor } from "qkv";

const values = (t: { data: ArrayLike<number> }) => Array.from(t.data, Number);

describe("cosineSimilarity", () => {
  it("gives a·b / (‖a‖‖b‖) along the last axis, on hand-computed rows", () => {
    const a = tensor([[1, 0], [1, 1], [3, 4]]);
    const b = tensor([[0, 2], [2, 2], [-6, -8]]);
    const got = cosineSimilarity(a, b);
    expect(got.shape).toEqual([3]);
    values(got).forEach((v, i) => expect(v).toBeCloseTo([0, 1, -1][i], 6));
  });

  it("gives pairwise similarities of rows through broadcasting, with 1 on the diagonal", () => {
    const x = tensor([[1, 0], [1, 1], [0, 2]]);
    const sim = cosineSimilarity(x.unsqueeze(1), x.unsqueeze(0)); // (3,1,2) with (1,3,2) -> (3,3)
    expect(sim.shape).toEqual([3, 3]);
    const r = Math.SQRT1_2;
    values(sim).forEach((v, i) => expect(v).toBeCloseTo([1, r, 0, r, 1, r, 0, r, 1][i], 6));
  });

  it("reduces the axis it is given, and is 0 (not NaN) for a zero vector", () => {
    const cols = cosineSimilarity(tensor([[1, 0], [0, 0]]), tensor([[1, 0], [0, 5]]), 0); // columns
    values(cols).forEach((v, i) => expect(v).toBeCloseTo([1, 0][i], 6));
    expect(cosineSimilarity(tensor([0, 0, 0]), tensor([1, 2, 3])).item()).toBe(0);
    // Small but non-zero vectors keep their true cosine: the floor is on each norm, not their product.
    expect(cosineSimilarity(tensor([3e-6, 4e-6]), tensor([4e-6, 3e-6])).item()).toBeCloseTo(0.96, 5);
  });

  it("has the gradient of the formula (checked against finite differences in float64)", () => {
    const rng = new Rng(3);
    const a = randn([4], rng, { dtype: "float64", requiresGrad: true });
    const b = randn([4], rng, { dtype: "float64" });
    cosineSimilarity(a, b).backward();
    const f = (v: number[]) => {
      const dot = v.reduce((s, x, i) => s + x * b.data[i], 0);
      const na = Math.hypot(...v);
      const nb = Math.hypot(...values(b));
      return dot / (na * nb);
    };
    const base = values(a);
    for (let i = 0; i < 4; i++) {
      const up = [...base]; up[i] += 1e-6;
      const down = [...base]; down[i] -= 1e-6;
      expect(a.grad!.data[i]).toBeCloseTo((f(up) - f(down)) / 2e-6, 6);
    }
  });

  it("names the op and the rule for bad input", () => {
    expect(() => cosineSimilarity(tensor([1, 2, 3]), tensor([1, 2]))).toThrow(/cosineSimilarity: shapes \(3\) and \(2\) cannot be broadcast/);
    expect(() => cosineSimilarity(tensor([1, 2]), tensor([1, 2]), 1)).toThrow(/cosineSimilarity: axis 1 is out of range for the broadcast shape \(2\)/);
  });
});
