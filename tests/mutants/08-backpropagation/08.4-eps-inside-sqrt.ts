// Mutant of 08.4: puts eps under the square root, √(v̂ + ε), instead of √v̂ + ε.
import { tensor, type Tensor } from "qkv";
import { adamStep as reference, type AdamState, type AdamStepOptions } from "../../../solutions/08-backpropagation.js";
export * from "../../../solutions/08-backpropagation.js";

export function adamStep(param: Tensor, grad: Tensor, state: AdamState, options: AdamStepOptions = {}): { param: Tensor; m: Tensor; v: Tensor } {
  const { m, v } = reference(param, grad, state, options);
  const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, decoupled = false } = options;
  const c1 = 1 - betas[0] ** state.t;
  const c2 = 1 - betas[1] ** state.t;
  const p = Array.from(param.data, (x, i) => (decoupled ? x * (1 - lr * weightDecay) : x) - lr * (m.data[i] / c1) / Math.sqrt(v.data[i] / c2 + eps));
  return { param: tensor(p, { shape: [...param.shape], dtype: "float64" }), m, v };
}
