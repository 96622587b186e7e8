import { describe, expect, it } from "vitest";
import { tensor, gather, indexSelect, embedding, oneHot, where, arange, zeros } from "qkv";

describe("gather", () => {
  it("torch.gather semantics on axis 1 and 0", () => {
    const t = tensor([[1, 2], [3, 4]]);
    const idx = tensor([[0, 0], [1, 0]], { dtype: "int32" });
    expect(gather(t, 1, idx).toArray()).toEqual([[1, 1], [4, 3]]);
    expect(gather(t, 0, idx).toArray()).toEqual([[1, 2], [3, 2]]);
    // picking the target logit per row, as cross-entropy does
    expect(gather(tensor([[0.1, 0.9], [0.8, 0.2]]), 1, tensor([[1], [0]], { dtype: "int32" })).toArray()).toEqual([
      [Math.fround(0.9)], [Math.fround(0.8)],
    ]);
  });
  it("errors", () => {
    const t = zeros([2, 3]);
    expect(() => gather(t, 1, tensor([[3]], { dtype: "int32" }))).toThrow(/gather: index 3 at flat position 0 is out of range for axis 1 of size 3 \(input \(2,3\)\)/);
    expect(() => gather(t, 1, tensor([[0]]))).toThrow(/gather: index must be an int32 tensor, got dtype float32/);
    expect(() => gather(t, 1, tensor([0], { dtype: "int32" }))).toThrow(/gather: index of shape \(1\) does not fit input \(2,3\)/);
  });
});

describe("indexSelect / embedding", () => {
  const w = arange(12).reshape(4, 3); // 4 tokens, 3 dims
  it("selects rows with ids of any shape", () => {
    const ids = tensor([[3, 0], [1, 1]], { dtype: "int32" });
    const e = embedding(w, ids);
    expect(e.shape).toEqual([2, 2, 3]);
    expect(e.toArray()).toEqual([[[9, 10, 11], [0, 1, 2]], [[3, 4, 5], [3, 4, 5]]]);
    expect(indexSelect(w, 1, [2, 0]).toArray()).toEqual([[2, 0], [5, 3], [8, 6], [11, 9]]);
  });
  it("oneHot(ids) x W equals the embedding lookup", () => {
    const ids = tensor([[3, 0], [1, 1]], { dtype: "int32" });
    const h = oneHot(ids, 4);
    expect(h.shape).toEqual([2, 2, 4]);
    expect(h.toArray()).toEqual([[[0, 0, 0, 1], [1, 0, 0, 0]], [[0, 1, 0, 0], [0, 1, 0, 0]]]);
    expect(h.matmul(w).toArray()).toEqual(embedding(w, ids).toArray());
    expect(() => oneHot(tensor([4], { dtype: "int32" }), 4)).toThrow(/oneHot: id 4 at flat position 0 is out of range for 4 classes \(valid: 0..3\)/);
  });
  it("errors", () => {
    expect(() => embedding(w, tensor([4], { dtype: "int32" }))).toThrow(/indexSelect: index 4 at flat position 0 is out of range for axis 0 of size 4/);
    expect(() => embedding(arange(3), tensor([0], { dtype: "int32" }))).toThrow(/embedding: weight must be a \(V, C\) matrix, got shape \(3\)/);
    expect(() => embedding(w, tensor([0]))).toThrow(/embedding: index must be an int32 tensor, got dtype float32/);
  });
});

describe("where / maskedFill", () => {
  it("where picks by a bool condition with broadcasting", () => {
    const cond = tensor([true, false, true]);
    expect(where(cond, tensor([1, 2, 3]), 0).toArray()).toEqual([1, 0, 3]);
    expect(where(tensor([[true], [false]]), 1, tensor([5, 6])).toArray()).toEqual([[1, 1], [5, 6]]);
    // a one-element tensor, a (2,1) column and a condition of the output's shape, read without index tables
    expect(where(tensor([[true, false], [false, true]]), tensor([7]), tensor([[1], [2]])).toArray()).toEqual([[7, 1], [2, 7]]);
    expect(() => where(tensor([1, 0]), 1, 2)).toThrow(/where: condition must be a bool tensor, got dtype float32/);
  });
  it("maskedFill fills where the mask is TRUE (a causal mask)", () => {
    const scores = zeros([3, 3]);
    const future = arange(3).reshape(3, 1).lt(arange(3)); // j > i is the future
    const masked = scores.maskedFill(future, -Infinity);
    expect(masked.toArray()).toEqual([[0, -Infinity, -Infinity], [0, 0, -Infinity], [0, 0, 0]]);
    expect(masked.dtype).toBe("float32");
    expect(() => scores.maskedFill(tensor([1, 0, 0]), 0)).toThrow(/maskedFill: mask must be a bool tensor, got dtype float32/);
    expect(() => zeros([2]).maskedFill(tensor([[true], [false]]), 0)).toThrow(/maskedFill: mask of shape \(2,1\) must broadcast to the tensor's shape \(2\)/);
  });
});
