/** Shapes, strides, axes and NumPy broadcasting rules. */
import { check, describeValue, formatShape } from "./errors.js";

export type Shape = number[];

/** Number of elements of a shape (1 for a scalar's shape `[]`). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides: the last axis has stride 1. `[2, 3, 4]` -> `[12, 4, 1]`. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  return strides;
}

export function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Checks that a shape is a list of non-negative integers. */
export function checkShape(shape: readonly number[], op: string): void {
  check(Array.isArray(shape), () => `${op}: shape must be an array of non-negative integers, got ${describeValue(shape)}`);
  for (const d of shape) {
    check(
      Number.isInteger(d) && d >= 0,
      () => `${op}: shape ${formatShape(shape)}: dimensions must be non-negative integers, got ${describeValue(d)}`,
    );
  }
  // Beyond this a typed array cannot be allocated ("Invalid typed array length" otherwise).
  check(sizeOf(shape) <= MAX_ELEMENTS, () => `${op}: shape ${formatShape(shape)} has ${sizeOf(shape)} elements, more than the ${MAX_ELEMENTS} a tensor can hold`);
}

/** The largest number of elements a tensor may have (2^31 − 1; a float32 tensor that size is 8 GB). */
export const MAX_ELEMENTS = 2 ** 31 - 1;

/** Turns a possibly negative axis into 0..ndim-1, or throws naming the op and the shape. */
export function normalizeAxis(axis: number, ndim: number, op: string, shape: readonly number[]): number {
  check(
    Number.isInteger(axis) && axis >= -ndim && axis < ndim,
    () => `${op}: axis ${axis} is out of range for shape ${formatShape(shape)} (valid: ${-ndim}..${ndim - 1})`,
  );
  return axis < 0 ? axis + ndim : axis;
}

/**
 * NumPy broadcasting: align shapes on the right; each pair of dimensions must be equal or one of them 1.
 * `(4,1,3)` and `(2,3)` -> `(4,2,3)`.
 */
export function broadcastShapes(a: readonly number[], b: readonly number[], op = "broadcastShapes"): number[] {
  checkShape(a, op);
  checkShape(b, op);
  const ndim = Math.max(a.length, b.length);
  const out = new Array<number>(ndim);
  for (let i = 1; i <= ndim; i++) {
    const da = i <= a.length ? a[a.length - i] : 1;
    const db = i <= b.length ? b[b.length - i] : 1;
    check(
      da === db || da === 1 || db === 1,
      () =>
        `${op}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast: ` +
        `dimension ${da} != ${db} (axis ${-i} from the right) and neither is 1`,
    );
    out[ndim - i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * Strides for reading an array of shape `inShape` as if it had the larger `outShape`:
 * broadcast dimensions (size 1, or missing on the left) get stride 0, so the same element is re-read.
 */
export function broadcastStrides(inShape: readonly number[], outShape: readonly number[]): number[] {
  const inStrides = stridesOf(inShape);
  const offset = outShape.length - inShape.length;
  const strides = new Array<number>(outShape.length).fill(0);
  for (let d = 0; d < inShape.length; d++) {
    strides[d + offset] = inShape[d] === 1 ? 0 : inStrides[d];
  }
  return strides;
}

/** Sizes around an axis: the tensor read as (outer, n, inner) with `axis` in the middle. */
export function splitAtAxis(shape: readonly number[], axis: number): { outer: number; n: number; inner: number } {
  return { outer: sizeOf(shape.slice(0, axis)), n: shape[axis], inner: sizeOf(shape.slice(axis + 1)) };
}
