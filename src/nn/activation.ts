/** The activations the feed-forward layers choose between, by name. */
import { Tensor } from "../tensor/index.js";
import { QkvError } from "../tensor/errors.js";

/**
 * "relu" (the original Transformer), "gelu" (the exact erf form: BERT, PyTorch's "gelu"),
 * "gelu_tanh" (the tanh approximation GPT-2 uses, Hugging Face's "gelu_new").
 */
export type Activation = "relu" | "gelu" | "gelu_tanh";

export function activate(x: Tensor, activation: Activation): Tensor {
  switch (activation) {
    case "relu":
      return x.relu();
    case "gelu":
      return x.gelu("none");
    case "gelu_tanh":
      return x.gelu("tanh");
    default:
      throw new QkvError(`activation: unknown activation "${String(activation)}" (use "relu", "gelu" or "gelu_tanh")`);
  }
}

export function checkActivation(activation: string, who: string): Activation {
  if (activation !== "relu" && activation !== "gelu" && activation !== "gelu_tanh") {
    throw new QkvError(`${who}: unknown activation "${activation}" (use "relu", "gelu" or "gelu_tanh")`);
  }
  return activation;
}
