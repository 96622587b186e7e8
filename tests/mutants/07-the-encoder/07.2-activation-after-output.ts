// Mutant of 07.2: the ReLU is applied to the network's output instead of between the two layers.
import type { Tensor } from "qkv";
export * from "../../../solutions/07-the-encoder.js";

export function feedForward(
  x: Tensor, W1: Tensor, b1: Tensor, W2: Tensor, b2: Tensor, activation: "relu" | "gelu" = "relu",
): Tensor {
  const act = (z: Tensor) => (activation === "gelu" ? z.gelu("none") : z.relu());
  const hidden = x.matmul(W1.transpose(0, 1)).add(b1);
  return act(hidden.matmul(W2.transpose(0, 1)).add(b2));
}
