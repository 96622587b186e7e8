import { expect } from "vitest";

/** Flattens nested arrays of numbers (or "NaN" strings) to numbers. */
export function flat(x: unknown): number[] {
  if (Array.isArray(x)) return x.flatMap(flat);
  if (x === "NaN") return [NaN];
  return [x as number];
}

/** Shape of a nested array. */
export function shapeOf(x: unknown): number[] {
  return Array.isArray(x) ? [x.length, ...shapeOf(x[0])] : [];
}

/** Every value within `tol` (absolute + relative) of the reference; NaN matches NaN. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-5, what = ""): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(e)) {
      expect(Number.isNaN(a), `${what}[${i}]: expected NaN, got ${a}`).toBe(true);
      continue;
    }
    expect(Math.abs(a - e) <= tol * (1 + Math.abs(e)), `${what}[${i}]: ${a} vs ${e}`).toBe(true);
  }
}
