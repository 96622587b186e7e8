// Mutant of 04.3: multiplies by the transposed matrices, x Wᵀ, as nn.Linear does with its (out, in) weight.
import type { Tensor } from "qkv";
import { attention } from "../../../solutions/04-self-attention.js";
export * from "../../../solutions/04-self-attention.js";

export function selfAttention(x: Tensor, Wq: Tensor, Wk: Tensor, Wv: Tensor): { output: Tensor; weights: Tensor } {
  return attention(x.matmul(Wq.transpose()), x.matmul(Wk.transpose()), x.matmul(Wv.transpose()));
}
