/**
 * The Tensor: a shape plus a flat, row-major, contiguous typed array, and (when it takes part in
 * training) the links autograd needs: the tensors it was computed from and a closure that moves
 * the gradient from this tensor back to them.
 *
 * This file holds only the data and what needs nothing but the data. The op methods (`x.add(y)`,
 * `x.matmul(w)`, `x.backward()`, …) are thin wrappers over the op functions of the neighbouring files,
 * attached in one place, methods.ts, so that the op files can import Tensor without an import cycle:
 * tensor.ts <- op files <- methods.ts <- index.ts.
 */
import { type DType, type TypedArray, dtypeOfArray, isFloat } from "./dtype.js";
import { check, formatShape } from "./errors.js";
import { sizeOf } from "./shape.js";
import { formatTensor } from "./format.js";

export class Tensor {
  /** Row-major shape; `[]` is a scalar. Never mutate it: make a new tensor with reshape(). */
  readonly shape: number[];
  readonly dtype: DType;
  /** The values, row-major. Optimizers update parameters by writing into this array. */
  data: TypedArray;
  /** Whether backward() should compute a gradient for this tensor (float dtypes only). */
  requiresGrad: boolean;
  /** Same shape and dtype as this tensor. For leaves it accumulates over backward() calls until zeroGrad(). */
  grad: Tensor | null = null;

  /** Autograd internals: the inputs this tensor was computed from, and how to pass a gradient to them. */
  _parents: Tensor[] = [];
  _backward: (() => void) | null = null;
  /** Name of the op that made this tensor ("" for a leaf); shown when drawing the graph. */
  _op = "";

  constructor(data: TypedArray, shape: number[], requiresGrad = false) {
    check(
      data.length === sizeOf(shape),
      () => `Tensor: data has ${data.length} elements but shape ${formatShape(shape)} needs ${sizeOf(shape)}`,
    );
    this.data = data;
    this.shape = shape;
    this.dtype = dtypeOfArray(data);
    check(
      !requiresGrad || isFloat(this.dtype),
      () => `Tensor: requiresGrad needs a float dtype, got ${this.dtype} (integer and bool tensors carry no gradient)`,
    );
    this.requiresGrad = requiresGrad;
  }

  /** Number of elements. */
  get size(): number {
    return this.data.length;
  }

  /** Number of axes. */
  get ndim(): number {
    return this.shape.length;
  }

  // ---- autograd ----
  /** The same values (shared storage) cut off from the graph: no gradient flows through it. */
  detach(): Tensor { return new Tensor(this.data, [...this.shape]); }

  zeroGrad(): void { this.grad = null; }

  // ---- conversions ----
  /** The value of a one-element tensor as a number. */
  item(): number {
    check(this.size === 1, () => `item: needs a tensor with one element, got shape ${formatShape(this.shape)} (${this.size} elements)`);
    return this.data[0];
  }
  toString(): string { return formatTensor(this); }
  /** console.log() in Node and in notebooks prints the same text as toString(). */
  [Symbol.for("nodejs.util.inspect.custom")](): string { return formatTensor(this); }
}
