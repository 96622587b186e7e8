/**
 * The Transformer encoder: a stack of identical layers, each self-attention then a feed-forward
 * network, each wrapped in a residual connection and a layer norm. Names and layouts follow
 * torch.nn.TransformerEncoderLayer / TransformerEncoder, so their state dicts load as is.
 */
import { Rng, Tensor } from "../tensor/index.js";
import { QkvError, formatShape } from "../tensor/errors.js";
import { Module, ModuleList } from "./module.js";
import { Linear } from "./linear.js";
import { LayerNorm } from "./layer-norm.js";
import { Dropout } from "./dropout.js";
import { MultiHeadAttention, type AttentionMasks } from "./multi-head-attention.js";
import { type Activation, activate, checkActivation } from "./activation.js";
import { checkKeys } from "./options.js";
import { checkTensorArg } from "../tensor/validate.js";

export interface TransformerLayerOptions {
  /** Hidden width of the feed-forward network: 4 × dModel by default, the paper's ratio (2048 / 512). */
  dimFeedforward?: number;
  /** Dropout on attention weights, after each sublayer and inside the FFN; the paper uses 0.1. 0 by default so that results are reproducible without an rng in eval. */
  dropout?: number;
  /** "relu" as in the paper; "gelu" (exact) as BERT. */
  activation?: Activation;
  /** 1e-5, PyTorch's default. */
  layerNormEps?: number;
  /**
   * false (default): post-norm, x = norm(x + sublayer(x)), as in "Attention Is All You Need".
   * true: pre-norm, x = x + sublayer(norm(x)), as GPT-2: trains more stably in deep stacks.
   */
  normFirst?: boolean;
}

export const TRANSFORMER_LAYER_KEYS = ["dimFeedforward", "dropout", "activation", "layerNormEps", "normFirst"] as const;

export class TransformerEncoderLayer extends Module {
  readonly dModel: number;
  readonly normFirst: boolean;
  readonly activation: Activation;
  self_attn: MultiHeadAttention;
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;
  norm1: LayerNorm;
  norm2: LayerNorm;
  dropout1: Dropout;
  dropout2: Dropout;

  /** Weights drawn from `rng`; without one they are zeros, to be filled by loadStateDict. */
  constructor(dModel: number, nhead: number, rng?: Rng | null, opts: TransformerLayerOptions = {}) {
    super();
    checkKeys(this.constructor.name, opts, TRANSFORMER_LAYER_KEYS);
    this.dModel = dModel;
    this.normFirst = opts.normFirst ?? false;
    this.activation = checkActivation(opts.activation ?? "relu", "TransformerEncoderLayer");
    const p = opts.dropout ?? 0;
    const ff = opts.dimFeedforward ?? 4 * dModel;
    const eps = opts.layerNormEps ?? 1e-5;
    this.self_attn = this.registerModule("self_attn", new MultiHeadAttention(dModel, nhead, rng, { dropout: p }));
    this.linear1 = this.registerModule("linear1", new Linear(dModel, ff, rng));
    this.dropout = this.registerModule("dropout", new Dropout(p, rng?.fork()));
    this.linear2 = this.registerModule("linear2", new Linear(ff, dModel, rng));
    this.norm1 = this.registerModule("norm1", new LayerNorm(dModel, { eps }));
    this.norm2 = this.registerModule("norm2", new LayerNorm(dModel, { eps }));
    this.dropout1 = this.registerModule("dropout1", new Dropout(p, rng?.fork()));
    this.dropout2 = this.registerModule("dropout2", new Dropout(p, rng?.fork()));
  }

  /**
   * src (B, T, C) -> (B, T, C). Masks (bool, TRUE = may be attended to; a fully masked query row gives
   * zeros, not NaN): keyPaddingMask (B, T) hides padding tokens, attnMask / causal restrict who sees whom.
   */
  forward(src: Tensor, masks: AttentionMasks = {}): Tensor {
    checkTensorArg(src, "TransformerEncoderLayer.forward", "src");
    if (src.ndim !== 3 || src.shape[2] !== this.dModel) {
      throw new QkvError(`TransformerEncoderLayer: src ${formatShape(src.shape)} must be (B, T, dModel=${this.dModel})`);
    }
    let x = src;
    if (this.normFirst) {
      x = x.add(this.selfAttentionBlock(this.norm1.forward(x), masks));
      x = x.add(this.feedForwardBlock(this.norm2.forward(x)));
    } else {
      x = this.norm1.forward(x.add(this.selfAttentionBlock(x, masks)));
      x = this.norm2.forward(x.add(this.feedForwardBlock(x)));
    }
    return x;
  }

  private selfAttentionBlock(x: Tensor, masks: AttentionMasks): Tensor {
    return this.dropout1.forward(this.self_attn.forward(x, x, x, masks).output);
  }

  /** linear2(dropout(act(linear1(x)))): (B, T, C) -> (B, T, ff) -> (B, T, C) */
  private feedForwardBlock(x: Tensor): Tensor {
    const h = this.dropout.forward(activate(this.linear1.forward(x), this.activation));
    return this.dropout2.forward(this.linear2.forward(h));
  }

  protected extraRepr(): string {
    return `${this.normFirst ? "pre-norm" : "post-norm"}, activation=${this.activation}`;
  }
}

export interface TransformerEncoderOptions {
  /** A LayerNorm after the last layer: needed with pre-norm layers (their output is not normalised). */
  norm?: LayerNorm | null;
}

/** A stack of encoder layers (`layers.0`, `layers.1`, ...) and an optional final `norm`. */
export class TransformerEncoder extends Module {
  layers: ModuleList<TransformerEncoderLayer>;
  norm: LayerNorm | null;

  constructor(layers: TransformerEncoderLayer[], opts: TransformerEncoderOptions = {}) {
    super();
    checkKeys("TransformerEncoder", opts, ["norm"]);
    if (layers.length === 0) throw new QkvError("TransformerEncoder: needs at least one layer");
    this.layers = this.registerModule("layers", new ModuleList(layers));
    this.norm = opts.norm ? this.registerModule("norm", opts.norm) : null;
  }

  /** src (B, T, C) -> (B, T, C); the same masks (TRUE = may be attended to) reach every layer. */
  forward(src: Tensor, masks: AttentionMasks = {}): Tensor {
    let x = src;
    for (const layer of this.layers) x = layer.forward(x, masks);
    return this.norm ? this.norm.forward(x) : x;
  }
}
