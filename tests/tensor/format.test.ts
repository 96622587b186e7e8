import { describe, expect, it } from "vitest";
import { tensor, arange } from "qkv";
import { inspect } from "node:util";

describe("toString", () => {
  it("prints shape, dtype and aligned values", () => {
    expect(tensor([[1, -0.5], [0.25, 2]]).toString()).toBe(
      "tensor([[ 1.0000, -0.5000],\n        [ 0.2500,  2.0000]], shape=(2,2), dtype=float32)",
    );
    expect(tensor(3).toString()).toBe("tensor(3.0000, shape=(), dtype=float32)");
    expect(tensor([true, false]).toString()).toBe("tensor([ true, false], shape=(2), dtype=bool)");
    expect(tensor([1, 20], { dtype: "int32" }).toString()).toBe("tensor([ 1, 20], shape=(2), dtype=int32)");
    expect(tensor([1], { requiresGrad: true }).toString()).toContain("requiresGrad=true");
  });
  it("truncates large tensors like NumPy", () => {
    const s = arange(2000, undefined, 1, { dtype: "int32" }).toString();
    expect(s).toBe("tensor([   0,    1,    2, ..., 1997, 1998, 1999], shape=(2000), dtype=int32)");
    const m = arange(3000).reshape(30, 100).toString();
    expect(m.split("\n").length).toBe(7); // 3 rows, "...", 3 rows
  });
  it("console.log shows the same text", () => {
    const t = tensor([1, 2]);
    expect(inspect(t)).toBe(t.toString());
  });
});
