/**
 * softmax(x)ᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m) along an axis, with m the row's max (subtracting it changes
 * nothing mathematically but keeps e^… from overflowing). logSoftmax = (x − m) − log Σ e^(x − m).
 *
 * Masked rows: attention masks put −Infinity in blocked positions. A row that is ENTIRELY −Infinity
 * (a query that may attend to nothing) gives all zeros from softmax and −Infinity from logSoftmax,
 * never NaN, and passes a zero gradient back.
 */
import { Tensor } from "./tensor.js";
import { allocate, floatTypeOf } from "./dtype.js";
import { normalizeAxis, splitAtAxis } from "./shape.js";
import { recordOp, accumulateGrad } from "./autograd.js";

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
  const ax = normalizeAxis(axis, t.ndim, "softmax", t.shape);
  const out = softmaxForward(t, ax, "softmax");
  return recordOp(out, "softmax", [t], () => accumulateGrad(t, softmaxBackward(out, ax, "softmax")));
}

export function logSoftmax(t: Tensor, axis = -1): Tensor {
  const ax = normalizeAxis(axis, t.ndim, "logSoftmax", t.shape);
  const out = softmaxForward(t, ax, "logSoftmax");
  return recordOp(out, "logSoftmax", [t], () => accumulateGrad(t, softmaxBackward(out, ax, "logSoftmax")));
}
