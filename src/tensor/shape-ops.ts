/**
 * Ops that move elements around without changing their values: reshape, transpose/permute,
 * (un)squeeze, slice, concat, stack, split. Outputs are always contiguous row-major; only reshape
 * (and squeeze/unsqueeze/flatten, which are reshapes) share storage with their input, like PyTorch's view.
 */
import { Tensor } from "./tensor.js";
import { checkTensorArg } from "./validate.js";
import { allocate } from "./dtype.js";
import { check, formatShape, describeValue } from "./errors.js";
import { checkShape, normalizeAxis, sizeOf, splitAtAxis, stridesOf } from "./shape.js";
import { recordOp, accumulateGrad } from "./autograd.js";
import { zeros } from "./create.js";

/** Same elements, new shape; one dimension may be -1 (inferred). Shares storage with `t`. */
export function reshape(t: Tensor, shape: number[]): Tensor {
  checkTensorArg(t, "reshape", "t");
  check(Array.isArray(shape), () => `reshape: shape must be an array of integers (one may be -1), got ${describeValue(shape)}`);
  const target = [...shape];
  const unknown = target.indexOf(-1);
  check(target.lastIndexOf(-1) === unknown, () => `reshape: ${formatShape(t.shape)} -> ${formatShape(target)}: only one dimension may be -1`);
  if (unknown >= 0) {
    const known = sizeOf(target.filter((_, i) => i !== unknown));
    check(
      known > 0 && t.size % known === 0,
      () => `reshape: cannot reshape ${formatShape(t.shape)} (${t.size} elements) to ${formatShape(target)}: ${t.size} is not a multiple of ${known}`,
    );
    target[unknown] = t.size / known;
  }
  checkShape(target, "reshape");
  check(
    sizeOf(target) === t.size,
    () => `reshape: cannot reshape ${formatShape(t.shape)} (${t.size} elements) to ${formatShape(target)} (${sizeOf(target)} elements): sizes must match`,
  );
  const out = new Tensor(t.data, target);
  return recordOp(out, "reshape", [t], () => accumulateGrad(t, reshape(out.grad!, t.shape)));
}

/** All elements in one axis. */
export function flatten(t: Tensor): Tensor {
  checkTensorArg(t, "flatten", "t");
  return reshape(t, [t.size]);
}

/** Inserts an axis of size 1 at `axis` (which may be t.ndim, i.e. at the end). */
export function unsqueeze(t: Tensor, axis: number): Tensor {
  checkTensorArg(t, "unsqueeze", "t");
  const ax = normalizeAxis(axis, t.ndim + 1, "unsqueeze", t.shape);
  const shape = [...t.shape];
  shape.splice(ax, 0, 1);
  return reshape(t, shape);
}

/** Removes `axis` (which must have size 1), or every size-1 axis when `axis` is omitted. */
export function squeeze(t: Tensor, axis?: number): Tensor {
  checkTensorArg(t, "squeeze", "t");
  if (axis === undefined) return reshape(t, t.shape.filter((d) => d !== 1));
  const ax = normalizeAxis(axis, t.ndim, "squeeze", t.shape);
  check(t.shape[ax] === 1, () => `squeeze: axis ${axis} of ${formatShape(t.shape)} has size ${t.shape[ax]}, not 1`);
  return reshape(t, t.shape.filter((_, i) => i !== ax));
}

/** out axis d is input axis axes[d]. `permute(x, [0, 2, 1, 3])`: (B, T, nh, hs) -> (B, nh, T, hs). */
export function permute(t: Tensor, axes: number[]): Tensor {
  checkTensorArg(t, "permute", "t");
  check(Array.isArray(axes), () => `permute: axes must be an array of axis numbers, got ${describeValue(axes)}`);
  check(
    axes.length === t.ndim,
    () => `permute: ${formatShape(t.shape)} has ${t.ndim} axes but the permutation [${axes.join(",")}] has ${axes.length}`,
  );
  const perm = axes.map((a) => normalizeAxis(a, t.ndim, "permute", t.shape));
  check(
    new Set(perm).size === perm.length,
    () => `permute: [${axes.join(",")}] is not a permutation of the axes of ${formatShape(t.shape)} (an axis repeats)`,
  );
  const outShape = perm.map((a) => t.shape[a]);
  const out = new Tensor(permuteData(t, perm, outShape), outShape);
  const inverse = new Array<number>(perm.length);
  perm.forEach((a, d) => (inverse[a] = d));
  return recordOp(out, "permute", [t], () => accumulateGrad(t, permute(out.grad!, inverse)));
}

