import { describe, expect, it } from "vitest";
import { tensor, softmax, logSoftmax, full, zeros } from "qkv";
import { expectClose } from "./helpers.js";

describe("softmax / logSoftmax", () => {
  it("hand-computed values", () => {
    const x = tensor([[1, 2, 3]], { dtype: "float64" });
    const e = [Math.exp(1), Math.exp(2), Math.exp(3)];
    const s = e[0] + e[1] + e[2];
    expectClose(softmax(x), e.map((v) => v / s), 1e-15);
    expectClose(logSoftmax(x), [1, 2, 3].map((v) => v - Math.log(s)), 1e-14);
  });
  it("is stable for huge logits", () => {
    const y = softmax(tensor([1000, 1001]));
    expectClose(y, [1 / (1 + Math.E), Math.E / (1 + Math.E)], 1e-6);
    expect(Number.isFinite(logSoftmax(tensor([-1000, 1000])).data[0])).toBe(true);
  });
  it("along axis 0", () => {
    const y = softmax(tensor([[0, 0], [Math.log(3), 0]]), 0);
    expectClose(y, [0.25, 0.5, 0.75, 0.5], 1e-6);
  });
  it("a fully masked row gives zeros and a zero gradient, not NaN", () => {
    const x = tensor([[-Infinity, -Infinity], [0, -Infinity]], { requiresGrad: true });
    const y = softmax(x);
    expect(y.toArray()).toEqual([[0, 0], [1, 0]]);
    y.mul(tensor([[1, 2], [3, 4]])).sum().backward();
    expect(x.grad!.toArray()).toEqual([[0, 0], [0, 0]]);
    const z = tensor([[-Infinity, -Infinity]], { requiresGrad: true });
    const ls = logSoftmax(z);
    expect(ls.toArray()).toEqual([[-Infinity, -Infinity]]);
    ls.backward(full([1, 2], 1));
    expect(z.grad!.toArray()).toEqual([[0, 0]]);
  });
  it("axis errors", () => {
    expect(() => softmax(zeros([2, 3]), 2)).toThrow(/softmax: axis 2 is out of range for shape \(2,3\)/);
  });
});
