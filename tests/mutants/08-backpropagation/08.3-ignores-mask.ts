// Mutant of 08.3: checks the mask's shape but computes the weights as if every key were allowed.
import type { Tensor } from "qkv";
import { attentionBackward as reference } from "../../../solutions/08-backpropagation.js";
export * from "../../../solutions/08-backpropagation.js";

export function attentionBackward(q: Tensor, k: Tensor, v: Tensor, dOut: Tensor, mask?: Tensor): { dQ: Tensor; dK: Tensor; dV: Tensor } {
  if (mask !== undefined) reference(q, k, v, dOut, mask); // throws for a bad mask shape
  return reference(q, k, v, dOut);
}
