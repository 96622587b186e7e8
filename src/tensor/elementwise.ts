/**
 * Element-wise arithmetic, comparisons and logic, with NumPy broadcasting.
 * `other` may be a number: it acts as a constant (no gradient) and does not widen a float tensor's
 * dtype (float32 + 0.5 stays float32). Types otherwise follow promoteTypes(): mixing float32 and
 * float64 gives float64.
 */
import { Tensor } from "./tensor.js";
import { checkTensorArg } from "./validate.js";
import { type DType, allocate, promoteTypes, floatTypeOf } from "./dtype.js";
import { QkvError, check, describeValue, formatShape } from "./errors.js";
import { broadcastShapes, broadcastStrides, shapesEqual, sizeOf } from "./shape.js";
import { recordOp, accumulateGrad } from "./autograd.js";
import { broadcastOffsets, unbroadcast } from "./broadcast.js";

/** A tensor, or a plain number standing for a constant scalar. */
export type Operand = Tensor | number;

/** The dtype an operand brings to type promotion: a whole number counts as int32, any other number as float32. */
export function operandDType(o: Operand): DType {
  if (typeof o !== "number") return o.dtype;
  return Number.isInteger(o) ? "int32" : "float32";
}

export function shapeOf(o: Operand): number[] {
  return typeof o === "number" ? [] : o.shape;
}

function dataOf(o: Operand): ArrayLike<number> {
  return typeof o === "number" ? [o] : o.data;
}

export function checkOperands(a: Operand, b: Operand, op: string): void {
  for (const o of [a, b]) {
    check(
      o instanceof Tensor || typeof o === "number",
      () => `${op}: operands must be tensors or numbers, got ${describeValue(o)}${Array.isArray(o) ? " (wrap it: tensor(...))" : ""}`,
    );
  }
  check(a instanceof Tensor || b instanceof Tensor, () => `${op}: at least one operand must be a tensor`);
}

/**
 * out[i] = f(a[i], b[i]) over the broadcast shape of `a` and `b`, in `dtype`. No autograd here:
 * the ops below add their backward closures.
 */
export function binaryMap(op: string, a: Operand, b: Operand, dtype: DType, f: (x: number, y: number) => number): Tensor {
  const shapeA = shapeOf(a);
  const shapeB = shapeOf(b);
  const shape = broadcastShapes(shapeA, shapeB, op);
  const out = allocate(dtype, sizeOf(shape));
  const x = dataOf(a);
  const y = dataOf(b);
  const n = out.length;
  if (shapesEqual(shapeA, shapeB)) {
    for (let i = 0; i < n; i++) out[i] = f(x[i], y[i]);
  } else if (y.length === 1) {
    const s = y[0];
    for (let i = 0; i < n; i++) out[i] = f(x[i], s);
  } else if (x.length === 1) {
    const s = x[0];
    for (let i = 0; i < n; i++) out[i] = f(s, y[i]);
  } else {
    const offA = broadcastOffsets(shapeA, shape);
    const offB = broadcastOffsets(shapeB, shape);
    for (let i = 0; i < n; i++) out[i] = f(x[offA[i]], y[offB[i]]);
  }
  return new Tensor(out, shape);
}

/** out[i] = f(t[i]) in `dtype`; no autograd. */
export function unaryMap(t: Tensor, dtype: DType, f: (x: number) => number): Tensor {
  const out = allocate(dtype, t.size);
  const x = t.data;
  for (let i = 0; i < out.length; i++) out[i] = f(x[i]);
  return new Tensor(out, [...t.shape]);
}

/** The four arithmetic operators, each with its own loops (see arithmetic()). */
type ArithmeticOp = "add" | "sub" | "mul" | "div";

/**
 * out = a (op) b over the broadcast shape. Each operator has its own explicit loop rather than one loop
 * calling a function per element: V8 cannot inline a call site that sees many different functions,
 * and such a loop runs about 5× slower.
 */
