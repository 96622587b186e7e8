// viz reads tensors through the fields of the tensor API contract (shape, dtype, data, toString) rather
// than `instanceof Tensor`: in a notebook kernel a module can be loaded twice (once through the package
// name, once through a deep path), and instanceof fails across the two copies while these fields do not.
import { QkvError } from "../tensor/index.js";
import { describeValue, formatShape } from "../tensor/errors.js";

/** The part of qkv's Tensor that viz reads. */
export interface TensorLike {
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly data: ArrayLike<number>;
}

export function isTensorLike(x: unknown): x is TensorLike {
  if (typeof x !== "object" || x === null) return false;
  const t = x as { shape?: unknown; dtype?: unknown; data?: unknown };
  return Array.isArray(t.shape) && typeof t.dtype === "string" && ArrayBuffer.isView(t.data);
}

/** A 2-D tensor or nested array as rows of numbers; `op` and `what` name the caller in errors. */
export function toMatrix(x: TensorLike | readonly (readonly number[])[], op: string, what: string): number[][] {
  if (isTensorLike(x)) {
    if (x.shape.length !== 2) {
      throw new QkvError(`${op}: ${what} must be 2-D, got shape ${formatShape(x.shape)}`);
    }
    const [rows, cols] = x.shape as [number, number];
    const out: number[][] = [];
    for (let i = 0; i < rows; i++) out.push(Array.from({ length: cols }, (_, j) => Number(x.data[i * cols + j])));
    return out;
  }
  if (!Array.isArray(x)) throw new QkvError(`${op}: ${what} must be a 2-D tensor or an array of rows, got ${describeValue(x)}`);
  const cols = x.length > 0 && Array.isArray(x[0]) ? x[0]!.length : 0;
  x.forEach((row, i) => {
    if (!Array.isArray(row)) throw new QkvError(`${op}: ${what} must be 2-D (an array of rows), but row ${i} is ${describeValue(row)}`);
    if (row.length !== cols) {
      throw new QkvError(`${op}: ${what} is ragged: row 0 has ${cols} entries but row ${i} has ${row.length}`);
    }
    row.forEach((v, j) => checkEntry(v, op, what, `[${i}][${j}]`, "2-D"));
  });
  return x.map((row) => row.map(Number));
}

/** A 1-D tensor or array as numbers. */
export function toVector(x: TensorLike | readonly number[], op: string, what: string): number[] {
  if (isTensorLike(x)) {
    if (x.shape.length !== 1) {
      throw new QkvError(`${op}: ${what} must be 1-D, got shape ${formatShape(x.shape)}`);
    }
    return Array.from(x.data, Number);
  }
  if (!Array.isArray(x)) throw new QkvError(`${op}: ${what} must be a 1-D tensor or an array of numbers, got ${describeValue(x)}`);
  x.forEach((v, i) => checkEntry(v, op, what, `[${i}]`, "1-D"));
  return x.map(Number);
}

/** An entry of plotted data is a number: a nested array there means data of the wrong rank (NaN in the figure before). */
function checkEntry(v: unknown, op: string, what: string, where: string, rank: string): void {
  if (typeof v === "number") return;
  if (Array.isArray(v)) throw new QkvError(`${op}: ${what} must be ${rank}, but ${what}${where} is an array (one axis too many)`);
  throw new QkvError(`${op}: ${what}${where} must be a number, got ${describeValue(v)}`);
}
