/**
 * softmax(x)ᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m) along an axis, with m the row's max (subtracting it changes
 * nothing mathematically but keeps e^… from overflowing). logSoftmax = (x − m) − log Σ e^(x − m).
 *
 * Masked rows: attention masks put −Infinity in blocked positions. A row that is ENTIRELY −Infinity
 * (a query that may attend to nothing) gives all zeros from softmax and −Infinity from logSoftmax,
 * never NaN, and passes a zero gradient back.
 */
import { Tensor } from "./tensor.js";
import { checkTensorArg } from "./validate.js";
import { allocate, floatTypeOf } from "./dtype.js";
import { normalizeAxis, splitAtAxis } from "./shape.js";
import { recordOp, accumulateGrad } from "./autograd.js";
import { wasmFrame } from "./kernels.js";

type Mode = "softmax" | "logSoftmax";

/** `ax` is already normalized (0..ndim-1). */
function softmaxForward(t: Tensor, ax: number, mode: Mode): Tensor {
  const { outer, n, inner } = splitAtAxis(t.shape, ax);
  const src = t.data;
  const dst = allocate(floatTypeOf(t.dtype), t.size);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i; // element j of this row is at base + j*inner
      let m = -Infinity;
      for (let j = 0; j < n; j++) m = Math.max(m, src[base + j * inner]);
      if (m === -Infinity) {
        // Fully masked row.
        for (let j = 0; j < n; j++) dst[base + j * inner] = mode === "softmax" ? 0 : -Infinity;
        continue;
      }
      let total = 0;
      if (mode === "softmax") {
        // Store e^(x − m) first, then divide: one exp per element.
        for (let j = 0; j < n; j++) {
          const e = Math.exp(src[base + j * inner] - m);
          dst[base + j * inner] = e;
          total += e;
        }
        for (let j = 0; j < n; j++) dst[base + j * inner] /= total;
      } else {
        for (let j = 0; j < n; j++) total += Math.exp(src[base + j * inner] - m);
        const logTotal = Math.log(total);
        for (let j = 0; j < n; j++) dst[base + j * inner] = src[base + j * inner] - m - logTotal;
      }
    }
  }
  return new Tensor(dst, [...t.shape]);
}

/**
 * Gradients, row by row, with y the output and g its gradient:
 *   softmax:    dx = y ⊙ (g − Σ g⊙y)
 *   logSoftmax: dx = g − softmax(x) · Σ g      (softmax(x) = e^y)
 * Fully masked rows get zero.
 */
function softmaxBackward(out: Tensor, axis: number, mode: Mode): Tensor {
  const { outer, n, inner } = splitAtAxis(out.shape, axis);
  const y = out.data;
  const g = out.grad!.data;
  const dx = allocate(out.dtype, out.size);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      if (mode === "softmax") {
        let dot = 0;
        for (let j = 0; j < n; j++) dot += g[base + j * inner] * y[base + j * inner];
        for (let j = 0; j < n; j++) dx[base + j * inner] = y[base + j * inner] * (g[base + j * inner] - dot);
      } else {
        if (y[base] === -Infinity && allMinusInfinity(y, base, n, inner)) continue; // masked row: zero
        let total = 0;
        for (let j = 0; j < n; j++) total += g[base + j * inner];
        for (let j = 0; j < n; j++) dx[base + j * inner] = g[base + j * inner] - Math.exp(y[base + j * inner]) * total;
      }
    }
  }
  return new Tensor(dx, [...out.shape]);
}

function allMinusInfinity(y: ArrayLike<number>, base: number, n: number, inner: number): boolean {
  for (let j = 0; j < n; j++) if (y[base + j * inner] !== -Infinity) return false;
  return true;
}

export function softmax(t: Tensor, axis = -1): Tensor {
  checkTensorArg(t, "softmax", "t");
  const ax = normalizeAxis(axis, t.ndim, "softmax", t.shape);
  if (ax === t.ndim - 1 && t.size > 0) {
    const fast = softmaxLastAxisWasm(t);
    if (fast) return fast;
  }
  const out = softmaxForward(t, ax, "softmax");
  return recordOp(out, "softmax", [t], () => accumulateGrad(t, softmaxBackward(out, ax, "softmax")));
}

export function logSoftmax(t: Tensor, axis = -1): Tensor {
  checkTensorArg(t, "logSoftmax", "t");
  const ax = normalizeAxis(axis, t.ndim, "logSoftmax", t.shape);
  const out = softmaxForward(t, ax, "logSoftmax");
  return recordOp(out, "logSoftmax", [t], () => accumulateGrad(t, softmaxBackward(out, ax, "logSoftmax")));
}

/** softmax over the last axis on the wasm kernels (float32), or null when they are not in use. */
function softmaxLastAxisWasm(t: Tensor): Tensor | null {
  const f = wasmFrame(t);
  if (f === null) return null;
  const n = t.shape[t.ndim - 1];
  const size = t.size;
  const px = f.alloc(4 * size), py = f.alloc(4 * size);
  f.ready();
  f.put(px, t.data as Float32Array);
  f.k.softmaxRows(px, py, size / n, n);
  const out = new Tensor(f.take(py, size), [...t.shape]);
  return recordOp(out, "softmax", [t], () => {
    const g = wasmFrame()!;
    const py2 = g.alloc(4 * size), pg = g.alloc(4 * size);
    g.ready();
    g.put(py2, out.data as Float32Array);
    g.put(pg, out.grad!.data as Float32Array);
    g.k.softmaxBackwardRows(py2, pg, pg, size / n, n);
    accumulateGrad(t, new Tensor(g.take(pg, size), [...t.shape]), true);
  });
}
