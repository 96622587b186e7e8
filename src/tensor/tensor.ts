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
import { QkvError, check, describeValue, formatShape } from "./errors.js";
import { checkShape, sizeOf } from "./shape.js";
import { formatTensor } from "./format.js";

export class Tensor {
  /** Row-major shape; `[]` is a scalar. Never mutate it: make a new tensor with reshape(). */
  readonly shape: number[];
  readonly dtype: DType;
  /** The values, row-major. Optimizers update parameters by writing into this array. */
  data: TypedArray;
  /** Whether backward() should compute a gradient for this tensor (float dtypes only). */
  requiresGrad: boolean;
  /**
   * Same shape and dtype as this tensor. Set by backward() on leaves (tensors made with requiresGrad,
   * such as parameters), where it accumulates over backward() calls until zeroGrad(). An intermediate
   * tensor (computed by an op) keeps no gradient after backward(), as in PyTorch, unless retainGrad()
   * was called on it first.
   */
  grad: Tensor | null = null;
  /** Set by retainGrad(): backward() keeps this intermediate tensor's .grad. */
  _retainGrad = false;

  /** Autograd internals: the inputs this tensor was computed from, and how to pass a gradient to them. */
  _parents: Tensor[] = [];
  _backward: (() => void) | null = null;
  /** Name of the op that made this tensor ("" for a leaf); shown when drawing the graph. */
  _op = "";

  /**
   * Wraps `data` (not copied) as a tensor of `shape`; its kind of array sets the dtype (Float32Array,
   * Float64Array, Int32Array, or Uint8Array of 0/1 for bool). To build one from numbers, use tensor().
   */
  constructor(data: TypedArray, shape: number[], requiresGrad = false) {
    check(
      data instanceof Float32Array || data instanceof Float64Array || data instanceof Int32Array || data instanceof Uint8Array,
      () => `Tensor: data must be a Float32Array, Float64Array, Int32Array or Uint8Array (bool), got ${describeValue(data)} (to build a tensor from numbers use tensor(values))`,
    );
    checkShape(shape, "Tensor");
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
    if (data instanceof Uint8Array) {
      for (let i = 0; i < data.length; i++) {
        if (data[i] > 1) throw new QkvError(`Tensor: a bool tensor's Uint8Array holds 0 or 1, got ${data[i]} at flat index ${i}`);
      }
    }
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

  /**
   * Asks backward() to keep this intermediate tensor's gradient in .grad (PyTorch's retain_grad()),
   * e.g. to look at dLoss/dLogits. Leaves keep theirs anyway. Returns this tensor, for chaining.
   */
  retainGrad(): this {
    check(this.requiresGrad, () => `retainGrad: this tensor of shape ${formatShape(this.shape)} does not require grad, so it will get no gradient`);
    this._retainGrad = true;
    return this;
  }

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
