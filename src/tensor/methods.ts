/**
 * Tensor's op methods, attached in one place. Each is a thin wrapper over an op function, so
 * `x.add(y)` and `add(x, y)` are the same thing. Keeping them here (and not in tensor.ts) lets every
 * op file import the Tensor class without an import cycle: tensor.ts <- op files <- this file.
 * index.ts imports this file first, so the methods exist before any tensor is used through "qkv".
 */
import { Tensor } from "./tensor.js";
import type { DType } from "./dtype.js";
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

declare module "./tensor.js" {
  interface Tensor {
    // ---- element-wise (NumPy broadcasting; `o` may be a tensor or a number) ----
    add(o: Operand): Tensor;
    sub(o: Operand): Tensor;
    mul(o: Operand): Tensor;
    div(o: Operand): Tensor;
    neg(): Tensor;
    pow(exponent: number): Tensor;
    exp(): Tensor;
    log(): Tensor;
    sqrt(): Tensor;
    abs(): Tensor;
    tanh(): Tensor;
    relu(): Tensor;
    sigmoid(): Tensor;
    gelu(approximate?: GeluApproximation): Tensor;

    // ---- comparisons and logic -> bool tensors (no gradient) ----
    eq(o: Operand): Tensor;
    ne(o: Operand): Tensor;
    gt(o: Operand): Tensor;
    ge(o: Operand): Tensor;
    lt(o: Operand): Tensor;
    le(o: Operand): Tensor;
    logicalAnd(o: Tensor): Tensor;
    logicalOr(o: Tensor): Tensor;
    logicalNot(): Tensor;

    // ---- linear algebra ----
    matmul(o: Tensor): Tensor;

    // ---- shapes (a shape may be one array or separate numbers: reshape([2, 3]) or reshape(2, 3)) ----
    reshape(...shape: (number | number[])[]): Tensor;
    transpose(dim0?: number, dim1?: number): Tensor;
    permute(...axes: (number | number[])[]): Tensor;
    unsqueeze(axis: number): Tensor;
    squeeze(axis?: number): Tensor;
    flatten(): Tensor;
    slice(axis: number, start: number, end?: number): Tensor;
    broadcastTo(shape: number[]): Tensor;

    // ---- reductions ----
    sum(axis?: number | number[], keepDims?: boolean): Tensor;
    mean(axis?: number | number[], keepDims?: boolean): Tensor;
    max(axis?: number | number[], keepDims?: boolean): Tensor;
    min(axis?: number | number[], keepDims?: boolean): Tensor;
    argmax(axis?: number, keepDims?: boolean): Tensor;
    variance(axis?: number | number[], keepDims?: boolean, correction?: number): Tensor;
    softmax(axis?: number): Tensor;
    logSoftmax(axis?: number): Tensor;

    /** Fills `value` where `mask` is TRUE (PyTorch's masked_fill); the mask broadcasts to this shape. */
    maskedFill(mask: Tensor, value: number): Tensor;

    // ---- autograd ----
    /**
     * Computes d(this)/d(leaf) for every tensor this one was computed from and adds it into `leaf.grad`.
     * A scalar needs no argument; for a non-scalar pass the gradient of the final loss w.r.t. this tensor.
     */
    backward(grad?: Tensor): void;

    // ---- conversions ----
    toArray(): NestedArray;
    to(dtype: DType): Tensor;
    clone(): Tensor;
  }
}

/** A shape given either as one array or as separate numbers: `reshape([2, 3])` or `reshape(2, 3)`. */
function shapeArgs(args: (number | number[])[]): number[] {
  return args.length === 1 && Array.isArray(args[0]) ? [...args[0]] : (args as number[]);
}

const methods: ThisType<Tensor> & Partial<Tensor> = {
  add(o) { return add(this, o); },
  sub(o) { return sub(this, o); },
  mul(o) { return mul(this, o); },
  div(o) { return div(this, o); },
  neg() { return neg(this); },
  pow(exponent) { return pow(this, exponent); },
  exp() { return exp(this); },
  log() { return log(this); },
  sqrt() { return sqrt(this); },
  abs() { return abs(this); },
  tanh() { return tanh(this); },
  relu() { return relu(this); },
  sigmoid() { return sigmoid(this); },
  gelu(approximate = "none") { return gelu(this, approximate); },

  eq(o) { return eq(this, o); },
  ne(o) { return ne(this, o); },
  gt(o) { return gt(this, o); },
  ge(o) { return ge(this, o); },
  lt(o) { return lt(this, o); },
  le(o) { return le(this, o); },
  logicalAnd(o) { return logicalAnd(this, o); },
  logicalOr(o) { return logicalOr(this, o); },
  logicalNot() { return logicalNot(this); },

  matmul(o) { return matmul(this, o); },

  reshape(...shape) { return reshape(this, shapeArgs(shape)); },
  transpose(dim0 = -2, dim1 = -1) { return transpose(this, dim0, dim1); },
  permute(...axes) { return permute(this, shapeArgs(axes)); },
  unsqueeze(axis) { return unsqueeze(this, axis); },
  squeeze(axis) { return squeeze(this, axis); },
  flatten() { return flatten(this); },
  slice(axis, start, end) { return slice(this, axis, start, end); },
  broadcastTo(shape) { return broadcastTo(this, shape); },

  sum(axis, keepDims = false) { return sum(this, axis, keepDims); },
  mean(axis, keepDims = false) { return mean(this, axis, keepDims); },
  max(axis, keepDims = false) { return max(this, axis, keepDims); },
  min(axis, keepDims = false) { return min(this, axis, keepDims); },
  argmax(axis, keepDims = false) { return argmax(this, axis, keepDims); },
  variance(axis, keepDims = false, correction = 0) { return variance(this, axis, keepDims, correction); },
  softmax(axis = -1) { return softmax(this, axis); },
  logSoftmax(axis = -1) { return logSoftmax(this, axis); },

  maskedFill(mask, value) { return maskedFill(this, mask, value); },

  backward(grad) { runBackward(this, grad); },

  toArray() { return toArray(this); },
  to(dtype) { return castTo(this, dtype); },
  clone() { return clone(this); },
};

// Non-enumerable, like methods written in the class body.
for (const [name, fn] of Object.entries(methods)) {
  Object.defineProperty(Tensor.prototype, name, { value: fn, writable: true, configurable: true, enumerable: false });
}
