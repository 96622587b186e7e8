/** Making tensors: from nested arrays or typed arrays, and the usual constant and range tensors. */
import { Tensor } from "./tensor.js";
import { checkTensorArg } from "./validate.js";
import { type DType, type TypedArray, allocate, dtypeOfArray, DTYPES } from "./dtype.js";
import { QkvError, check, checkOptionsObject, describeValue, formatShape } from "./errors.js";
import { MAX_ELEMENTS, checkShape, sizeOf } from "./shape.js";
import type { NestedArray } from "./convert.js";

export interface TensorOptions {
  /** float32 unless said otherwise (booleans give bool). */
  dtype?: DType;
  /** Make it a leaf that collects a gradient in backward() (float dtypes only). */
  requiresGrad?: boolean;
}

export interface TensorDataOptions extends TensorOptions {
  /** Shape to give flat data; by default the nesting of the array (or [length] for a typed array). */
  shape?: number[];
}

function checkDType(dtype: DType, op: string): void {
  check(DTYPES.includes(dtype), () => `${op}: unknown dtype "${dtype}" (use float32, float64, int32 or bool)`);
}

/** Walks the first element at each depth to find the shape, then checks every row matches it. */
function inferShape(data: NestedArray): number[] {
  const shape: number[] = [];
  let level: NestedArray = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  return shape;
}

function flattenInto(data: NestedArray, shape: number[], depth: number, out: number[], path: number[]): void {
  if (depth === shape.length) {
    check(
      typeof data === "number" || typeof data === "boolean",
      () => `tensor: element at [${path.join(",")}] is ${Array.isArray(data) ? "an array" : typeof data}; expected a number (nested array deeper than shape ${formatShape(shape)}?)`,
    );
    out.push(typeof data === "boolean" ? (data ? 1 : 0) : data);
    return;
  }
  check(
    Array.isArray(data) && data.length === shape[depth],
    () =>
      `tensor: ragged nested array: at [${path.join(",")}] expected a list of length ${shape[depth]} ` +
      `(shape ${formatShape(shape)}), got ${Array.isArray(data) ? `length ${data.length}` : String(data)}`,
  );
  for (let i = 0; i < shape[depth]; i++) {
    path.push(i);
    flattenInto((data as NestedArray[])[i], shape, depth + 1, out, path);
    path.pop();
  }
}

function firstLeaf(data: NestedArray): NestedArray {
  let level = data;
  while (Array.isArray(level) && level.length > 0) level = level[0];
  return level;
}

function isTypedArray(x: unknown): x is TypedArray {
  return x instanceof Float32Array || x instanceof Float64Array || x instanceof Int32Array || x instanceof Uint8Array;
}

/**
 * A tensor from nested arrays (`tensor([[1, 2], [3, 4]])`), a number (a scalar, shape `[]`) or a typed
 * array (copied; shape `[length]` unless `opts.shape`). Numbers become float32 unless `opts.dtype` says
 * otherwise; nested booleans become bool.
 */
export function tensor(data: NestedArray | TypedArray, opts: TensorDataOptions = {}): Tensor {
  check(
    typeof data === "number" || typeof data === "boolean" || Array.isArray(data) || isTypedArray(data),
    () =>
      `tensor: data must be a number, a nested array of numbers or a typed array, got ${describeValue(data)}` +
      (data instanceof Tensor ? " (to copy a tensor use .clone())" : ""),
  );
  checkOptionsObject("tensor", "opts", opts);
  let values: ArrayLike<number>;
  let shape: number[];
  let dtype: DType;
  if (isTypedArray(data)) {
    values = data;
    shape = opts.shape ? [...opts.shape] : [data.length];
    dtype = opts.dtype ?? dtypeOfArray(data);
  } else {
    const inferred = inferShape(data);
    const flat: number[] = [];
    flattenInto(data, inferred, 0, flat, []);
    values = flat;
    shape = opts.shape ? [...opts.shape] : inferred;
    dtype = opts.dtype ?? (typeof firstLeaf(data) === "boolean" ? "bool" : "float32");
  }
  checkDType(dtype, "tensor");
  checkShape(shape, "tensor");
  check(
    sizeOf(shape) === values.length,
    () => `tensor: ${values.length} values cannot have shape ${formatShape(shape)} (${sizeOf(shape)} elements)`,
  );
  checkValuesFit(values, dtype, isTypedArray(data) ? dtypeOfArray(data) : null);
  const storage = allocate(dtype, values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    storage[i] = dtype === "bool" ? (v ? 1 : 0) : v;
  }
  return new Tensor(storage, shape, opts.requiresGrad ?? false);
}

