/**
 * The Tensor: a shape plus a flat, row-major, contiguous typed array, and (when it takes part in
 * training) the links autograd needs: the tensors it was computed from and a closure that moves
 * the gradient from this tensor back to them. The methods below are thin wrappers over the op
 * functions in the neighbouring files, so `x.add(y)` and `add(x, y)` are the same thing.
 */
import { type DType, type TypedArray, dtypeOfArray, isFloat } from "./dtype.js";
import { check, formatShape } from "./errors.js";
import { sizeOf } from "./shape.js";
import { runBackward } from "./autograd.js";
import {
  type Operand,
  add, sub, mul, div, neg, pow, exp, log, sqrt, abs,
  eq, ne, gt, ge, lt, le, logicalAnd, logicalOr, logicalNot,
} from "./elementwise.js";
import { tanh, relu, sigmoid, gelu, type GeluApproximation } from "./activation.js";
import { matmul } from "./matmul.js";
import { reshape, transpose, permute, unsqueeze, squeeze, slice, flatten } from "./shape-ops.js";
import { broadcastTo } from "./broadcast.js";
import { sum, mean, max, min, argmax, variance } from "./reduce.js";
import { softmax, logSoftmax } from "./softmax.js";
import { maskedFill } from "./where.js";
import { toArray, castTo, clone, type NestedArray } from "./convert.js";
import { formatTensor } from "./format.js";

/** A shape given either as one array or as separate numbers: `reshape([2, 3])` or `reshape(2, 3)`. */
function shapeArgs(args: (number | number[])[]): number[] {
  return args.length === 1 && Array.isArray(args[0]) ? [...args[0]] : (args as number[]);
}

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

  // ---- element-wise (NumPy broadcasting; `o` may be a tensor or a number) ----
  add(o: Operand): Tensor { return add(this, o); }
  sub(o: Operand): Tensor { return sub(this, o); }
  mul(o: Operand): Tensor { return mul(this, o); }
  div(o: Operand): Tensor { return div(this, o); }
  neg(): Tensor { return neg(this); }
  pow(exponent: number): Tensor { return pow(this, exponent); }
  exp(): Tensor { return exp(this); }
  log(): Tensor { return log(this); }
  sqrt(): Tensor { return sqrt(this); }
  abs(): Tensor { return abs(this); }
  tanh(): Tensor { return tanh(this); }
  relu(): Tensor { return relu(this); }
  sigmoid(): Tensor { return sigmoid(this); }
  gelu(approximate: GeluApproximation = "none"): Tensor { return gelu(this, approximate); }

  // ---- comparisons and logic -> bool tensors (no gradient) ----
  eq(o: Operand): Tensor { return eq(this, o); }
  ne(o: Operand): Tensor { return ne(this, o); }
  gt(o: Operand): Tensor { return gt(this, o); }
  ge(o: Operand): Tensor { return ge(this, o); }
  lt(o: Operand): Tensor { return lt(this, o); }
  le(o: Operand): Tensor { return le(this, o); }
  logicalAnd(o: Tensor): Tensor { return logicalAnd(this, o); }
  logicalOr(o: Tensor): Tensor { return logicalOr(this, o); }
  logicalNot(): Tensor { return logicalNot(this); }

  // ---- linear algebra ----
  matmul(o: Tensor): Tensor { return matmul(this, o); }

  // ---- shapes ----
  reshape(...shape: (number | number[])[]): Tensor { return reshape(this, shapeArgs(shape)); }
  transpose(dim0 = -2, dim1 = -1): Tensor { return transpose(this, dim0, dim1); }
  permute(...axes: (number | number[])[]): Tensor { return permute(this, shapeArgs(axes)); }
  unsqueeze(axis: number): Tensor { return unsqueeze(this, axis); }
  squeeze(axis?: number): Tensor { return squeeze(this, axis); }
  flatten(): Tensor { return flatten(this); }
  slice(axis: number, start: number, end?: number): Tensor { return slice(this, axis, start, end); }
  broadcastTo(shape: number[]): Tensor { return broadcastTo(this, shape); }

  // ---- reductions ----
  sum(axis?: number | number[], keepDims = false): Tensor { return sum(this, axis, keepDims); }
  mean(axis?: number | number[], keepDims = false): Tensor { return mean(this, axis, keepDims); }
  max(axis?: number, keepDims = false): Tensor { return max(this, axis, keepDims); }
  min(axis?: number, keepDims = false): Tensor { return min(this, axis, keepDims); }
  argmax(axis?: number, keepDims = false): Tensor { return argmax(this, axis, keepDims); }
  variance(axis?: number | number[], keepDims = false, correction = 0): Tensor {
    return variance(this, axis, keepDims, correction);
  }
  softmax(axis = -1): Tensor { return softmax(this, axis); }
  logSoftmax(axis = -1): Tensor { return logSoftmax(this, axis); }

  /** Fills `value` where `mask` is TRUE (PyTorch's masked_fill); the mask broadcasts to this shape. */
  maskedFill(mask: Tensor, value: number): Tensor { return maskedFill(this, mask, value); }

  // ---- autograd ----
  /**
   * Computes d(this)/d(leaf) for every tensor this one was computed from and adds it into `leaf.grad`.
   * A scalar needs no argument; for a non-scalar pass the gradient of the final loss w.r.t. this tensor.
   */
  backward(grad?: Tensor): void { runBackward(this, grad); }

  /** The same values (shared storage) cut off from the graph: no gradient flows through it. */
  detach(): Tensor { return new Tensor(this.data, [...this.shape]); }

  zeroGrad(): void { this.grad = null; }

  // ---- conversions ----
  /** The value of a one-element tensor as a number. */
  item(): number {
    check(this.size === 1, () => `item: needs a tensor with one element, got shape ${formatShape(this.shape)} (${this.size} elements)`);
    return this.data[0];
  }
  toArray(): NestedArray { return toArray(this); }
  to(dtype: DType): Tensor { return castTo(this, dtype); }
  clone(): Tensor { return clone(this); }
  toString(): string { return formatTensor(this); }
  /** console.log() in Node and in notebooks prints the same text as toString(). */
  [Symbol.for("nodejs.util.inspect.custom")](): string { return formatTensor(this); }
}
