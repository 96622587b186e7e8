/** Reading elements by index: gather (torch.gather), indexSelect and embedding lookup. */
import { Tensor } from "./tensor.js";
import { checkTensorArg } from "./validate.js";
import { allocate } from "./dtype.js";
import { QkvError, check, describeValue, formatShape } from "./errors.js";
import { normalizeAxis, sizeOf, splitAtAxis, stridesOf } from "./shape.js";
import { recordOp, accumulateGrad } from "./autograd.js";
import { tensor } from "./create.js";

function checkIndexTensor(index: Tensor, op: string): void {
  check(index instanceof Tensor, () => `${op}: index must be an int32 tensor, got ${describeValue(index)}`);
  check(index.dtype === "int32", () => `${op}: index must be an int32 tensor, got dtype ${index.dtype} (use .to("int32"))`);
}

/**
 * torch.gather: out has index's shape and, for axis 1 of a 3-D tensor,
 * out[i][j][k] = t[i][index[i][j][k]][k]. `index` has t's number of axes and is no larger than t on
 * the other axes. The gradient adds each output's gradient into the element it was read from.
 */
export function gather(t: Tensor, axis: number, index: Tensor): Tensor {
  checkTensorArg(t, "gather", "t");
  const ax = normalizeAxis(axis, t.ndim, "gather", t.shape);
  checkIndexTensor(index, "gather");
  check(
    index.ndim === t.ndim && index.shape.every((d, i) => i === ax || d <= t.shape[i]),
    () =>
      `gather: index of shape ${formatShape(index.shape)} does not fit input ${formatShape(t.shape)}: ` +
      `it needs ${t.ndim} axes and must be no larger than the input except on axis ${axis}`,
  );
  const len = t.shape[ax];
  const inStrides = stridesOf(t.shape);
  const ndim = t.ndim;
  // For each output element, where it reads from in `t`.
  const source = new Int32Array(index.size);
  const position = new Array<number>(ndim).fill(0);
  const idx = index.data;
  for (let n = 0; n < index.size; n++) {
    const k = idx[n];
    if (!(k >= 0 && k < len)) {
      throw new QkvError(`gather: index ${k} at flat position ${n} is out of range for axis ${axis} of size ${len} (input ${formatShape(t.shape)})`);
    }
    let offset = 0;
    for (let d = 0; d < ndim; d++) offset += (d === ax ? k : position[d]) * inStrides[d];
    source[n] = offset;
    for (let d = ndim - 1; d >= 0; d--) {
      if (++position[d] < index.shape[d]) break;
      position[d] = 0;
    }
  }
  const data = allocate(t.dtype, index.size);
  for (let n = 0; n < source.length; n++) data[n] = t.data[source[n]];
  const out = new Tensor(data, [...index.shape]);
  return recordOp(out, "gather", [t], () => {
    const g = allocate(t.dtype, t.size);
    const gd = out.grad!.data;
    for (let n = 0; n < source.length; n++) g[source[n]] += gd[n];
    accumulateGrad(t, new Tensor(g, [...t.shape]));
  });
}

/**
 * Picks slices of `t` along `axis` by index. The index may have any shape, which replaces that axis:
 * t (V, C), axis 0, ids (B, T) -> (B, T, C). Repeated ids receive the sum of their gradients.
 */
export function indexSelect(t: Tensor, axis: number, index: Tensor | number[]): Tensor {
  checkTensorArg(t, "indexSelect", "t");
  if (Array.isArray(index)) {
    index.forEach((k, i) => check(Number.isInteger(k), () => `indexSelect: index must hold integers, got ${describeValue(k)} at position ${i}`));
  }
  const ids = Array.isArray(index) ? tensor(index, { dtype: "int32" }) : index;
  checkIndexTensor(ids, "indexSelect");
  const ax = normalizeAxis(axis, t.ndim, "indexSelect", t.shape);
  const { outer, n: len, inner } = splitAtAxis(t.shape, ax);
  const count = ids.size;
  const idx = ids.data;
  for (let k = 0; k < count; k++) {
    if (!(idx[k] >= 0 && idx[k] < len)) {
      throw new QkvError(`indexSelect: index ${idx[k]} at flat position ${k} is out of range for axis ${axis} of size ${len} (input ${formatShape(t.shape)})`);
    }
  }
  const shape = [...t.shape.slice(0, ax), ...ids.shape, ...t.shape.slice(ax + 1)];
  const data = allocate(t.dtype, sizeOf(shape));
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < count; k++) {
      const from = (o * len + idx[k]) * inner;
      data.set(t.data.subarray(from, from + inner), (o * count + k) * inner);
    }
  }
  const out = new Tensor(data, shape);
  return recordOp(out, "indexSelect", [t], () => {
    const g = allocate(t.dtype, t.size);
    const gd = out.grad!.data;
    for (let o = 0; o < outer; o++) {
      for (let k = 0; k < count; k++) {
        const to = (o * len + idx[k]) * inner;
        const from = (o * count + k) * inner;
        for (let i = 0; i < inner; i++) g[to + i] += gd[from + i];
      }
    }
    accumulateGrad(t, new Tensor(g, [...t.shape]));
  });
}

/** Embedding lookup: weight (V, C), ids int32 of any shape -> (...ids.shape, C). */
export function embedding(weight: Tensor, ids: Tensor): Tensor {
  check(weight instanceof Tensor && weight.ndim === 2, () => `embedding: weight must be a (V, C) matrix, got ${weight instanceof Tensor ? `shape ${formatShape(weight.shape)}` : describeValue(weight)}`);
  checkIndexTensor(ids, "embedding");
  return indexSelect(weight, 0, ids);
}

/**
 * One-hot rows: ids int32 of any shape -> float32 (...ids.shape, numClasses) with a 1 at each id.
 * oneHot(ids, V).matmul(W) equals embedding(W, ids): the lookup is a matrix product in disguise.
 */
export function oneHot(ids: Tensor, numClasses: number): Tensor {
  checkIndexTensor(ids, "oneHot");
  check(Number.isInteger(numClasses) && numClasses > 0, () => `oneHot: numClasses must be a positive integer, got ${numClasses}`);
  const data = new Float32Array(ids.size * numClasses);
  for (let k = 0; k < ids.size; k++) {
    const id = ids.data[k];
    if (!(id >= 0 && id < numClasses)) {
      throw new QkvError(`oneHot: id ${id} at flat position ${k} is out of range for ${numClasses} classes (valid: 0..${numClasses - 1})`);
    }
    data[k * numClasses + id] = 1;
  }
  return new Tensor(data, [...ids.shape, numClasses]);
}