/**
 * A value the dtype cannot hold is an error, not a silent change: bool takes only true/false (or 0/1),
 * int32 only whole numbers in its range. (Tensor.to() converts on purpose: it truncates and tests != 0.)
 */
function checkValuesFit(values: ArrayLike<number>, dtype: DType, from: DType | null): void {
  if (dtype === "bool" && from !== "bool") {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v !== 0 && v !== 1) {
        throw new QkvError(`tensor: dtype bool needs true/false (or 0/1) values, got ${v} at flat index ${i} (for a mask from numbers compare them, e.g. x.ne(0))`);
      }
    }
  } else if (dtype === "int32" && from !== "int32" && from !== "bool") {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!(Number.isInteger(v) && v >= -2147483648 && v <= 2147483647)) {
        throw new QkvError(`tensor: dtype int32 needs whole numbers in -2147483648..2147483647, got ${v} at flat index ${i} (round them first, or use .to("int32") to truncate)`);
      }
    }
  }
}

/** A tensor of `shape` filled with `value`. */
export function full(shape: number[], value: number, opts: TensorOptions = {}): Tensor {
  check(typeof value === "number" || typeof value === "boolean", () => `full: value must be a number, got ${describeValue(value)}`);
  checkShape(shape, "full");
  const dtype = opts.dtype ?? "float32";
  checkDType(dtype, "full");
  const data = allocate(dtype, sizeOf(shape));
  if (value !== 0) data.fill(value);
  return new Tensor(data, [...shape], opts.requiresGrad ?? false);
}

export function zeros(shape: number[], opts: TensorOptions = {}): Tensor {
  return full(shape, 0, opts);
}

export function ones(shape: number[], opts: TensorOptions = {}): Tensor {
  return full(shape, 1, opts);
}

/** Zeros with the shape and dtype of `t`. */
export function zerosLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  checkTensorArg(t, "zerosLike", "t");
  return full(t.shape, 0, { dtype: t.dtype, ...opts });
}

/** Ones with the shape and dtype of `t`. */
export function onesLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  checkTensorArg(t, "onesLike", "t");
  return full(t.shape, 1, { dtype: t.dtype, ...opts });
}

/**
 * Values start, start+step, … up to but not including end; `arange(5)` is 0..4.
 * float32 unless `opts.dtype` (even for whole numbers: pass dtype "int32" for ids).
 */
export function arange(start: number, end?: number, step = 1, opts: TensorOptions = {}): Tensor {
  if (end === undefined) {
    end = start;
    start = 0;
  }
  const [from, to] = [start, end];
  check(step !== 0 && Number.isFinite(step), () => `arange: step must be a non-zero finite number, got ${step}`);
  check(
    typeof from === "number" && typeof to === "number" && Number.isFinite(from) && Number.isFinite(to),
    () => `arange: start and end must be finite numbers, got ${describeValue(from)} and ${describeValue(to)}`,
  );
  const n = Math.max(0, Math.ceil((to - from) / step));
  check(n <= MAX_ELEMENTS, () => `arange: ${from} to ${to} in steps of ${step} gives ${n} elements, more than the ${MAX_ELEMENTS} a tensor can hold`);
  const dtype = opts.dtype ?? "float32";
  checkDType(dtype, "arange");
  const data = allocate(dtype, n);
  for (let i = 0; i < n; i++) data[i] = from + i * step;
  return new Tensor(data, [n], opts.requiresGrad ?? false);
}

/** The n×n identity matrix. */
export function eye(n: number, opts: TensorOptions = {}): Tensor {
  check(Number.isInteger(n) && n >= 0, () => `eye: n must be a non-negative integer, got ${describeValue(n)}`);
  check(n * n <= MAX_ELEMENTS, () => `eye: n = ${n} gives ${n * n} elements, more than the ${MAX_ELEMENTS} a tensor can hold`);
  const dtype = opts.dtype ?? "float32";
  checkDType(dtype, "eye");
  const data = allocate(dtype, n * n);
  for (let i = 0; i < n; i++) data[i * n + i] = 1;
  return new Tensor(data, [n, n], opts.requiresGrad ?? false);
}
