import { describe, expect, it } from "vitest";
import { tensor, zeros, ones, full, arange, eye, zerosLike, onesLike, Tensor, QkvError } from "qkv";

describe("tensor()", () => {
  it("infers shape and defaults to float32", () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe("float32");
    expect(t.data).toBeInstanceOf(Float32Array);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.size).toBe(6);
    expect(t.ndim).toBe(2);
  });
  it("makes scalars, bools, int32 and float64", () => {
    expect(tensor(3.5).shape).toEqual([]);
    expect(tensor(3.5).item()).toBe(3.5);
    const b = tensor([true, false, true]);
    expect(b.dtype).toBe("bool");
    expect(Array.from(b.data)).toEqual([1, 0, 1]);
    expect(tensor([1, 2], { dtype: "int32" }).data).toBeInstanceOf(Int32Array);
    const d = tensor([0.1], { dtype: "float64" });
    expect(d.data[0]).toBe(0.1);
  });
  it("accepts typed arrays (copied) with a shape", () => {
    const src = new Float64Array([1, 2, 3, 4]);
    const t = tensor(src, { shape: [2, 2] });
    expect(t.dtype).toBe("float64");
    src[0] = 99;
    expect(t.data[0]).toBe(1);
  });
  it("rejects ragged arrays and wrong shapes", () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(QkvError);
    expect(() => tensor([[1, 2], [3]])).toThrow(/ragged nested array: at \[1\] expected a list of length 2/);
    expect(() => tensor([1, 2, 3], { shape: [2, 2] })).toThrow(/tensor: 3 values cannot have shape \(2,2\)/);
  });
  it("refuses requiresGrad on int tensors", () => {
    expect(() => tensor([1], { dtype: "int32", requiresGrad: true })).toThrow(/requiresGrad needs a float dtype, got int32/);
  });
});

describe("constant and range tensors", () => {
  it("zeros/ones/full/like", () => {
    expect(Array.from(zeros([2, 2]).data)).toEqual([0, 0, 0, 0]);
    expect(Array.from(ones([3]).data)).toEqual([1, 1, 1]);
    expect(Array.from(full([2], 7, { dtype: "int32" }).data)).toEqual([7, 7]);
    const x = tensor([[1, 2]], { dtype: "float64" });
    expect(zerosLike(x).dtype).toBe("float64");
    expect(Array.from(onesLike(x).data)).toEqual([1, 1]);
  });
  it("arange", () => {
    expect(Array.from(arange(4).data)).toEqual([0, 1, 2, 3]);
    expect(Array.from(arange(1, 2, 0.25).data)).toEqual([1, 1.25, 1.5, 1.75]);
    expect(Array.from(arange(5, 0, -2).data)).toEqual([5, 3, 1]);
    expect(arange(3, undefined, 1, { dtype: "int32" }).dtype).toBe("int32");
    expect(() => arange(0, 3, 0)).toThrow(/arange: step must be a non-zero finite number, got 0/);
  });
  it("eye", () => {
    expect(eye(3).toArray()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
  });
  it("rejects bad shapes", () => {
    expect(() => zeros([2, -1])).toThrow(/full: shape \(2,-1\): dimensions must be non-negative integers/);
    expect(() => zeros([1.5])).toThrow(QkvError);
  });
  it("Tensor constructor checks data length", () => {
    expect(() => new Tensor(new Float32Array(3), [2, 2])).toThrow(/Tensor: data has 3 elements but shape \(2,2\) needs 4/);
  });
});
