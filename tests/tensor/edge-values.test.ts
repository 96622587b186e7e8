/**
 * Ops, losses and their gradients at edge values (0·∞, 0/0, zero vectors, ties, −∞ logits) against
 * PyTorch, in float64. Fixtures: tests/fixtures/make_edge_fixtures.py -> edge.json (tests/fixtures/README.md).
 * NaN must appear exactly where PyTorch has NaN and nowhere else; infinities must match in sign.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type Tensor, tensor, crossEntropy, softTargetLoss, cosineSimilarity, where, softmax, logSoftmax, layerNorm, variance, max, min,
} from "qkv";

type Nested = number | string | Nested[];
interface Case {
  name: string;
  inputs: Record<string, Nested>;
  output: Nested;
  grads: Record<string, Nested>;
  gradOutput?: Nested;
  targets?: number[];
  reduction?: "none";
}
const fixture = JSON.parse(readFileSync(join(__dirname, "../fixtures/edge.json"), "utf8")) as { torch: string; cases: Case[] };

const decode = (v: Nested): Nested => (typeof v === "string" ? Number(v) : Array.isArray(v) ? v.map(decode) : v);
const f64 = (v: Nested, requiresGrad = false) => tensor(decode(v) as number[], { dtype: "float64", requiresGrad });
const flat = (v: Nested): number[] => (Array.isArray(v) ? v.flatMap(flat) : [decode(v) as number]);

/** The qkv call for each fixture case, by name. */
const ops: Record<string, (x: Record<string, Tensor>, c: Case) => Tensor> = {
  "crossEntropy: ignored row with -Infinity logits": (x, c) => crossEntropy(x.logits, tensor(c.targets!, { dtype: "int32" })),
  "crossEntropy: ignored row with -Infinity logits, reduction none": (x, c) =>
    crossEntropy(x.logits, tensor(c.targets!, { dtype: "int32" }), { reduction: "none" }),
  "softTargetLoss: teacher probability 0 (a -Infinity teacher logit), T = 2": (x) => softTargetLoss(x.student, x.teacher, 2),
  "cosineSimilarity: a is a zero vector": (x) => cosineSimilarity(x.a, x.b, -1, 1e-8),
  "cosineSimilarity: both are zero vectors": (x) => cosineSimilarity(x.a, x.b, -1, 1e-8),
  "pow(x, 0) at 0": (x) => x.x.pow(0),
  "pow(x, 0.5) at 0 (infinite slope)": (x) => x.x.pow(0.5),
  "pow(x, -1) at 0": (x) => x.x.pow(-1),
  "log at 0": (x) => x.x.log(),
  "sqrt at 0": (x) => x.x.sqrt(),
  "div by 0": (x) => x.a.div(x.b),
  "abs at 0": (x) => x.x.abs(),
  "relu at 0": (x) => x.x.relu(),
  "where: an infinite gradient in the branch not taken": (x) => where(x.x.gt(0), x.x, 0).sqrt(),
  "where: the branch not taken is infinite": (x) => where(x.x.gt(0), x.x, 0).mul(2),
  "softmax with -Infinity entries (not a whole row)": (x) => softmax(x.x, -1),
  "logSoftmax with -Infinity entries (not a whole row)": (x) => logSoftmax(x.x, -1),
  "layerNorm of a constant row (zero variance)": (x) => layerNorm(x.x, [3], x.w, x.b, 1e-5),
  "variance of a constant row": (x) => variance(x.x, -1),
  "max over all elements with ties (PyTorch shares the gradient)": (x) => max(x.x),
  "min over all elements with ties": (x) => min(x.x),
  "max over one axis with ties (the first index takes the gradient)": (x) => max(x.x, 1),
  "amax over two axes with ties": (x) => max(x.x, [0, 2]),
  "amin over two axes, keepdim": (x) => min(x.x, [1, 2], true),
  "exp overflow": (x) => x.x.exp(),
  "tanh and sigmoid saturated": (x) => x.x.tanh().add(x.x.sigmoid()),
};

function expectSame(got: ArrayLike<number>, want: number[], what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const [g, w] = [got[i], want[i]];
    const ok = Number.isNaN(w) ? Number.isNaN(g) : !Number.isFinite(w) ? g === w : Math.abs(g - w) <= 1e-9 * Math.max(1, Math.abs(w));
    expect(ok, `${what}[${i}]: got ${g}, PyTorch ${w}`).toBe(true);
  }
}

describe(`edge values against PyTorch ${fixture.torch} (float64)`, () => {
  it("every fixture case has a qkv call, and every call a case", () => {
    expect(fixture.cases.map((c) => c.name).sort()).toEqual(Object.keys(ops).sort());
  });
  for (const c of fixture.cases) {
    it(c.name, () => {
      const x = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, f64(v, k in c.grads)]));
      const out = ops[c.name](x, c);
      expectSame(out.data, flat(c.output), "output");
      if (Object.keys(c.grads).length === 0) return;
      out.backward(c.gradOutput === undefined ? tensor(new Float64Array(out.size).fill(1), { shape: out.shape }) : f64(c.gradOutput).reshape(out.shape));
      for (const [k, want] of Object.entries(c.grads)) expectSame(x[k].grad!.data, flat(want), `grad of ${k}`);
    });
  }
});
