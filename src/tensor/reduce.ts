/**
 * Reductions over axes: sum, mean, max, min, argmax, variance. `axis` omitted = over all elements;
 * `keepDims` keeps reduced axes with size 1 (handy for broadcasting the result back).
 */
import { Tensor } from "./tensor.js";
import { allocate, floatTypeOf } from "./dtype.js";
import { check, describeValue, formatShape, checkNumber } from "./errors.js";
import { normalizeAxis, sizeOf } from "./shape.js";
import { checkTensorArg } from "./validate.js";
import { broadcastOffsets } from "./broadcast.js";
import { recordOp, accumulateGrad } from "./autograd.js";
import { broadcastTo } from "./broadcast.js";
import { reshape } from "./shape-ops.js";
import { sumOverAxes } from "./sum-kernel.js";
import { sub, mul, div } from "./elementwise.js";
import { castTo } from "./convert.js";

/** Normalized, de-duplicated, sorted axes; all axes when `axis` is undefined. */
function reductionAxes(t: Tensor, axis: number | number[] | undefined, op: string): number[] {
  if (axis === undefined) return t.shape.map((_, i) => i);
  const list = Array.isArray(axis) ? axis : [axis];
  const axes = list.map((a) => normalizeAxis(a, t.ndim, op, t.shape));
  check(new Set(axes).size === axes.length, () => `${op}: axis [${list.join(",")}] names the same axis twice`);
  return axes.sort((a, b) => a - b);
}

function checkKeepDims(keepDims: unknown, op: string): void {
  check(typeof keepDims === "boolean", () => `${op}: keepDims must be true or false, got ${describeValue(keepDims)}`);
}

/** The shape after reducing `axes`: size-1 axes kept, or removed. */
function reducedShape(shape: readonly number[], axes: number[], keepDims: boolean): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepDims) out.push(1);
  });
  return out;
}

export function sum(t: Tensor, axis?: number | number[], keepDims = false): Tensor {
  checkTensorArg(t, "sum", "t");
  checkKeepDims(keepDims, "sum");
  const axes = reductionAxes(t, axis, "sum");
  const summed = sumOverAxes(t.data, t.shape, axes);
  const data = allocate(t.dtype === "bool" ? "int32" : t.dtype, summed.length);
  for (let i = 0; i < data.length; i++) data[i] = summed[i];
  const out = new Tensor(data, reducedShape(t.shape, axes, keepDims));
  return recordOp(out, "sum", [t], () => {
    // Every input element contributed once: its gradient is the output gradient, broadcast back.
    const kept = reshape(out.grad!, reducedShape(t.shape, axes, true));
    accumulateGrad(t, broadcastTo(kept, t.shape));
  });
}

/** Number of elements that each output of a reduction over `axes` combines. */
function countOver(t: Tensor, axes: number[]): number {
  return axes.reduce((n, a) => n * t.shape[a], 1);
}

export function mean(t: Tensor, axis?: number | number[], keepDims = false): Tensor {
  checkTensorArg(t, "mean", "t");
  checkKeepDims(keepDims, "mean");
  const axes = reductionAxes(t, axis, "mean");
  const count = countOver(t, axes);
  check(count > 0, () => `mean: cannot average over zero elements (shape ${formatShape(t.shape)}, axes [${axes.join(",")}])`);
  const x = t.dtype === "float64" ? t : castTo(t, floatTypeOf(t.dtype));
  return div(sum(x, axes, keepDims), count);
}

/**
 * Variance over `axis` with divisor (count − correction): correction 0 is the population variance
 * (what layer norm uses), correction 1 the unbiased sample variance (torch.var's default).
 */
export function variance(t: Tensor, axis?: number | number[], keepDims = false, correction = 0): Tensor {
  checkTensorArg(t, "variance", "t");
  checkKeepDims(keepDims, "variance");
  checkNumber("variance", "correction", correction, (c) => c >= 0, ">= 0 (0: population variance, 1: unbiased)");
  const axes = reductionAxes(t, axis, "variance");
  const count = countOver(t, axes);
  check(
    count - correction > 0,
    () => `variance: ${count} element(s) per output with correction ${correction}: the divisor count - correction must be > 0`,
  );
  const x = t.dtype === "float64" ? t : castTo(t, floatTypeOf(t.dtype));
  const centered = sub(x, mean(x, axes, true));
  return div(sum(mul(centered, centered), axes, keepDims), count - correction);
}

