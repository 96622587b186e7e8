/** Conversions: to nested arrays, between dtypes, and copies. */
import { Tensor } from "./tensor.js";
import { checkTensorArg } from "./validate.js";
import { type DType, DTYPES, allocate, isFloat } from "./dtype.js";
import { check } from "./errors.js";
import { recordOp, accumulateGrad } from "./autograd.js";

/** What tensor() accepts and toArray() returns: numbers (or booleans) nested as deep as the shape. */
export type NestedArray = number | boolean | NestedArray[];

export function toArray(t: Tensor): NestedArray {
  checkTensorArg(t, "toArray", "t");
  const isBool = t.dtype === "bool";
  const data = t.data;
  const build = (axis: number, offset: number, stride: number): NestedArray => {
    if (axis === t.shape.length) return isBool ? data[offset] !== 0 : data[offset];
    const n = t.shape[axis];
    const inner = stride / n;
    const out: NestedArray[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = build(axis + 1, offset + i * inner, inner);
    return out;
  };
  return build(0, 0, t.size);
}

/**
 * A copy of `t` with another dtype. float -> int truncates toward zero (like PyTorch); anything -> bool
 * is "!= 0". Between float dtypes the gradient flows back (cast to the input's dtype).
 * Returns `t` itself when the dtype already matches, unless `copy` is set.
 */
export function castTo(t: Tensor, dtype: DType, copy = false): Tensor {
  checkTensorArg(t, "to", "t");
  check(DTYPES.includes(dtype), () => `to: unknown dtype "${dtype}" (use float32, float64, int32 or bool)`);
  if (dtype === t.dtype && !copy) return t;
  const data = allocate(dtype, t.size);
  const src = t.data;
  if (dtype === "int32") for (let i = 0; i < src.length; i++) data[i] = Math.trunc(src[i]);
  else if (dtype === "bool") for (let i = 0; i < src.length; i++) data[i] = src[i] !== 0 ? 1 : 0;
  else data.set(src);
  const out = new Tensor(data, [...t.shape]);
  if (!isFloat(dtype) || !isFloat(t.dtype)) return out;
  return recordOp(out, "to", [t], () => accumulateGrad(t, castTo(out.grad!, t.dtype)));
}

/** A copy with its own storage; gradients flow through it unchanged. */
export function clone(t: Tensor): Tensor {
  checkTensorArg(t, "clone", "t");
  const out = new Tensor(t.data.slice(), [...t.shape]);
  return recordOp(out, "clone", [t], () => accumulateGrad(t, out.grad!));
}
