/** Shared test helpers for the tensor area. */
import { expect } from "vitest";
import { Tensor } from "qkv";

/** Flat values of a tensor or nested array. */
function flat(x: Tensor | number[] | number): number[] {
  if (x instanceof Tensor) return Array.from(x.data);
  if (typeof x === "number") return [x];
  return (x as unknown[]).flat(Infinity as 1) as number[];
}

/** Asserts |actual − expected| <= atol + rtol·|expected| element-wise (and equal shapes when both are tensors). */
export function expectClose(actual: Tensor, expected: Tensor | number[] | number, atol = 1e-5, rtol = 0): void {
  if (expected instanceof Tensor) expect(actual.shape).toEqual(expected.shape);
  const a = flat(actual);
  const e = flat(expected);
  expect(a.length).toBe(e.length);
  for (let i = 0; i < a.length; i++) {
    const ok = a[i] === e[i] || Math.abs(a[i] - e[i]) <= atol + rtol * Math.abs(e[i]);
    if (!ok) throw new Error(`element ${i}: got ${a[i]}, expected ${e[i]} (atol ${atol}, rtol ${rtol})`);
  }
}
