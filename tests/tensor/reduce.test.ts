import { describe, expect, it } from "vitest";
import { tensor, arange, zeros, sum, mean, max, argmax, variance } from "qkv";
import { expectClose } from "./helpers.js";

describe("reductions", () => {
  const x = tensor([[1, 2, 3], [4, 5, 9]]);
  it("sum over all, one axis, several axes, keepDims", () => {
    expect(x.sum().item()).toBe(24);
    expect(x.sum().shape).toEqual([]);
    expect(x.sum(0).toArray()).toEqual([5, 7, 12]);
    expect(x.sum(-1).toArray()).toEqual([6, 18]);
    expect(x.sum(1, true).shape).toEqual([2, 1]);
    expect(x.sum(undefined, true).shape).toEqual([1, 1]);
    expect(sum(arange(24).reshape(2, 3, 4), [0, 2]).toArray()).toEqual([
      0 + 1 + 2 + 3 + 12 + 13 + 14 + 15, 4 + 5 + 6 + 7 + 16 + 17 + 18 + 19, 8 + 9 + 10 + 11 + 20 + 21 + 22 + 23,
    ]);
  });
  it("mean and variance", () => {
    expect(mean(x).item()).toBe(4);
    expect(x.mean(1).toArray()).toEqual([2, 6]);
    // row 0: mean 2, squares 1,0,1 -> population var 2/3; row 1: mean 6, squares 4,1,9 -> 14/3
    expectClose(variance(x, 1), [2 / 3, 14 / 3], 1e-6);
    expectClose(variance(x, 1, false, 1), [1, 7], 1e-6);
    expect(() => variance(tensor([1]), 0, false, 1)).toThrow(/variance: 1 element\(s\) per output with correction 1/);
  });
  it("max, min and argmax", () => {
    expect(max(x).item()).toBe(9);
    expect(x.max(0).toArray()).toEqual([4, 5, 9]);
    expect(x.min(1).toArray()).toEqual([1, 4]);
    expect(argmax(x).item()).toBe(5);
    expect(argmax(x, 1).toArray()).toEqual([2, 2]);
    expect(argmax(x, 1).dtype).toBe("int32");
    expect(argmax(x, 0, true).shape).toEqual([1, 3]);
    expect(argmax(tensor([3, 7, 7])).item()).toBe(1); // first of ties
  });
  it("axis errors", () => {
    expect(() => x.sum(2)).toThrow(/sum: axis 2 is out of range for shape \(2,3\) \(valid: -2..1\)/);
    expect(() => x.sum([1, -1])).toThrow(/sum: axis \[1,-1\] names the same axis twice/);
    expect(() => zeros([2, 0]).max(1)).toThrow(/max: cannot reduce over an empty axis/);
  });
  it("sums float32 values in float64 before rounding", () => {
    const many = tensor(new Float32Array(100000).fill(0.1));
    expect(Math.abs(many.sum().item() - 10000)).toBeLessThan(1e-2);
  });
});
