import { describe, expect, it } from "vitest";
import { Adam, AdamW, SGD, clipGradNorm, tensor, zeroGrad, type Optimizer, type OptimizerParameters, type Tensor } from "qkv";
import { expectClose, flat, floats, ref } from "./helpers.js";

function makeOptimizer(name: string, params: OptimizerParameters, o: Record<string, unknown>): Optimizer {
  const betas = o.betas as [number, number] | undefined;
  switch (name) {
    case "SGD":
      return new SGD(params, { lr: o.lr as number, momentum: o.momentum as number, dampening: o.dampening as number, weightDecay: o.weight_decay as number, nesterov: o.nesterov as boolean });
    case "Adam":
      return new Adam(params, { lr: o.lr as number, betas, eps: o.eps as number, weightDecay: o.weight_decay as number });
    default:
      return new AdamW(params, { lr: o.lr as number, betas, eps: o.eps as number, weightDecay: o.weight_decay as number });
  }
}

describe("optimizers replay PyTorch's steps on the same parameters and gradients", () => {
  const { params, grads, cases } = ref.optimizers;
  for (const c of cases) {
    it(`${c.optimizer} ${JSON.stringify(c.options)}${c.groups ? ` groups ${JSON.stringify(c.groups)}` : ""}`, () => {
      const ps = params.map((p: unknown) => floats(p, true));
      // With groups, parameter i forms group i with the fixture's lrScale / weightDecay.
      const source = c.groups ? c.groups.map((g: object, i: number) => ({ params: [ps[i]], ...g })) : ps;
      const opt = makeOptimizer(c.optimizer, source, c.options);
      grads.forEach((g: unknown[], step: number) => {
        ps.forEach((p: Tensor, i: number) => (p.grad = floats(g[i])));
        opt.step();
        ps.forEach((p: Tensor, i: number) => expectClose(p.data, flat(c.after[step][i]), 1e-5, `step ${step} param ${i}`));
      });
      expect(opt.stepCount).toBe(grads.length);
    });
  }

  it("skips frozen parameters (requiresGrad false) and parameters without a gradient", () => {
    const frozen = tensor([1, 2], { requiresGrad: true });
    const noGrad = tensor([3, 4], { requiresGrad: true });
    const live = tensor([5, 6], { requiresGrad: true });
    const opt = new AdamW([frozen, noGrad, live], { lr: 0.1, weightDecay: 0.5 });
    frozen.grad = tensor([1, 1]);
    live.grad = tensor([1, 1]);
    frozen.requiresGrad = false;
    opt.step();
    expect(Array.from(frozen.data)).toEqual([1, 2]);
    expect(Array.from(noGrad.data)).toEqual([3, 4]);
    expect(Array.from(live.data)).not.toEqual([5, 6]);
  });

  it("takes a Module-like source and lists a tied parameter once", () => {
    const w = tensor([1], { requiresGrad: true });
    const opt = new SGD({ parameters: () => [w, w] }, { lr: 0.5 });
    expect(opt.params).toHaveLength(1);
    w.grad = tensor([2]);
    opt.step();
    expect(w.data[0]).toBe(0); // updated once: 1 - 0.5·2
  });

  it("refuses a parameter in two groups and a negative lrScale", () => {
    const w = tensor([1], { requiresGrad: true });
    expect(() => new SGD([{ params: [w] }, { params: [w] }], { lr: 0.1 })).toThrow(/SGD: a parameter appears in group 1 and in an earlier group/);
    expect(() => new AdamW([{ params: [w], lrScale: -1 }], { lr: 0.1 })).toThrow(/AdamW: group 0: lrScale must be a number >= 0, got -1/);
  });

  it("zeroGrad sets gradients to null; bad options are clear errors", () => {
    const w = tensor([1, 2], { requiresGrad: true });
    w.grad = tensor([1, 1]);
    zeroGrad([w]);
    expect(w.grad).toBeNull();
    w.grad = tensor([1, 1]);
    new SGD([w], { lr: 0.1 }).zeroGrad();
    expect(w.grad).toBeNull();
    expect(() => new SGD([w], { lr: -1 })).toThrow(/SGD: lr must be a number >= 0, got -1/);
    expect(() => new SGD([w], { lr: 0.1, nesterov: true })).toThrow(/SGD: nesterov needs momentum > 0/);
    expect(() => new Adam([w], { betas: [0.9, 1] })).toThrow(/Adam: betas must be in \[0, 1\)/);
    expect(() => new Adam([tensor([1], { dtype: "int32" })])).toThrow(/Adam: parameter 0 has dtype int32; only float tensors can be trained/);
  });
});

describe("clipGradNorm matches torch.nn.utils.clip_grad_norm_", () => {
  for (const c of ref.clipGradNorm) {
    it(`maxNorm ${c.maxNorm}`, () => {
      const ps = c.grads.map((g: unknown) => {
        const p = floats(flat(g).map(() => 0), true);
        p.grad = floats(g);
        return p;
      });
      const total = clipGradNorm(ps, c.maxNorm);
      expectClose([total], [c.total], 1e-5, "total norm");
      ps.forEach((p: Tensor, i: number) => expectClose(p.grad!.data, flat(c.clipped[i]), 1e-5, `grad ${i}`));
    });
  }
  it("refuses a non-positive or NaN maxNorm", () => {
    expect(() => clipGradNorm([], 0)).toThrow(/clipGradNorm: maxNorm must be a number > 0 \(or Infinity: never clip\), got 0/);
    expect(() => clipGradNorm([], NaN)).toThrow(/clipGradNorm: maxNorm must be a number > 0/);
    expect(() => clipGradNorm([], -Infinity)).toThrow(/clipGradNorm: maxNorm must be a number > 0/);
  });
  it("maxNorm Infinity measures the norm and leaves the gradients alone (as PyTorch)", () => {
    const p = floats([0, 0], true);
    p.grad = floats([3e20, 4e20]);
    expect(clipGradNorm([p], Infinity)).toBeCloseTo(5e20, -15);
    expect(Array.from(p.grad.data)).toEqual([Math.fround(3e20), Math.fround(4e20)]);
  });
});