function arithmetic(op: ArithmeticOp, a: Operand, b: Operand, dtype: DType): Tensor {
  const shapeA = shapeOf(a);
  const shapeB = shapeOf(b);
  const shape = broadcastShapes(shapeA, shapeB, op);
  const out = allocate(dtype, sizeOf(shape));
  const x = typeof a === "number" ? Float64Array.of(a) : a.data;
  const y = typeof b === "number" ? Float64Array.of(b) : b.data;
  const n = out.length;
  if (shapesEqual(shapeA, shapeB)) {
    switch (op) {
      case "add": for (let i = 0; i < n; i++) out[i] = x[i] + y[i]; break;
      case "sub": for (let i = 0; i < n; i++) out[i] = x[i] - y[i]; break;
      case "mul": for (let i = 0; i < n; i++) out[i] = x[i] * y[i]; break;
      case "div": for (let i = 0; i < n; i++) out[i] = x[i] / y[i]; break;
    }
  } else if (n > 0) {
    // Broadcasting by strides: walk the output row by row (rows along the last axis); a and b advance by
    // their own strides, 0 along an axis they are re-read on. No index table is built.
    const nd = shape.length;
    const sa = broadcastStrides(shapeA, shape);
    const sb = broadcastStrides(shapeB, shape);
    const last = shape[nd - 1];
    const la = sa[nd - 1];
    const lb = sb[nd - 1];
    const index = new Array<number>(nd).fill(0);
    let oa = 0; // where this row starts in a
    let ob = 0; // and in b
    for (let i = 0; i < n; i += last) {
      switch (op) {
        case "add": for (let j = 0; j < last; j++) out[i + j] = x[oa + j * la] + y[ob + j * lb]; break;
        case "sub": for (let j = 0; j < last; j++) out[i + j] = x[oa + j * la] - y[ob + j * lb]; break;
        case "mul": for (let j = 0; j < last; j++) out[i + j] = x[oa + j * la] * y[ob + j * lb]; break;
        case "div": for (let j = 0; j < last; j++) out[i + j] = x[oa + j * la] / y[ob + j * lb]; break;
      }
      // Odometer over the other axes: advance the second-to-last; on wrap-around, reset it and carry.
      for (let d = nd - 2; d >= 0; d--) {
        index[d]++;
        oa += sa[d];
        ob += sb[d];
        if (index[d] < shape[d]) break;
        oa -= sa[d] * shape[d];
        ob -= sb[d] * shape[d];
        index[d] = 0;
      }
    }
  }
  return new Tensor(out, shape);
}

/** Passes a gradient to an operand that is a tensor needing one, summed back over broadcast axes. */
function passGrad(o: Operand, makeGrad: () => Tensor): void {
  if (typeof o === "number" || !o.requiresGrad) return;
  accumulateGrad(o, unbroadcast(makeGrad(), o.shape));
}

function tensorsOf(...operands: Operand[]): Tensor[] {
  return operands.filter((o): o is Tensor => typeof o !== "number");
}

export function add(a: Operand, b: Operand): Tensor {
  checkOperands(a, b, "add");
  const out = arithmetic("add", a, b, promoteTypes(operandDType(a), operandDType(b)));
  return recordOp(out, "add", tensorsOf(a, b), () => {
    passGrad(a, () => out.grad!);
    passGrad(b, () => out.grad!);
  });
}

export function sub(a: Operand, b: Operand): Tensor {
  checkOperands(a, b, "sub");
  const out = arithmetic("sub", a, b, promoteTypes(operandDType(a), operandDType(b)));
  return recordOp(out, "sub", tensorsOf(a, b), () => {
    passGrad(a, () => out.grad!);
    passGrad(b, () => neg(out.grad!));
  });
}

export function mul(a: Operand, b: Operand): Tensor {
  checkOperands(a, b, "mul");
  const out = arithmetic("mul", a, b, promoteTypes(operandDType(a), operandDType(b)));
  return recordOp(out, "mul", tensorsOf(a, b), () => {
    passGrad(a, () => mul(out.grad!, b)); // d(ab)/da = b
    passGrad(b, () => mul(out.grad!, a));
  });
}

