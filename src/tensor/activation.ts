/** Activation functions: tanh, relu, sigmoid, gelu (exact and tanh-approximated). */
import type { Tensor } from "./tensor.js";
import { floatTypeOf } from "./dtype.js";
import { check } from "./errors.js";
import { recordOp, accumulateGrad } from "./autograd.js";
import { mul, unaryMap } from "./elementwise.js";
import { erf } from "./erf.js";

export function tanh(t: Tensor): Tensor {
  const out = unaryMap(t, floatTypeOf(t.dtype), Math.tanh);
  // d tanh(x)/dx = 1 − tanh(x)²
  return recordOp(out, "tanh", [t], () => accumulateGrad(t, mul(out.grad!, unaryMap(out, out.dtype, (y) => 1 - y * y))));
}

/** max(0, x); gradient 1 where x > 0, else 0. */
export function relu(t: Tensor): Tensor {
  const out = unaryMap(t, t.dtype === "bool" ? "int32" : t.dtype, (x) => (x > 0 ? x : 0));
  return recordOp(out, "relu", [t], () => accumulateGrad(t, mul(out.grad!, unaryMap(t, t.dtype, (x) => (x > 0 ? 1 : 0)))));
}

/** 1 / (1 + e^(−x)), written so that large |x| neither overflows nor loses precision. */
function sigmoidScalar(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export function sigmoid(t: Tensor): Tensor {
  const out = unaryMap(t, floatTypeOf(t.dtype), sigmoidScalar);
  // dσ/dx = σ (1 − σ)
  return recordOp(out, "sigmoid", [t], () => accumulateGrad(t, mul(out.grad!, unaryMap(out, out.dtype, (y) => y * (1 - y)))));
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
  check(approximate === "none" || approximate === "tanh", () => `gelu: approximate must be "none" or "tanh", got "${approximate}"`);
  const [f, df] = approximate === "tanh" ? [geluTanh, geluTanhDerivative] : [geluExact, geluExactDerivative];
  const out = unaryMap(t, floatTypeOf(t.dtype), f);
  return recordOp(out, "gelu", [t], () => accumulateGrad(t, mul(out.grad!, unaryMap(t, t.dtype, df))));
}