/**
 * Max (or min) over `axes` and, for each output, the flat input index of the first element (row-major)
 * that reached it.
 */
function extremum(t: Tensor, axis: number | number[] | undefined, keepDims: boolean, op: string, isBetter: (a: number, b: number) => boolean) {
  const axes = reductionAxes(t, axis, op);
  check(
    countOver(t, axes) > 0,
    () => `${op}: cannot reduce over an empty axis (shape ${formatShape(t.shape)}, axes [${axes.join(",")}]): there is no element to pick`,
  );
  const kept = reducedShape(t.shape, axes, true);
  // outAt[i]: the output element input element i is reduced into (reduced axes read with stride 0).
  const outAt = broadcastOffsets(kept, t.shape);
  const size = sizeOf(kept);
  const values = allocate(t.dtype, size);
  const where = new Int32Array(size).fill(-1);
  const src = t.data;
  for (let i = 0; i < src.length; i++) {
    const o = outAt[i];
    if (where[o] < 0 || isBetter(src[i], values[o])) {
      values[o] = src[i];
      where[o] = i;
    }
  }
  return { values, where, outAt, shape: reducedShape(t.shape, axes, keepDims), axes };
}

/**
 * Gradients: with one axis given as a number (torch.max(x, dim)), the first maximal element takes the
 * whole gradient; over all elements or a list of axes (torch.max(x), torch.amax(x, dims)), tied
 * elements share it equally. Both are PyTorch's choices.
 */
function extremumOp(t: Tensor, axis: number | number[] | undefined, keepDims: boolean, op: string, isBetter: (a: number, b: number) => boolean): Tensor {
  checkTensorArg(t, op, "t");
  checkKeepDims(keepDims, op);
  const r = extremum(t, axis, keepDims, op, isBetter);
  const out = new Tensor(r.values, r.shape);
  const shareTies = typeof axis !== "number";
  return recordOp(out, op, [t], () => {
    const g = allocate(t.dtype, t.size);
    const gd = out.grad!.data;
    if (!shareTies) {
      for (let o = 0; o < r.where.length; o++) g[r.where[o]] = gd[o];
    } else {
      const src = t.data;
      const ties = new Float64Array(r.values.length);
      for (let i = 0; i < src.length; i++) if (src[i] === r.values[r.outAt[i]]) ties[r.outAt[i]]++;
      for (let i = 0; i < src.length; i++) {
        const o = r.outAt[i];
        if (src[i] === r.values[o]) g[i] = gd[o] / ties[o];
      }
    }
    accumulateGrad(t, new Tensor(g, [...t.shape]));
  });
}

/**
 * Largest value over `axis`: one axis, a list of axes (like sum and mean), or all elements if omitted.
 * NaN values are skipped. For ties see extremumOp (one axis: the first one takes the gradient).
 */
export function max(t: Tensor, axis?: number | number[], keepDims = false): Tensor {
  return extremumOp(t, axis, keepDims, "max", (a, b) => a > b || b !== b);
}

/** Smallest value over `axis` (one axis, a list, or all elements); see max. */
export function min(t: Tensor, axis?: number | number[], keepDims = false): Tensor {
  return extremumOp(t, axis, keepDims, "min", (a, b) => a < b || b !== b);
}

/**
 * Index of the largest value along one axis (first occurrence), as int32; no gradient. With `axis`
 * omitted, the index into the flattened tensor. Like torch.argmax it takes ONE axis: an index along
 * several axes at once is not one number (flatten them into one axis first, e.g. x.reshape(B, -1)).
 */
export function argmax(t: Tensor, axis?: number, keepDims = false): Tensor {
  checkTensorArg(t, "argmax", "t");
  check(
    axis === undefined || typeof axis === "number" || (Array.isArray(axis) && (axis as number[]).length === 1),
    () => `argmax: takes one axis (a number), like torch.argmax; got ${describeValue(axis)} (reshape several axes into one first)`,
  );
  const ax = Array.isArray(axis) ? (axis as number[])[0] : axis;
  const r = extremum(t, ax, keepDims, "argmax", (a, b) => a > b || b !== b);
  if (ax === undefined) return new Tensor(r.where, r.shape);
  // Flat input index -> position along the reduced axis.
  const a = r.axes[0];
  const inner = sizeOf(t.shape.slice(a + 1));
  const n = t.shape[a];
  const index = new Int32Array(r.where.length);
  for (let o = 0; o < index.length; o++) index[o] = Math.floor(r.where[o] / inner) % n;
  return new Tensor(index, r.shape);
}