/** True division: integer inputs give a float result. Division by zero gives ±Infinity (IEEE). */
export function div(a: Operand, b: Operand): Tensor {
  checkOperands(a, b, "div");
  const dtype = floatTypeOf(promoteTypes(operandDType(a), operandDType(b)));
  const out = arithmetic("div", a, b, dtype);
  return recordOp(out, "div", tensorsOf(a, b), () => {
    passGrad(a, () => div(out.grad!, b)); // d(a/b)/da = 1/b
    passGrad(b, () => neg(mul(out.grad!, div(out, b)))); // d(a/b)/db = -a/b² = -out/b
  });
}

/** A new tensor with t's shape and uninitialized (zero) storage of `dtype`. */
export function emptyLike(t: Tensor, dtype: DType): Tensor {
  return new Tensor(allocate(dtype, t.size), [...t.shape]);
}

// The unary ops below each write their own loop (rather than calling unaryMap with a function) for
// the speed reason given at arithmetic().

export function neg(t: Tensor): Tensor {
  checkTensorArg(t, "neg", "t");
  const out = emptyLike(t, t.dtype === "bool" ? "int32" : t.dtype);
  const x = t.data, y = out.data;
  for (let i = 0; i < y.length; i++) y[i] = -x[i];
  return recordOp(out, "neg", [t], () => accumulateGrad(t, neg(out.grad!)));
}

/**
 * t ** exponent. A negative base with a non-integer exponent has no real value: that is an error
 * (it would silently give NaN).
 */
export function pow(t: Tensor, exponent: number): Tensor {
  checkTensorArg(t, "pow", "t");
  check(typeof exponent === "number", () => `pow: exponent must be a number, got ${typeof exponent}`);
  const x = t.data;
  if (!Number.isInteger(exponent)) {
    for (let i = 0; i < x.length; i++) {
      if (x[i] < 0) {
        throw new QkvError(`pow: negative base ${x[i]} at flat index ${i} with non-integer exponent ${exponent} has no real value (would be NaN)`);
      }
    }
  }
  const out = emptyLike(t, floatTypeOf(t.dtype));
  const y = out.data;
  if (exponent === 2) for (let i = 0; i < y.length; i++) y[i] = x[i] * x[i];
  else for (let i = 0; i < y.length; i++) y[i] = Math.pow(x[i], exponent);
  return recordOp(out, "pow", [t], () => {
    // d(x^p)/dx = p x^(p-1); for p = 0 it is 0 everywhere, also at x = 0 where 0 · 0^(-1) would be
    // 0 · ∞ = NaN (PyTorch's pow_backward returns zeros for a zero exponent too).
    const g = out.grad!.data;
    const dx = emptyLike(t, t.dtype);
    if (exponent === 0) return accumulateGrad(t, dx);
    const d = dx.data;
    for (let i = 0; i < g.length; i++) d[i] = g[i] * exponent * Math.pow(x[i], exponent - 1);
    accumulateGrad(t, dx);
  });
}

export function exp(t: Tensor): Tensor {
  checkTensorArg(t, "exp", "t");
  const out = emptyLike(t, floatTypeOf(t.dtype));
  const x = t.data, y = out.data;
  for (let i = 0; i < y.length; i++) y[i] = Math.exp(x[i]);
  return recordOp(out, "exp", [t], () => accumulateGrad(t, mul(out.grad!, out))); // (e^x)' = e^x
}

/** Throws on the first negative element: `op` is undefined there and would silently give NaN. */
function checkNonNegative(t: Tensor, op: string, rule: string): void {
  const x = t.data;
  for (let i = 0; i < x.length; i++) {
    if (x[i] < 0) throw new QkvError(`${op}: input has negative value ${x[i]} at flat index ${i} (shape ${formatShape(t.shape)}); ${rule}`);
  }
}

