/**
 * Reductions over axes: sum, mean, max, min, argmax, variance. `axis` omitted = over all elements;
 * `keepDims` keeps reduced axes with size 1 (handy for broadcasting the result back).
 */
import { Tensor } from "./tensor.js";
import { allocate, floatTypeOf } from "./dtype.js";
import { check, formatShape } from "./errors.js";
import { normalizeAxis, splitAtAxis } from "./shape.js";
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

/** Max (or min) over one axis, and where it was (first occurrence). */
function extremum(t: Tensor, axis: number | undefined, keepDims: boolean, op: string, isBetter: (a: number, b: number) => boolean) {
  const x = axis === undefined ? reshape(t, [t.size]) : t;
  const ax = axis === undefined ? 0 : normalizeAxis(axis, t.ndim, op, t.shape);
  const { outer, n, inner } = splitAtAxis(x.shape, ax);
  check(n > 0, () => `${op}: cannot reduce over an empty axis (shape ${formatShape(t.shape)})`);
  const values = allocate(t.dtype, outer * inner);
  const where = new Int32Array(outer * inner);
  const src = t.data;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = src[o * n * inner + i];
      let bestAt = 0;
      for (let j = 1; j < n; j++) {
        const v = src[(o * n + j) * inner + i];
        if (isBetter(v, best)) {
          best = v;
          bestAt = j;
        }
      }
      values[o * inner + i] = best;
      where[o * inner + i] = bestAt;
    }
  }
  let shape: number[];
  if (axis === undefined) shape = keepDims ? t.shape.map(() => 1) : [];
  else shape = reducedShape(t.shape, [ax], keepDims);
  return { values, where, shape, outer, n, inner };
}

function extremumOp(t: Tensor, axis: number | undefined, keepDims: boolean, op: string, isBetter: (a: number, b: number) => boolean): Tensor {
  const r = extremum(t, axis, keepDims, op, isBetter);
  const out = new Tensor(r.values, r.shape);
  return recordOp(out, op, [t], () => {
    // Only the winning element moved the output: it takes the whole gradient (ties: the first one).
    const g = allocate(t.dtype, t.size);
    const gd = out.grad!.data;
    for (let o = 0; o < r.outer; o++) {
      for (let i = 0; i < r.inner; i++) g[(o * r.n + r.where[o * r.inner + i]) * r.inner + i] = gd[o * r.inner + i];
    }
    accumulateGrad(t, new Tensor(g, [...t.shape]));
  });
}

/** Largest value over `axis` (all elements if omitted). NaN values are skipped. */
export function max(t: Tensor, axis?: number, keepDims = false): Tensor {
  return extremumOp(t, axis, keepDims, "max", (a, b) => a > b || b !== b);
}

export function min(t: Tensor, axis?: number, keepDims = false): Tensor {
  return extremumOp(t, axis, keepDims, "min", (a, b) => a < b || b !== b);
}

/** Index of the largest value over `axis` (of the flattened tensor if omitted), as int32. No gradient. */
export function argmax(t: Tensor, axis?: number, keepDims = false): Tensor {
  const r = extremum(t, axis, keepDims, "argmax", (a, b) => a > b || b !== b);
  return new Tensor(r.where, r.shape);
}
