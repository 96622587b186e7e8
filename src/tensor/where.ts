/** Choosing between values by a bool condition: where() and maskedFill(). */
import { Tensor } from "./tensor.js";
import { checkTensorArg } from "./validate.js";
import { allocate, promoteTypes } from "./dtype.js";
import { check, formatShape, describeValue } from "./errors.js";
import { broadcastShapes, shapesEqual, sizeOf } from "./shape.js";
import { recordOp, accumulateGrad } from "./autograd.js";
import { broadcastOffsets, unbroadcast } from "./broadcast.js";
import { type Operand, operandDType, shapeOf } from "./elementwise.js";
import { castTo } from "./convert.js";

/**
 * How output element i finds the element it reads from an input of `inShape`: offsets[i], or i · step
 * when no table is needed (step 1: the input has the output's shape; step 0: it is a single value).
 * Attention's maskedFill (scores of the output's shape, a scalar fill value) then builds no tables.
 */
function reader(inShape: readonly number[], outShape: readonly number[]): { offsets: Int32Array | null; step: number } {
  if (shapesEqual(inShape, outShape)) return { offsets: null, step: 1 };
  if (sizeOf(inShape) === 1) return { offsets: null, step: 0 };
  return { offsets: broadcastOffsets(inShape, outShape), step: 0 };
}

/**
 * out = cond ? a : b, element by element, all three broadcast together. `cond` must be bool.
 * Gradients: `a` receives the output gradient where cond is true, `b` where it is false.
 */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  check(cond instanceof Tensor, () => `where: condition must be a bool tensor, got ${describeValue(cond)}`);
  for (const [name, o] of [["a", a], ["b", b]] as const) {
    check(typeof o === "number" || o instanceof Tensor, () => `where: ${name} must be a Tensor or a number, got ${describeValue(o)}`);
  }
  check(cond.dtype === "bool", () => `where: condition must be a bool tensor, got dtype ${cond.dtype} (build one with a comparison such as x.gt(0))`);
  const shape = broadcastShapes(broadcastShapes(cond.shape, shapeOf(a), "where"), shapeOf(b), "where");
  const dtype = promoteTypes(operandDType(a), operandDType(b));
  const data = allocate(dtype, sizeOf(shape));
  const av = typeof a === "number" ? Float64Array.of(a) : a.data;
  const bv = typeof b === "number" ? Float64Array.of(b) : b.data;
  const c = cond.data;
  const { offsets: offC, step: stepC } = reader(cond.shape, shape);
  const { offsets: offA, step: stepA } = reader(shapeOf(a), shape);
  const { offsets: offB, step: stepB } = reader(shapeOf(b), shape);
  for (let i = 0; i < data.length; i++) {
    const chosen = c[offC ? offC[i] : i * stepC];
    data[i] = chosen ? av[offA ? offA[i] : i * stepA] : bv[offB ? offB[i] : i * stepB];
  }
  const out = new Tensor(data, shape);
  const parents = [a, b].filter((x): x is Tensor => typeof x !== "number");
  return recordOp(out, "where", parents, () => {
    // Select the gradient rather than multiply it by 0/1: an infinite gradient where the other branch
    // was taken must give 0, not ∞·0 = NaN (PyTorch selects too).
    const g = out.grad!;
    if (typeof a !== "number" && a.requiresGrad) accumulateGrad(a, unbroadcast(where(cond, g, 0), a.shape));
    if (typeof b !== "number" && b.requiresGrad) accumulateGrad(b, unbroadcast(where(cond, 0, g), b.shape));
  });
}

/**
 * `t` with `value` written where `mask` is TRUE (PyTorch's masked_fill). The mask broadcasts to t's
 * shape. Attention uses it as scores.maskedFill(blocked, -Infinity), blocked = NOT allowed.
 */
export function maskedFill(t: Tensor, mask: Tensor, value: number): Tensor {
  checkTensorArg(t, "maskedFill", "t");
  check(typeof value === "number" && !Number.isNaN(value), () => `maskedFill: value must be a number (e.g. -Infinity or 0), got ${describeValue(value)}`);
  check(mask instanceof Tensor && mask.dtype === "bool", () => `maskedFill: mask must be a bool tensor, got ${mask instanceof Tensor ? `dtype ${mask.dtype}` : typeof mask}`);
  const joined = broadcastShapes(t.shape, mask.shape, "maskedFill");
  check(
    shapesEqual(joined, t.shape),
    () => `maskedFill: mask of shape ${formatShape(mask.shape)} must broadcast to the tensor's shape ${formatShape(t.shape)}`,
  );
  const out = where(mask, value, t);
  // Keep the tensor's dtype: filling an int32 tensor gives an int32 tensor.
  return out.dtype === t.dtype ? out : castTo(out, t.dtype);
}
