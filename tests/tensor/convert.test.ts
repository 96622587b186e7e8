import { describe, expect, it } from "vitest";
import * as math from "mathjs";
import { tensor, toMathjs, fromMathjs, arange } from "qkv";

describe("conversions", () => {
  it("item / toArray / clone / to / detach", () => {
    expect(tensor([[7]]).item()).toBe(7);
    expect(tensor([[1, 2], [3, 4]]).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(tensor([true, false]).toArray()).toEqual([true, false]);
    const a = tensor([1.7, -1.7, 0]);
    const c = a.clone();
    c.data[0] = 5;
    expect(a.data[0]).toBeCloseTo(1.7, 6);
    expect(a.to("int32").toArray()).toEqual([1, -1, 0]);
    expect(a.to("bool").toArray()).toEqual([true, true, false]);
    expect(a.to("float64").dtype).toBe("float64");
    expect(a.to("float32")).toBe(a);
    const d = a.detach();
    expect(d.data).toBe(a.data); // shares storage, like torch
    expect(() => a.to("int8" as "int32")).toThrow(/to: unknown dtype "int8"/);
  });
  it("reshape shares storage (a view), clone does not", () => {
    const a = arange(4);
    const v = a.reshape(2, 2);
    expect(v.data).toBe(a.data);
    expect(a.clone().data).not.toBe(a.data);
  });
  it("toMathjs / fromMathjs round trip", () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    const m = toMathjs(t);
    expect(math.isMatrix(m)).toBe(true);
    expect(m.size()).toEqual([2, 3]);
    expect(m.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(fromMathjs(math.multiply(m, math.transpose(m)) as math.Matrix).toArray()).toEqual([[14, 32], [32, 77]]);
    expect(fromMathjs(math.matrix([1, 2])).shape).toEqual([2]);
    expect(fromMathjs([[0.1]], "float64").data[0]).toBe(0.1);
  });
});