function permuteData(t: Tensor, perm: number[], outShape: number[]) {
  const src = t.data;
  const dst = allocate(t.dtype, t.size);
  const ndim = perm.length;
  const last2Swapped = ndim >= 2 && perm[ndim - 2] === ndim - 1 && perm[ndim - 1] === ndim - 2 && perm.slice(0, ndim - 2).every((a, i) => a === i);
  if (last2Swapped) {
    // The common case (transposing matrices, possibly batched): a plain double loop per matrix.
    const rows = t.shape[ndim - 2];
    const cols = t.shape[ndim - 1];
    const block = rows * cols;
    for (let base = 0; base < src.length; base += block) {
      for (let i = 0; i < rows; i++) {
        const rowStart = base + i * cols;
        for (let j = 0; j < cols; j++) dst[base + j * rows + i] = src[rowStart + j];
      }
    }
    return dst;
  }
  // General case: walk the output in order; the input offset moves by the input stride of the permuted axis.
  const inStrides = stridesOf(t.shape);
  const strides = perm.map((a) => inStrides[a]);
  const index = new Array<number>(ndim).fill(0);
  let offset = 0;
  for (let i = 0; i < dst.length; i++) {
    dst[i] = src[offset];
    for (let d = ndim - 1; d >= 0; d--) {
      index[d]++;
      offset += strides[d];
      if (index[d] < outShape[d]) break;
      offset -= strides[d] * outShape[d];
      index[d] = 0;
    }
  }
  return dst;
}

/** Swaps two axes (by default the last two: a matrix transpose, batched). */
export function transpose(t: Tensor, dim0 = -2, dim1 = -1): Tensor {
  checkTensorArg(t, "transpose", "t");
  check(t.ndim >= 2 || (dim0 === dim1), () => `transpose: needs at least 2 axes, got shape ${formatShape(t.shape)}`);
  const a = normalizeAxis(dim0, t.ndim, "transpose", t.shape);
  const b = normalizeAxis(dim1, t.ndim, "transpose", t.shape);
  const perm = t.shape.map((_, i) => i);
  perm[a] = b;
  perm[b] = a;
  return permute(t, perm);
}

/**
 * Elements start..end-1 along `axis` (like Python's x[:, start:end]). Negative start/end count from the
 * end; `end` defaults to the axis length. Out-of-range bounds are an error rather than clamped.
 */
export function slice(t: Tensor, axis: number, start: number, end?: number): Tensor {
  checkTensorArg(t, "slice", "t");
  const ax = normalizeAxis(axis, t.ndim, "slice", t.shape);
  const len = t.shape[ax];
  const stop = end ?? len;
  check(
    Number.isInteger(start) && Number.isInteger(stop),
    () => `slice: start and end must be integers, got ${start} and ${stop}`,
  );
  const from = start < 0 ? start + len : start;
  const to = stop < 0 ? stop + len : stop;
  check(
    from >= 0 && to <= len && from <= to,
    () =>
      `slice: [${start}:${stop}] on axis ${axis} of ${formatShape(t.shape)} is out of range: ` +
      `need -${len} <= start <= end <= ${len} (negative values count from the end)`,
  );
  const { outer, inner } = splitAtAxis(t.shape, ax);
  const shape = [...t.shape];
  shape[ax] = to - from;
  const chunk = (to - from) * inner;
  const data = allocate(t.dtype, outer * chunk);
  for (let o = 0; o < outer; o++) {
    const srcStart = (o * len + from) * inner;
    data.set(t.data.subarray(srcStart, srcStart + chunk), o * chunk);
  }
  const out = new Tensor(data, shape);
  return recordOp(out, "slice", [t], () => {
    const g = zeros(t.shape, { dtype: t.dtype });
    const gd = out.grad!.data;
    for (let o = 0; o < outer; o++) g.data.set(gd.subarray(o * chunk, (o + 1) * chunk), (o * len + from) * inner);
    accumulateGrad(t, g);
  });
}

