import { describe, expect, it } from "vitest";
import { crossEntropy, distillationLoss, mse, softTargetLoss, tensor } from "qkv";
import { expectClose, flat, floats, ref, shapeOf } from "./helpers.js";

const ints = (x: unknown) => tensor(Int32Array.from(flat(x)), { shape: shapeOf(x), dtype: "int32" });

describe("crossEntropy matches torch.nn.functional.cross_entropy", () => {
  for (const c of ref.crossEntropy) {
    it(c.name, () => {
      const logits = floats(c.logits, true);
      const loss = crossEntropy(logits, ints(c.targets), { ignoreIndex: c.ignoreIndex, labelSmoothing: c.labelSmoothing, reduction: c.reduction });
      expect(loss.shape).toEqual(shapeOf(c.loss));
      expectClose(loss.data, flat(c.loss), 1e-5, "loss");
      if (c.grad) {
        loss.backward();
        expectClose(logits.grad!.data, flat(c.grad), 1e-5, "grad");
      }
    });
  }

  it("is -log(1/C) for uniform logits (hand-computed)", () => {
    const loss = crossEntropy(tensor([[0, 0, 0, 0]]), tensor([2], { dtype: "int32" }));
    expect(loss.item()).toBeCloseTo(Math.log(4), 6);
  });

  it("rejects targets out of range, float targets and mismatched shapes with clear messages", () => {
    const logits = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(() => crossEntropy(logits, tensor([0, 3], { dtype: "int32" }))).toThrow(/crossEntropy: target 3 at flat position 1 is outside \[0, 3\) and is not ignoreIndex -100/);
    expect(() => crossEntropy(logits, tensor([0, 1]))).toThrow(/crossEntropy: targets must be int32 class indices, got float32/);
    expect(() => crossEntropy(logits, tensor([0, 1, 2], { dtype: "int32" }))).toThrow(/crossEntropy: logits \(2,3\) need targets of shape \(2\), got \(3\)/);
    expect(() => crossEntropy(tensor([1, 2]), tensor([0], { dtype: "int32" }))).toThrow(/must be \(N, C\) or \(B, T, C\)/);
  });
});

describe("mse matches torch.nn.functional.mse_loss", () => {
  it("value, sum and gradient", () => {
    const c = ref.mse[0];
    const p = floats(c.prediction, true);
    const loss = mse(p, floats(c.target));
    expectClose([loss.item()], [c.loss], 1e-5, "mean");
    expectClose([mse(p, floats(c.target), { reduction: "sum" }).item()], [c.sum], 1e-5, "sum");
    loss.backward();
    expectClose(p.grad!.data, flat(c.grad), 1e-5, "grad");
    expect(() => mse(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(/mse: prediction \(2\) and target \(3\) must have the same shape/);
  });
});

describe("distillationLoss = alpha·T²·KL(teacher ‖ student) + (1 - alpha)·CE, against PyTorch", () => {
  for (const c of ref.distillation) {
    it(c.name, () => {
      const student = floats(c.student, true);
      const teacher = floats(c.teacher, true);
      const labels = ints(c.labels);
      const loss = distillationLoss(student, teacher, labels, { temperature: c.temperature, alpha: c.alpha });
      expectClose([loss.item()], [c.loss], 1e-5, "loss");
      loss.backward();
      expectClose(student.grad!.data, flat(c.grad), 1e-5, "grad");
      expect(teacher.grad, "no gradient reaches the teacher").toBeNull();
      if (!flat(c.labels).includes(-100)) {
        expectClose([softTargetLoss(floats(c.student), floats(c.teacher), c.temperature).item()], [c.soft], 1e-5, "soft term");
      }
    });
  }

  it("is zero for the soft term when student = teacher, and needs labels unless alpha = 1", () => {
    const s = tensor([[1, 2, 3], [0, -1, 2]]);
    expect(Math.abs(softTargetLoss(s, s, 3).item())).toBeLessThan(1e-7);
    expect(distillationLoss(s, s, null, { alpha: 1 }).item()).toBeCloseTo(0, 6);
    expect(() => distillationLoss(s, s, null, { alpha: 0.5 })).toThrow(/labels are needed for the hard-label term unless alpha = 1/);
    expect(() => distillationLoss(s, s, null, { alpha: 1, temperature: 0 })).toThrow(/temperature must be > 0/);
  });
});

describe("crossEntropy in float64", () => {
  it("matches a finite-difference gradient (label smoothing and an ignored row)", () => {
    const values = [0.3, -1.2, 2.0, 0.5, 0.1, -0.4, 1.5, 0.0, -2.0];
    const targets = tensor([2, -100, 0], { dtype: "int32" });
    const options = { labelSmoothing: 0.2 };
    const f = (v: number[]) => crossEntropy(tensor(v, { shape: [3, 3], dtype: "float64" }), targets, options).item();
    const x = tensor(values, { shape: [3, 3], dtype: "float64", requiresGrad: true });
    const loss = crossEntropy(x, targets, options);
    expect(loss.dtype).toBe("float64");
    loss.backward();
    const h = 1e-6;
    values.forEach((_, i) => {
      const up = values.slice();
      const down = values.slice();
      up[i] += h;
      down[i] -= h;
      expect(Math.abs(x.grad!.data[i] - (f(up) - f(down)) / (2 * h))).toBeLessThan(1e-8);
    });
    expect(Array.from(x.grad!.data.slice(3, 6))).toEqual([0, 0, 0]); // the ignored row gets no gradient
  });
});