/** Natural log. log(0) = -Infinity is allowed; a negative input is an error (it would be NaN). */
export function log(t: Tensor): Tensor {
  checkTensorArg(t, "log", "t");
  checkNonNegative(t, "log", "log is defined for x >= 0 only (log(0) = -Infinity)");
  const out = emptyLike(t, floatTypeOf(t.dtype));
  const x = t.data, y = out.data;
  for (let i = 0; i < y.length; i++) y[i] = Math.log(x[i]);
  return recordOp(out, "log", [t], () => accumulateGrad(t, div(out.grad!, t))); // (log x)' = 1/x
}

/** Square root; a negative input is an error (it would be NaN). */
export function sqrt(t: Tensor): Tensor {
  checkTensorArg(t, "sqrt", "t");
  checkNonNegative(t, "sqrt", "sqrt is defined for x >= 0 only");
  const out = emptyLike(t, floatTypeOf(t.dtype));
  const x = t.data, y = out.data;
  for (let i = 0; i < y.length; i++) y[i] = Math.sqrt(x[i]);
  return recordOp(out, "sqrt", [t], () => accumulateGrad(t, div(out.grad!, mul(out, 2)))); // 1 / (2 sqrt x)
}

/** |x|; its gradient at 0 is taken as 0 (like PyTorch). */
export function abs(t: Tensor): Tensor {
  checkTensorArg(t, "abs", "t");
  const out = emptyLike(t, t.dtype === "bool" ? "int32" : t.dtype);
  const x = t.data, y = out.data;
  for (let i = 0; i < y.length; i++) y[i] = Math.abs(x[i]);
  return recordOp(out, "abs", [t], () => {
    const g = out.grad!.data;
    const dx = emptyLike(t, t.dtype);
    const d = dx.data;
    for (let i = 0; i < g.length; i++) d[i] = g[i] * Math.sign(x[i]);
    accumulateGrad(t, dx);
  });
}

// ---- comparisons: bool results, no gradient ----

function compare(op: string, a: Operand, b: Operand, f: (x: number, y: number) => boolean): Tensor {
  checkOperands(a, b, op);
  return binaryMap(op, a, b, "bool", (x, y) => (f(x, y) ? 1 : 0));
}

export function eq(a: Operand, b: Operand): Tensor { return compare("eq", a, b, (x, y) => x === y); }
export function ne(a: Operand, b: Operand): Tensor { return compare("ne", a, b, (x, y) => x !== y); }
export function gt(a: Operand, b: Operand): Tensor { return compare("gt", a, b, (x, y) => x > y); }
export function ge(a: Operand, b: Operand): Tensor { return compare("ge", a, b, (x, y) => x >= y); }
export function lt(a: Operand, b: Operand): Tensor { return compare("lt", a, b, (x, y) => x < y); }
export function le(a: Operand, b: Operand): Tensor { return compare("le", a, b, (x, y) => x <= y); }

// ---- logic on bool tensors (combining masks) ----

function checkBool(t: Tensor, op: string): void {
  check(t instanceof Tensor && t.dtype === "bool", () => `${op}: needs bool tensors, got ${t instanceof Tensor ? t.dtype : typeof t}`);
}

/** Element-wise AND of two bool tensors, e.g. a causal mask AND a padding mask. */
export function logicalAnd(a: Tensor, b: Tensor): Tensor {
  checkBool(a, "logicalAnd");
  checkBool(b, "logicalAnd");
  return binaryMap("logicalAnd", a, b, "bool", (x, y) => x & y);
}

export function logicalOr(a: Tensor, b: Tensor): Tensor {
  checkBool(a, "logicalOr");
  checkBool(b, "logicalOr");
  return binaryMap("logicalOr", a, b, "bool", (x, y) => x | y);
}

export function logicalNot(t: Tensor): Tensor {
  checkBool(t, "logicalNot");
  return unaryMap(t, "bool", (x) => 1 - x);
}
