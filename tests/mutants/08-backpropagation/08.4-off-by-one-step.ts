// Mutant of 08.4: bias correction with t + 1, as if t counted the steps already taken.
import type { Tensor } from "qkv";
import { adamStep as reference, type AdamState, type AdamStepOptions } from "../../../solutions/08-backpropagation.js";
export * from "../../../solutions/08-backpropagation.js";

export function adamStep(param: Tensor, grad: Tensor, state: AdamState, options: AdamStepOptions = {}): { param: Tensor; m: Tensor; v: Tensor } {
  return reference(param, grad, { ...state, t: state.t + 1 }, options);
}
