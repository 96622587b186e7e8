import { describe, expect, it } from "vitest";
import { tensor, add, sub, mul, div, exp, log, sqrt, zeros, arange, QkvError } from "qkv";
import { expectClose } from "./helpers.js";

describe("broadcasting arithmetic", () => {
  it("same shape", () => {
    const a = tensor([[1, 2], [3, 4]]);
    const b = tensor([[10, 20], [30, 40]]);
    expect(add(a, b).toArray()).toEqual([[11, 22], [33, 44]]);
    expect(b.sub(a).toArray()).toEqual([[9, 18], [27, 36]]);
    expect(mul(a, b).toArray()).toEqual([[10, 40], [90, 160]]);
    expect(div(b, a).toArray()).toEqual([[10, 10], [10, 10]]);
  });
  it("row and column vectors broadcast to a matrix", () => {
    const col = tensor([[1], [2], [3]]); // (3,1)
    const row = tensor([10, 20]); // (2)
    const s = col.add(row);
    expect(s.shape).toEqual([3, 2]);
    expect(s.toArray()).toEqual([[11, 21], [12, 22], [13, 23]]);
  });
  it("(2,1,3) + (4,1) -> (2,4,3)", () => {
    const a = arange(6).reshape(2, 1, 3);
    const b = arange(4).reshape(4, 1).mul(100);
    const s = a.add(b);
    expect(s.shape).toEqual([2, 4, 3]);
    expect(s.toArray()).toEqual([
      [[0, 1, 2], [100, 101, 102], [200, 201, 202], [300, 301, 302]],
      [[3, 4, 5], [103, 104, 105], [203, 204, 205], [303, 304, 305]],
    ]);
  });
  it("numbers act as scalars on either side", () => {
    const a = tensor([1, 2]);
    expect(a.mul(3).toArray()).toEqual([3, 6]);
    expect(sub(10, a).toArray()).toEqual([9, 8]);
    expect(div(1, tensor([2, 4])).toArray()).toEqual([0.5, 0.25]);
  });
  it("rejects incompatible shapes with a clear message", () => {
    expect(() => add(zeros([2, 3]), zeros([4, 3]))).toThrow(QkvError);
    expect(() => add(zeros([2, 3]), zeros([4, 3]))).toThrow(
      /add: shapes \(2,3\) and \(4,3\) cannot be broadcast: dimension 2 != 4 \(axis -2 from the right\)/,
    );
    expect(() => zeros([3]).mul(zeros([4]))).toThrow(/mul: shapes \(3\) and \(4\) cannot be broadcast/);
  });
});

describe("dtypes", () => {
  it("float32 and float64 promote to float64", () => {
    const s = tensor([1], { dtype: "float32" }).add(tensor([0.1], { dtype: "float64" }));
    expect(s.dtype).toBe("float64");
  });
  it("numbers do not widen float32; int stays int; division gives float", () => {
    expect(tensor([1]).add(0.5).dtype).toBe("float32");
    const i = tensor([1, 2], { dtype: "int32" });
    expect(i.add(1).dtype).toBe("int32");
    expect(i.add(0.5).dtype).toBe("float32");
    expect(i.div(2).dtype).toBe("float32");
    expect(i.div(2).toArray()).toEqual([0.5, 1]);
  });
});

describe("unary math", () => {
  it("exp, log, sqrt, pow, neg, abs", () => {
    const x = tensor([1, 4], { dtype: "float64" });
    expectClose(exp(x), [Math.E, Math.exp(4)], 1e-12);
    expectClose(log(x), [0, Math.log(4)], 1e-12);
    expectClose(sqrt(x), [1, 2], 1e-12);
    expect(x.pow(2).toArray()).toEqual([1, 16]);
    expect(x.pow(0.5).toArray()).toEqual([1, 2]);
    expect(x.neg().toArray()).toEqual([-1, -4]);
    expect(tensor([-2, 3]).abs().toArray()).toEqual([2, 3]);
  });
  it("log(0) is -Infinity, but log/sqrt of a negative is an error, not NaN", () => {
    expect(log(tensor([0])).item()).toBe(-Infinity);
    expect(() => log(tensor([1, -0.5]))).toThrow(/log: input has negative value -0.5 at flat index 1 \(shape \(2\)\); log is defined for x >= 0 only/);
    expect(() => sqrt(tensor([-4]))).toThrow(/sqrt: input has negative value -4 at flat index 0/);
    expect(() => tensor([-8]).pow(1 / 3)).toThrow(/pow: negative base -8 at flat index 0 with non-integer exponent/);
    expect(tensor([-2]).pow(3).item()).toBe(-8);
  });
  it("activations", () => {
    const x = tensor([-1, 0, 2], { dtype: "float64" });
    expect(x.relu().toArray()).toEqual([0, 0, 2]);
    expectClose(x.tanh(), [Math.tanh(-1), 0, Math.tanh(2)], 1e-12);
    expectClose(x.sigmoid(), [1 / (1 + Math.E), 0.5, 1 / (1 + Math.exp(-2))], 1e-12);
    // gelu(1) = 0.5 (1 + erf(1/√2)) = 0.8413447460685429 (Φ(1))
    expectClose(tensor([1], { dtype: "float64" }).gelu(), [0.8413447460685429], 1e-14);
    // tanh form: 0.5 (1 + tanh(√(2/π)(1 + 0.044715)))
    expectClose(tensor([1], { dtype: "float64" }).gelu("tanh"), [0.5 * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * 1.044715))], 1e-14);
    expect(() => x.gelu("fast" as "tanh")).toThrow(/gelu: approximate must be "none" or "tanh", got "fast"/);
  });
  it("sigmoid does not overflow at large |x|", () => {
    const s = tensor([-1000, 1000], { dtype: "float64" }).sigmoid();
    expect(s.toArray()).toEqual([0, 1]);
  });
});

describe("comparisons and logic", () => {
  it("give bool tensors", () => {
    const x = tensor([1, 2, 3]);
    expect(x.gt(1).dtype).toBe("bool");
    expect(x.gt(1).toArray()).toEqual([false, true, true]);
    expect(x.lt(2).toArray()).toEqual([true, false, false]);
    expect(x.eq(tensor([1, 0, 3])).toArray()).toEqual([true, false, true]);
    expect(x.ge(2).logicalAnd(x.le(2)).toArray()).toEqual([false, true, false]);
    expect(x.gt(2).logicalOr(x.lt(2)).logicalNot().toArray()).toEqual([false, true, false]);
    expect(() => x.logicalAnd(x)).toThrow(/logicalAnd: needs bool tensors, got float32/);
  });
});
