/** Linear: y = x Wᵀ + b, with W stored (out, in) as in PyTorch. */
import { Rng, Tensor } from "../tensor/index.js";
import { QkvError, checkPositiveIntegers, formatShape } from "../tensor/errors.js";
import { linearOp } from "../tensor/matmul.js";
import { Module } from "./module.js";
import { uniformInit } from "./init.js";
import { checkKeys } from "./options.js";
import { checkTensorArg } from "../tensor/validate.js";

/**
 * The affine map as a function: x (..., in) -> (..., out), weight (out, in), bias (out).
 * MultiHeadAttention uses it with slices of its packed in_proj_weight, GPT and BERT for their tied LM heads.
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null, what = "linear"): Tensor {
  checkTensorArg(x, what, "x");
  checkTensorArg(weight, what, "weight");
  if (weight.ndim !== 2) throw new QkvError(`${what}: weight must be (out, in), got shape ${formatShape(weight.shape)}`);
  if (bias !== undefined && bias !== null) checkTensorArg(bias, what, "bias");
  const inF = weight.shape[1];
  if (x.ndim < 1 || x.shape[x.ndim - 1] !== inF) {
    throw new QkvError(
      `${what}: input ${formatShape(x.shape)} x weight ${formatShape(weight.shape)}: last input dimension must be in_features=${inF}`,
    );
  }
  // (..., in) x (out, in)ᵀ + (out) -> (..., out), without copying Wᵀ; the bias is added in the same pass
  return linearOp(x, weight, bias ?? null);
}

export interface LinearOptions {
  /** Add a learned bias (default true, as in PyTorch). */
  bias?: boolean;
}

export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** (out, in) */
  weight: Tensor;
  /** (out) or null */
  bias: Tensor | null;

  /**
   * Weights and bias start U(-1/√in, 1/√in), PyTorch's default, drawn from `rng`. Without an rng they
   * are zeros, to be filled by loadStateDict.
   */
  constructor(inFeatures: number, outFeatures: number, rng?: Rng | null, opts: LinearOptions = {}) {
    super();
    checkPositiveIntegers("Linear", { inFeatures, outFeatures });
    checkKeys("Linear", opts, ["bias"]);
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    const bound = 1 / Math.sqrt(inFeatures);
    this.weight = this.registerParameter("weight", uniformInit([outFeatures, inFeatures], bound, rng));
    this.bias = (opts.bias ?? true) ? this.registerParameter("bias", uniformInit([outFeatures], bound, rng)) : null;
  }

  /** (..., in) -> (..., out) */
  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias, "Linear");
  }

  protected extraRepr(): string {
    return `in=${this.inFeatures}, out=${this.outFeatures}${this.bias ? "" : ", bias=false"}`;
  }
}
