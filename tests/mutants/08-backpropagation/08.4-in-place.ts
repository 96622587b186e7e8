// Mutant of 08.4: writes the update into param, m and v (as an optimizer does) and returns them.
import type { Tensor } from "qkv";
import { adamStep as reference, type AdamState, type AdamStepOptions } from "../../../solutions/08-backpropagation.js";
export * from "../../../solutions/08-backpropagation.js";

export function adamStep(param: Tensor, grad: Tensor, state: AdamState, options: AdamStepOptions = {}): { param: Tensor; m: Tensor; v: Tensor } {
  const next = reference(param, grad, state, options);
  param.data.set(next.param.data);
  state.m.data.set(next.m.data);
  state.v.data.set(next.v.data);
  return { param, m: state.m, v: state.v };
}
