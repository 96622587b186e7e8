/**
 * Activation functions: tanh, relu, sigmoid, gelu (exact and tanh-approximated). Each forward and
 * backward writes its own loop (see arithmetic() in elementwise.ts for why).
 */
import type { Tensor } from "./tensor.js";
import { checkTensorArg } from "./validate.js";
import { floatTypeOf } from "./dtype.js";
import { check } from "./errors.js";
import { recordOp, accumulateGrad } from "./autograd.js";
import { emptyLike } from "./elementwise.js";
import { erf } from "./erf.js";
import { wasmFrame } from "./kernels.js";
import { Tensor as TensorClass } from "./tensor.js";

export function tanh(t: Tensor): Tensor {
  checkTensorArg(t, "tanh", "t");
  const out = emptyLike(t, floatTypeOf(t.dtype));
  const x = t.data, y = out.data;
  for (let i = 0; i < y.length; i++) y[i] = Math.tanh(x[i]);
  return recordOp(out, "tanh", [t], () => {
    const g = out.grad!.data;
    const dx = emptyLike(t, t.dtype);
    const d = dx.data;
    for (let i = 0; i < g.length; i++) d[i] = g[i] * (1 - y[i] * y[i]); // tanh' = 1 − tanh²
    accumulateGrad(t, dx);
  });
}

/** max(0, x); gradient 1 where x > 0, else 0. */
export function relu(t: Tensor): Tensor {
  checkTensorArg(t, "relu", "t");
  const out = emptyLike(t, t.dtype === "bool" ? "int32" : t.dtype);
  const x = t.data, y = out.data;
  for (let i = 0; i < y.length; i++) y[i] = x[i] > 0 ? x[i] : 0;
  return recordOp(out, "relu", [t], () => {
    const g = out.grad!.data;
    const dx = emptyLike(t, t.dtype);
    const d = dx.data;
    for (let i = 0; i < g.length; i++) d[i] = x[i] > 0 ? g[i] : 0;
    accumulateGrad(t, dx);
  });
}

/** 1 / (1 + e^(−x)), written so that large |x| neither overflows nor loses precision. */
function sigmoidScalar(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export function sigmoid(t: Tensor): Tensor {
  checkTensorArg(t, "sigmoid", "t");
  const out = emptyLike(t, floatTypeOf(t.dtype));
  const x = t.data, y = out.data;
  for (let i = 0; i < y.length; i++) y[i] = sigmoidScalar(x[i]);
  return recordOp(out, "sigmoid", [t], () => {
    const g = out.grad!.data;
    const dx = emptyLike(t, t.dtype);
    const d = dx.data;
    for (let i = 0; i < g.length; i++) d[i] = g[i] * y[i] * (1 - y[i]); // σ' = σ (1 − σ)
    accumulateGrad(t, dx);
  });
}

/** "none": the exact GELU x·Φ(x) (BERT, PyTorch's default); "tanh": GPT-2's approximation. */
export type GeluApproximation = "none" | "tanh";

const INV_SQRT2 = Math.SQRT1_2;
const INV_SQRT_2PI = 0.3989422804014327; // 1/√(2π), the peak of the normal density
const SQRT_2_OVER_PI = 0.7978845608028654;
const GELU_CUBIC = 0.044715;

/** x·Φ(x), Φ the standard normal CDF. */
function geluExact(x: number): number {
  return 0.5 * x * (1 + erf(x * INV_SQRT2));
}

/** d/dx x·Φ(x) = Φ(x) + x·φ(x). */
function geluExactDerivative(x: number): number {
  return 0.5 * (1 + erf(x * INV_SQRT2)) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/** ½x(1 + tanh(√(2/π)(x + 0.044715x³))). */
function geluTanh(x: number): number {
  return 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x)));
}

function geluTanhDerivative(x: number): number {
  const th = Math.tanh(SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x));
  const innerDerivative = SQRT_2_OVER_PI * (1 + 3 * GELU_CUBIC * x * x);
  return 0.5 * (1 + th) + 0.5 * x * (1 - th * th) * innerDerivative;
}

export function gelu(t: Tensor, approximate: GeluApproximation = "none"): Tensor {
  checkTensorArg(t, "gelu", "t");
  check(approximate === "none" || approximate === "tanh", () => `gelu: approximate must be "none" or "tanh", got "${approximate}"`);
  if (approximate === "tanh") {
    const fast = geluTanhWasm(t);
    if (fast) return fast;
  }
  const out = emptyLike(t, floatTypeOf(t.dtype));
  const x = t.data, y = out.data;
  if (approximate === "tanh") for (let i = 0; i < y.length; i++) y[i] = geluTanh(x[i]);
  else for (let i = 0; i < y.length; i++) y[i] = geluExact(x[i]);
  return recordOp(out, "gelu", [t], () => {
    const g = out.grad!.data;
    const dx = emptyLike(t, t.dtype);
    const d = dx.data;
    if (approximate === "tanh") for (let i = 0; i < g.length; i++) d[i] = g[i] * geluTanhDerivative(x[i]);
    else for (let i = 0; i < g.length; i++) d[i] = g[i] * geluExactDerivative(x[i]);
    accumulateGrad(t, dx);
  });
}

/** The tanh GELU on the wasm kernels (float32), or null when they are not in use. */
function geluTanhWasm(t: Tensor): Tensor | null {
  const f = wasmFrame(t);
  if (f === null) return null;
  const n = t.size;
  const px = f.alloc(4 * n);
  const py = f.alloc(4 * n);
  f.ready();
  f.put(px, t.data as Float32Array);
  f.k.geluTanhForward(px, py, n);
  const out = new TensorClass(f.take(py, n), [...t.shape]);
  return recordOp(out, "gelu", [t], () => {
    const g = wasmFrame()!;
    const gx = g.alloc(4 * n);
    const gg = g.alloc(4 * n);
    g.ready();
    g.put(gx, t.data as Float32Array);
    g.put(gg, out.grad!.data as Float32Array);
    g.k.geluTanhBackward(gx, gg, gg, n);
    accumulateGrad(t, new TensorClass(g.take(gg, n), [...t.shape]), true);
  });
}
