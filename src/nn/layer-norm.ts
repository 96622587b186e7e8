/** LayerNorm: normalise each vector over its last dimension(s), then scale and shift (learned). */
import { Tensor, layerNorm, ones, zeros } from "../tensor/index.js";
import { QkvError } from "../tensor/errors.js";
import { Module } from "./module.js";
import { checkKeys } from "./options.js";

export interface LayerNormOptions {
  /** Added to the variance before the square root; 1e-5 as PyTorch and GPT-2 (BERT uses 1e-12). */
  eps?: number;
  /** Learn a weight and a bias (default true). */
  elementwiseAffine?: boolean;
}

export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  readonly eps: number;
  /** normalizedShape, starts at 1 */
  weight: Tensor | null;
  /** normalizedShape, starts at 0 */
  bias: Tensor | null;

  constructor(normalizedShape: number | number[], opts: LayerNormOptions = {}) {
    super();
    checkKeys("LayerNorm", opts, ["eps", "elementwiseAffine"]);
    this.normalizedShape = typeof normalizedShape === "number" ? [normalizedShape] : [...normalizedShape];
    if (this.normalizedShape.length === 0 || this.normalizedShape.some((d) => !Number.isInteger(d) || d <= 0)) {
      throw new QkvError(`LayerNorm: normalizedShape must be positive integers, got [${this.normalizedShape.join(", ")}]`);
    }
    this.eps = opts.eps ?? 1e-5;
    const affine = opts.elementwiseAffine ?? true;
    this.weight = affine ? this.registerParameter("weight", ones(this.normalizedShape)) : null;
    this.bias = affine ? this.registerParameter("bias", zeros(this.normalizedShape)) : null;
  }

  /** (..., *normalizedShape) -> same shape */
  forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, this.weight ?? undefined, this.bias ?? undefined, this.eps);
  }

  protected extraRepr(): string {
    return `${this.normalizedShape.join(", ")}, eps=${this.eps}`;
  }
}
