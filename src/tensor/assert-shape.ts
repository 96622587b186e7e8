/** A shape check for layers and lessons, with a message that says which input was wrong. */
import type { Tensor } from "./tensor.js";
import { checkTensorArg } from "./validate.js";
import { check, formatShape, describeValue } from "./errors.js";

/**
 * Throws unless `t.shape` matches `expected`, where null matches any size:
 * assertShape(x, [null, null, 64], "TransformerBlock input (B, T, C)").
 */
export function assertShape(t: Tensor, expected: (number | null)[], what: string): void {
  checkTensorArg(t, "assertShape", "t");
  check(Array.isArray(expected), () => `assertShape: expected must be an array of sizes (null = any), got ${describeValue(expected)}`);
  const ok = t.ndim === expected.length && expected.every((d, i) => d === null || d === t.shape[i]);
  check(ok, () => `${what}: expected shape (${expected.map((d) => (d === null ? "*" : d)).join(",")}) but got ${formatShape(t.shape)}`);
}
