// Mutant of 07.2: GELU by its tanh approximation (GPT-2's "gelu_new") where the exact erf form is asked for.
import type { Tensor } from "qkv";
export * from "../../../solutions/07-the-encoder.js";

export function feedForward(
  x: Tensor, W1: Tensor, b1: Tensor, W2: Tensor, b2: Tensor, activation: "relu" | "gelu" = "relu",
): Tensor {
  const hidden = x.matmul(W1.transpose(0, 1)).add(b1);
  const activated = activation === "gelu" ? hidden.gelu("tanh") : hidden.relu();
  return activated.matmul(W2.transpose(0, 1)).add(b2);
}
