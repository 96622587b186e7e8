import { describe, expect, it } from "vitest";
import { tensor, noGrad, isGradEnabled, zeros, ones } from "qkv";
import { expectClose } from "./helpers.js";

describe("autograd basics", () => {
  it("a tensor used twice receives both contributions", () => {
    const x = tensor([3], { requiresGrad: true });
    x.mul(x).add(x).sum().backward(); // d(x² + x)/dx = 2x + 1 = 7
    expect(x.grad!.toArray()).toEqual([7]);
  });
  it("gradients accumulate across backward calls until zeroGrad", () => {
    const w = tensor([1, 2], { requiresGrad: true });
    w.mul(3).sum().backward();
    w.mul(3).sum().backward();
    expect(w.grad!.toArray()).toEqual([6, 6]);
    w.zeroGrad();
    expect(w.grad).toBeNull();
  });
  it("a shared intermediate does not pass an old gradient twice", () => {
    const w = tensor([2], { requiresGrad: true });
    const h = w.mul(w); // h = w², dh/dw = 4
    h.mul(1).sum().backward();
    h.mul(1).sum().backward();
    expect(w.grad!.toArray()).toEqual([8]);
  });
  it("broadcast gradients are summed back to the input shape", () => {
    const b = tensor([1, 1, 1], { requiresGrad: true });
    zeros([4, 3]).add(b).sum().backward();
    expect(b.grad!.toArray()).toEqual([4, 4, 4]);
  });
  it("noGrad records nothing; detach cuts the graph", () => {
    const x = tensor([1], { requiresGrad: true });
    expect(isGradEnabled()).toBe(true);
    const y = noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      return x.mul(2);
    });
    expect(isGradEnabled()).toBe(true);
    expect(y.requiresGrad).toBe(false);
    const d = x.mul(2).detach();
    expect(d.requiresGrad).toBe(false);
    expect(() => d.sum().backward()).toThrow(/backward: this tensor of shape \(\) does not require grad/);
  });
  it("noGrad switches gradients back on even when its function throws, and nests", () => {
    expect(() => noGrad(() => { throw new Error("boom"); })).toThrow("boom");
    expect(isGradEnabled()).toBe(true);
    noGrad(() => {
      noGrad(() => expect(isGradEnabled()).toBe(false));
      expect(isGradEnabled()).toBe(false);
    });
    expect(isGradEnabled()).toBe(true);
  });
  it("backward of a non-scalar needs an explicit gradient", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    expect(() => y.backward()).toThrow(/backward: tensor of shape \(2\) is not a scalar; pass the gradient explicitly/);
    expect(() => y.backward(ones([3]))).toThrow(/backward: grad has shape \(3\) but the tensor has shape \(2\)/);
    y.backward(tensor([1, 10]));
    expect(x.grad!.toArray()).toEqual([2, 20]);
  });
  it("int and bool tensors carry no gradient", () => {
    const i = tensor([1, 2], { dtype: "int32" });
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(i).sum();
    y.backward();
    expect(x.grad!.toArray()).toEqual([1, 2]);
    expect(i.grad).toBeNull();
  });
  it("matmul gradient by hand", () => {
    const a = tensor([[1, 2]], { requiresGrad: true }); // (1,2)
    const b = tensor([[3], [4]], { requiresGrad: true }); // (2,1)
    a.matmul(b).sum().backward();
    expectClose(a.grad!, [3, 4]);
    expectClose(b.grad!, [1, 2]);
  });
});

describe("intermediate gradients are freed after backward (as PyTorch), retainGrad() keeps one", () => {
  it("only leaves keep .grad; a retained intermediate has its gradient, also the root", () => {
    const w = tensor([1, -2, 3], { requiresGrad: true });
    const h = w.mul(2); // intermediate
    const kept = h.exp().retainGrad(); // intermediate, retained
    const loss = kept.sum().retainGrad();
    const other = h.add(1); // intermediate not on the loss's path
    loss.backward();
    expect(h.grad).toBeNull();
    expect(other.grad).toBeNull();
    expect(loss.grad!.item()).toBe(1);
    expectClose(kept.grad!, [1, 1, 1]); // d(sum)/d(kept) = 1
    expectClose(w.grad!, [2 * Math.exp(2), 2 * Math.exp(-4), 2 * Math.exp(6)], 1e-2);
  });
  it("a retained intermediate's gradient is recomputed, not accumulated, on the next backward", () => {
    const w = tensor([2], { requiresGrad: true });
    const y = w.mul(w).retainGrad();
    y.mul(3).sum().backward();
    y.mul(3).sum().backward();
    expect(y.grad!.toArray()).toEqual([3]);
    expect(w.grad!.toArray()).toEqual([24]); // leaves accumulate: 2 · (3 · 2w)
  });
  it("retainGrad on a tensor that needs no gradient is an error", () => {
    expect(() => zeros([2]).retainGrad()).toThrow(/^retainGrad: this tensor of shape \(2\) does not require grad/);
  });
});