/** Joins tensors along an existing axis; all other dimensions must agree. */
export function concat(tensors: Tensor[], axis = 0): Tensor {
  check(Array.isArray(tensors) && tensors.length > 0, () => `concat: needs a non-empty list of tensors, got ${describeValue(tensors)}`);
  tensors.forEach((t, i) => checkTensorArg(t, "concat", `tensors[${i}]`));
  const first = tensors[0];
  const ax = normalizeAxis(axis, first.ndim, "concat", first.shape);
  const shapes = () => tensors.map((t) => formatShape(t.shape)).join(", ");
  for (const t of tensors) {
    check(
      t.ndim === first.ndim && t.shape.every((d, i) => i === ax || d === first.shape[i]),
      () => `concat: shapes ${shapes()} must match on every axis except axis ${axis}`,
    );
    check(t.dtype === first.dtype, () => `concat: dtypes must match, got ${tensors.map((x) => x.dtype).join(", ")}`);
  }
  const { outer, inner } = splitAtAxis(first.shape, ax);
  const total = tensors.reduce((s, t) => s + t.shape[ax], 0);
  const shape = [...first.shape];
  shape[ax] = total;
  const data = allocate(first.dtype, outer * total * inner);
  // Each input contributes one contiguous chunk to every outer row.
  let at = 0;
  for (const t of tensors) {
    const chunk = t.shape[ax] * inner;
    for (let o = 0; o < outer; o++) data.set(t.data.subarray(o * chunk, (o + 1) * chunk), o * total * inner + at);
    at += chunk;
  }
  const out = new Tensor(data, shape);
  return recordOp(out, "concat", tensors, () => {
    let startAt = 0;
    for (const t of tensors) {
      const len = t.shape[ax];
      if (t.requiresGrad) accumulateGrad(t, slice(out.grad!, ax, startAt, startAt + len));
      startAt += len;
    }
  });
}

/** Joins same-shaped tensors along a NEW axis: n tensors of (A, B) -> (n, A, B) for axis 0. */
export function stack(tensors: Tensor[], axis = 0): Tensor {
  check(Array.isArray(tensors) && tensors.length > 0, () => `stack: needs a non-empty list of tensors, got ${describeValue(tensors)}`);
  tensors.forEach((t, i) => checkTensorArg(t, "stack", `tensors[${i}]`));
  const first = tensors[0];
  for (const t of tensors) {
    check(
      t.ndim === first.ndim && t.shape.every((d, i) => d === first.shape[i]),
      () => `stack: all shapes must be equal, got ${tensors.map((x) => formatShape(x.shape)).join(", ")}`,
    );
  }
  const ax = normalizeAxis(axis, first.ndim + 1, "stack", first.shape);
  return concat(tensors.map((t) => unsqueeze(t, ax)), ax);
}

/**
 * Cuts `t` along `axis` into pieces: `sizes` a number = pieces of that size (the last may be smaller,
 * like torch.split); `sizes` a list = those sizes, which must add up to the axis length.
 */
export function split(t: Tensor, sizes: number | number[], axis = 0): Tensor[] {
  checkTensorArg(t, "split", "t");
  const ax = normalizeAxis(axis, t.ndim, "split", t.shape);
  const len = t.shape[ax];
  let pieces: number[];
  if (typeof sizes === "number") {
    check(Number.isInteger(sizes) && sizes > 0, () => `split: piece size must be a positive integer, got ${sizes}`);
    pieces = [];
    for (let at = 0; at < len; at += sizes) pieces.push(Math.min(sizes, len - at));
  } else {
    const total = sizes.reduce((s, x) => s + x, 0);
    check(
      sizes.every((s) => Number.isInteger(s) && s >= 0) && total === len,
      () => `split: sizes [${sizes.join(",")}] add up to ${total} but axis ${axis} of ${formatShape(t.shape)} has length ${len}`,
    );
    pieces = sizes;
  }
  const out: Tensor[] = [];
  let at = 0;
  for (const size of pieces) {
    out.push(slice(t, ax, at, at + size));
    at += size;
  }
  return out;
}
