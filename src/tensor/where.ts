/** Choosing between values by a bool condition: where() and maskedFill(). */
import { Tensor } from "./tensor.js";
import { type DType, allocate, promoteTypes } from "./dtype.js";
import { check, formatShape } from "./errors.js";
import { broadcastShapes, sizeOf } from "./shape.js";
import { recordOp, accumulateGrad } from "./autograd.js";
import { broadcastOffsets, unbroadcast } from "./broadcast.js";
import { mul, logicalNot } from "./elementwise.js";
import { castTo } from "./convert.js";

type Choice = Tensor | number;

function shapeOf(c: Choice): number[] {
  return typeof c === "number" ? [] : c.shape;
}

function dtypeOf(c: Choice): DType {
  if (typeof c !== "number") return c.dtype;
  return Number.isInteger(c) ? "int32" : "float32";
}

/**
 * out = cond ? a : b, element by element, all three broadcast together. `cond` must be bool.
 * Gradients: `a` receives the output gradient where cond is true, `b` where it is false.
 */
export function where(cond: Tensor, a: Choice, b: Choice): Tensor {
  check(cond instanceof Tensor, () => `where: condition must be a bool tensor, got ${typeof cond}`);
  check(cond.dtype === "bool", () => `where: condition must be a bool tensor, got dtype ${cond.dtype} (build one with a comparison such as x.gt(0))`);
  const shape = broadcastShapes(broadcastShapes(cond.shape, shapeOf(a), "where"), shapeOf(b), "where");
  const dtype = promoteTypes(dtypeOf(a), dtypeOf(b));
  const data = allocate(dtype, sizeOf(shape));
  const offC = broadcastOffsets(cond.shape, shape);
  const av = typeof a === "number" ? Float64Array.of(a) : a.data;
  const bv = typeof b === "number" ? Float64Array.of(b) : b.data;
  const offA = broadcastOffsets(shapeOf(a), shape);
  const offB = broadcastOffsets(shapeOf(b), shape);
  const c = cond.data;
  for (let i = 0; i < data.length; i++) data[i] = c[offC[i]] ? av[offA[i]] : bv[offB[i]];
  const out = new Tensor(data, shape);
  const parents = [a, b].filter((x): x is Tensor => typeof x !== "number");
  return recordOp(out, "where", parents, () => {
    const g = out.grad!;
    if (typeof a !== "number" && a.requiresGrad) accumulateGrad(a, unbroadcast(mul(g, cond), a.shape));
    if (typeof b !== "number" && b.requiresGrad) accumulateGrad(b, unbroadcast(mul(g, logicalNot(cond)), b.shape));
  });
}

/**
 * `t` with `value` written where `mask` is TRUE (PyTorch's masked_fill). The mask broadcasts to t's
 * shape. Attention uses it as scores.maskedFill(blocked, -Infinity), blocked = NOT allowed.
 */
export function maskedFill(t: Tensor, mask: Tensor, value: number): Tensor {
  check(mask instanceof Tensor && mask.dtype === "bool", () => `maskedFill: mask must be a bool tensor, got ${mask instanceof Tensor ? `dtype ${mask.dtype}` : typeof mask}`);
  const joined = broadcastShapes(t.shape, mask.shape, "maskedFill");
  check(
    joined.length === t.ndim && joined.every((d, i) => d === t.shape[i]),
    () => `maskedFill: mask of shape ${formatShape(mask.shape)} must broadcast to the tensor's shape ${formatShape(t.shape)}`,
  );
  const out = where(mask, value, t);
  // Keep the tensor's dtype: filling an int32 tensor gives an int32 tensor.
  return out.dtype === t.dtype ? out : castTo(out, t.dtype);
}
