/** The position-wise feed-forward network of a Transformer block: Linear -> activation -> Linear. */
import { Rng, Tensor } from "../tensor/index.js";
import { Module } from "./module.js";
import { Linear } from "./linear.js";
import { Dropout } from "./dropout.js";
import { type Activation, activate, checkActivation } from "./activation.js";
import { checkKeys } from "./options.js";
import { checkTensorArg } from "../tensor/validate.js";

export interface FeedForwardOptions {
  /** Width of the hidden layer; 4 × dModel by default, the ratio of the original paper (2048 / 512). */
  dimFeedforward?: number;
  activation?: Activation;
  /** Dropout after the activation, as in nn.TransformerEncoderLayer; 0 by default (deterministic). */
  dropout?: number;
}

/**
 * FFN(x) = linear2(dropout(act(linear1(x)))), applied to each position separately.
 * Parameter names linear1 / linear2 are those of PyTorch's Transformer layers.
 */
export class FeedForward extends Module {
  readonly activation: Activation;
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;

  /** Weights drawn from `rng`; without one they are zeros, to be filled by loadStateDict. */
  constructor(dModel: number, rng?: Rng | null, opts: FeedForwardOptions = {}) {
    super();
    checkKeys("FeedForward", opts, ["dimFeedforward", "activation", "dropout"]);
    const hidden = opts.dimFeedforward ?? 4 * dModel;
    this.activation = checkActivation(opts.activation ?? "relu", "FeedForward");
    this.linear1 = this.registerModule("linear1", new Linear(dModel, hidden, rng));
    this.dropout = this.registerModule("dropout", new Dropout(opts.dropout ?? 0, rng?.fork()));
    this.linear2 = this.registerModule("linear2", new Linear(hidden, dModel, rng));
  }

  /** (B, T, C) -> (B, T, hidden) -> (B, T, C) */
  forward(x: Tensor): Tensor {
    checkTensorArg(x, "FeedForward.forward", "x");
    return this.linear2.forward(this.dropout.forward(activate(this.linear1.forward(x), this.activation)));
  }

  protected extraRepr(): string {
    return `activation=${this.activation}`;
  }
}
