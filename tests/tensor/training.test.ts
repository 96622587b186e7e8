/**
 * End to end: the autograd engine trains a tiny 2-layer network on XOR with plain gradient descent.
 * If any backward rule were wrong, the loss would not fall to near zero.
 */
import { describe, expect, it } from "vitest";
import { tensor, randn, Rng, noGrad, logSoftmax, gather } from "qkv";

describe("training a tiny MLP with autograd", () => {
  it("learns XOR", () => {
    const rng = new Rng(42);
    const x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]], { dtype: "float64" });
    const y = tensor([[0], [1], [1], [0]], { dtype: "int32" });
    const w1 = randn([2, 8], rng, { dtype: "float64" }).mul(0.8).detach();
    const b1 = randn([8], rng, { dtype: "float64" }).mul(0.1).detach();
    const w2 = randn([8, 2], rng, { dtype: "float64" }).mul(0.8).detach();
    const b2 = randn([2], rng, { dtype: "float64" }).mul(0.1).detach();
    const params = [w1, b1, w2, b2];
    params.forEach((p) => (p.requiresGrad = true));
    const loss = () => {
      const logits = x.matmul(w1).add(b1).tanh().matmul(w2).add(b2); // (4,2)
      return gather(logSoftmax(logits), 1, y).mean().neg(); // cross-entropy
    };
    const first = loss().item();
    for (let step = 0; step < 300; step++) {
      params.forEach((p) => p.zeroGrad());
      loss().backward();
      noGrad(() => params.forEach((p) => p.data.set(p.sub(p.grad!.mul(0.5)).data)));
    }
    const last = loss().item();
    expect(first).toBeGreaterThan(0.5);
    expect(last).toBeLessThan(0.05);
    const predictions = x.matmul(w1).add(b1).tanh().matmul(w2).add(b2).argmax(1);
    expect(predictions.toArray()).toEqual([0, 1, 1, 0]);
  });
});
