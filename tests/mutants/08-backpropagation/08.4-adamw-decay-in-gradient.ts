// Mutant of 08.4: AdamW done as Adam's L2 penalty: adds λ·p to the gradient even when decoupled is true.
import type { Tensor } from "qkv";
import { adamStep as reference, type AdamState, type AdamStepOptions } from "../../../solutions/08-backpropagation.js";
export * from "../../../solutions/08-backpropagation.js";

export function adamStep(param: Tensor, grad: Tensor, state: AdamState, options: AdamStepOptions = {}): { param: Tensor; m: Tensor; v: Tensor } {
  return reference(param, grad, state, { ...options, decoupled: false });
}
