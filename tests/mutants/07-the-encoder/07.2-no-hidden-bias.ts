// Mutant of 07.2: forgets the first layer's bias b1.
import type { Tensor } from "qkv";
export * from "../../../solutions/07-the-encoder.js";

export function feedForward(
  x: Tensor, W1: Tensor, b1: Tensor, W2: Tensor, b2: Tensor, activation: "relu" | "gelu" = "relu",
): Tensor {
  void b1;
  const hidden = x.matmul(W1.transpose(0, 1));
  const activated = activation === "gelu" ? hidden.gelu("none") : hidden.relu();
  return activated.matmul(W2.transpose(0, 1)).add(b2);
}
