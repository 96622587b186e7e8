import { describe, expect, it } from "vitest";
import { tensor, arange, zeros, concat, stack, split, permute, transpose, QkvError } from "qkv";

describe("reshape", () => {
  it("keeps row-major order, infers -1, accepts both forms", () => {
    const x = arange(6);
    expect(x.reshape(2, 3).toArray()).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(x.reshape([3, -1]).shape).toEqual([3, 2]);
    expect(x.reshape(-1, 1, 2).shape).toEqual([3, 1, 2]);
  });
  it("errors", () => {
    expect(() => arange(6).reshape(4, 2)).toThrow(/reshape: cannot reshape \(6\) \(6 elements\) to \(4,2\) \(8 elements\): sizes must match/);
    expect(() => arange(6).reshape(-1, -1)).toThrow(/only one dimension may be -1/);
    expect(() => arange(6).reshape(4, -1)).toThrow(/6 is not a multiple of 4/);
  });
  it("squeeze / unsqueeze / flatten", () => {
    const x = zeros([2, 1, 3]);
    expect(x.squeeze().shape).toEqual([2, 3]);
    expect(x.squeeze(1).shape).toEqual([2, 3]);
    expect(x.unsqueeze(0).shape).toEqual([1, 2, 1, 3]);
    expect(x.unsqueeze(-1).shape).toEqual([2, 1, 3, 1]);
    expect(x.flatten().shape).toEqual([6]);
    expect(() => x.squeeze(0)).toThrow(/squeeze: axis 0 of \(2,1,3\) has size 2, not 1/);
  });
});

describe("transpose / permute", () => {
  it("transposes a matrix and batches", () => {
    expect(tensor([[1, 2, 3], [4, 5, 6]]).transpose().toArray()).toEqual([[1, 4], [2, 5], [3, 6]]);
    const x = arange(24).reshape(2, 3, 4);
    const t = x.transpose(0, 2);
    expect(t.shape).toEqual([4, 3, 2]);
    // t[k][j][i] = x[i][j][k]
    expect((t.toArray() as number[][][])[3][1][1]).toBe((x.toArray() as number[][][])[1][1][3]);
  });
  it("permute (B,T,nh,hs) -> (B,nh,T,hs) and back", () => {
    const x = arange(2 * 3 * 4 * 5).reshape(2, 3, 4, 5);
    const p = permute(x, [0, 2, 1, 3]);
    expect(p.shape).toEqual([2, 4, 3, 5]);
    const xa = x.toArray() as number[][][][];
    const pa = p.toArray() as number[][][][];
    expect(pa[1][3][2][4]).toBe(xa[1][2][3][4]);
    expect(p.permute(0, 2, 1, 3).toArray()).toEqual(x.toArray());
  });
  it("errors", () => {
    expect(() => permute(zeros([2, 3]), [0, 0])).toThrow(/permute: \[0,0\] is not a permutation of the axes of \(2,3\)/);
    expect(() => permute(zeros([2, 3]), [0])).toThrow(/permute: \(2,3\) has 2 axes but the permutation \[0\] has 1/);
    expect(() => transpose(zeros([2, 3]), 0, 2)).toThrow(/transpose: axis 2 is out of range for shape \(2,3\) \(valid: -2..1\)/);
  });
});

describe("slice / concat / stack / split", () => {
  it("slice with negative indices", () => {
    const x = arange(12).reshape(3, 4);
    expect(x.slice(1, 1, 3).toArray()).toEqual([[1, 2], [5, 6], [9, 10]]);
    expect(x.slice(0, -1).toArray()).toEqual([[8, 9, 10, 11]]);
    expect(x.slice(-1, 0, -2).toArray()).toEqual([[0, 1], [4, 5], [8, 9]]);
    expect(() => x.slice(1, 2, 9)).toThrow(/slice: \[2:9\] on axis 1 of \(3,4\) is out of range: need -4 <= start <= end <= 4/);
  });
  it("concat along any axis", () => {
    const a = tensor([[1, 2]]);
    const b = tensor([[3, 4], [5, 6]]);
    expect(concat([a, b], 0).toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(concat([b, b], 1).toArray()).toEqual([[3, 4, 3, 4], [5, 6, 5, 6]]);
    expect(() => concat([a, b], 1)).toThrow(/concat: shapes \(1,2\), \(2,2\) must match on every axis except axis 1/);
    expect(() => concat([])).toThrow(QkvError);
  });
  it("stack makes a new axis", () => {
    const a = tensor([1, 2]);
    const b = tensor([3, 4]);
    expect(stack([a, b]).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(stack([a, b], 1).toArray()).toEqual([[1, 3], [2, 4]]);
    expect(() => stack([a, tensor([1])])).toThrow(/stack: all shapes must be equal, got \(2\), \(1\)/);
  });
  it("split by size and by sizes", () => {
    const x = arange(5);
    expect(split(x, 2).map((t) => t.toArray())).toEqual([[0, 1], [2, 3], [4]]);
    expect(split(x, [1, 4]).map((t) => t.toArray())).toEqual([[0], [1, 2, 3, 4]]);
    expect(() => split(x, [1, 2])).toThrow(/split: sizes \[1,2\] add up to 3 but axis 0 of \(5\) has length 5/);
  });
});
