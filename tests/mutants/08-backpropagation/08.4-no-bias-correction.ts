// Mutant of 08.4: uses m and v as they are, without dividing by 1 − β1ᵗ and 1 − β2ᵗ.
import { tensor, type Tensor } from "qkv";
import { adamStep as reference, type AdamState, type AdamStepOptions } from "../../../solutions/08-backpropagation.js";
export * from "../../../solutions/08-backpropagation.js";

export function adamStep(param: Tensor, grad: Tensor, state: AdamState, options: AdamStepOptions = {}): { param: Tensor; m: Tensor; v: Tensor } {
  const { m, v } = reference(param, grad, state, options); // the moments are right
  const { lr = 1e-3, eps = 1e-8, weightDecay = 0, decoupled = false } = options;
  const p = Array.from(param.data, (x, i) => (decoupled ? x * (1 - lr * weightDecay) : x) - lr * m.data[i] / (Math.sqrt(v.data[i]) + eps));
  return { param: tensor(p, { shape: [...param.shape], dtype: "float64" }), m, v };
}
