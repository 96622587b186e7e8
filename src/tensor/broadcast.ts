/**
 * Broadcasting in practice: reading a small tensor as if it were bigger (broadcastTo), and the
 * reverse for gradients (unbroadcast): an input that was re-read along an axis receives the SUM
 * of the gradients of all the places it was read into.
 */
import { Tensor } from "./tensor.js";
import { checkTensorArg } from "./validate.js";
import { allocate } from "./dtype.js";
import { check, formatShape } from "./errors.js";
import { broadcastShapes, broadcastStrides, checkShape, shapesEqual, sizeOf } from "./shape.js";
import { recordOp, accumulateGrad } from "./autograd.js";
import { sumOverAxes } from "./sum-kernel.js";

/**
 * For every element of `outShape` (row-major order), the flat index of the element of an
 * `inShape` array it reads under broadcasting. Kernels then do `out[i] = f(a[offA[i]], b[offB[i]])`.
 */
export function broadcastOffsets(inShape: readonly number[], outShape: readonly number[]): Int32Array {
  const n = sizeOf(outShape);
  const offsets = new Int32Array(n);
  const ndim = outShape.length;
  if (ndim === 0 || n === 0) return offsets;
  const strides = broadcastStrides(inShape, outShape);
  const last = outShape[ndim - 1];
  const lastStride = strides[ndim - 1];
  const index = new Array<number>(ndim).fill(0);
  let offset = 0; // where the current run along the last axis starts in the input
  for (let i = 0; i < n; i += last) {
    for (let j = 0; j < last; j++) offsets[i + j] = offset + j * lastStride;
    // Odometer over the other axes: advance the second-to-last; on wrap-around, reset it and carry.
    for (let d = ndim - 2; d >= 0; d--) {
      index[d]++;
      offset += strides[d];
      if (index[d] < outShape[d]) break;
      offset -= strides[d] * outShape[d];
      index[d] = 0;
    }
  }
  return offsets;
}

/** `t` read as the larger `shape` (a copy); NumPy broadcasting rules. */
export function broadcastTo(t: Tensor, shape: number[]): Tensor {
  checkTensorArg(t, "broadcastTo", "t");
  checkShape(shape, "broadcastTo");
  const target = [...shape];
  const joined = broadcastShapes(t.shape, target, "broadcastTo");
  check(
    shapesEqual(joined, target),
    () => `broadcastTo: cannot broadcast ${formatShape(t.shape)} to ${formatShape(target)}: the target must be at least as large on every axis`,
  );
  if (shapesEqual(t.shape, target)) return t;
  const data = allocate(t.dtype, sizeOf(target));
  const src = t.data;
  if (t.size === 1) data.fill(src[0]);
  else {
    const offsets = broadcastOffsets(t.shape, target);
    for (let i = 0; i < data.length; i++) data[i] = src[offsets[i]];
  }
  const out = new Tensor(data, target);
  return recordOp(out, "broadcastTo", [t], () => accumulateGrad(t, unbroadcast(out.grad!, t.shape)));
}

/**
 * Sums a gradient of the broadcast shape back down to `shape`: over the extra leading axes, and over
 * every axis where `shape` has size 1 but the gradient does not.
 */
export function unbroadcast(grad: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(grad.shape, shape)) return grad;
  const lead = grad.ndim - shape.length;
  const axes: number[] = [];
  for (let d = 0; d < grad.ndim; d++) {
    if (d < lead || (shape[d - lead] === 1 && grad.shape[d] !== 1)) axes.push(d);
  }
  // The same kernel as sum(), so a broadcast input's gradient has the bits sum() would give.
  const summed = sumOverAxes(grad.data, grad.shape, axes);
  const data = allocate(grad.dtype, summed.length);
  for (let i = 0; i < data.length; i++) data[i] = summed[i];
  return new Tensor(data, [...shape]);
}
