import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { tensor } from "qkv";

/** Reference values from PyTorch 1.13: tests/fixtures/make_train_fixtures.py */
export const ref = JSON.parse(readFileSync(join(import.meta.dirname, "..", "fixtures", "train.json"), "utf8"));

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

/** A float32 tensor from a nested array of the fixtures. */
export function floats(x: unknown, requiresGrad = false) {
  return tensor(Float32Array.from(flat(x)), { shape: shapeOf(x), requiresGrad });
}
