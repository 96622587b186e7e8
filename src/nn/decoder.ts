/**
 * The Transformer decoder: each layer has masked (causal) self-attention over the target so far,
 * cross-attention from the target to the encoder's output (the memory), and a feed-forward network.
 * Names and layouts follow torch.nn.TransformerDecoderLayer / TransformerDecoder.
 */
import { Rng, Tensor } from "../tensor/index.js";
import { QkvError, formatShape } from "../tensor/errors.js";
import { Module, ModuleList } from "./module.js";
import { Linear } from "./linear.js";
import { LayerNorm } from "./layer-norm.js";
import { Dropout } from "./dropout.js";
import { MultiHeadAttention } from "./multi-head-attention.js";
import { type Activation, activate, checkActivation } from "./activation.js";
import { checkKeys } from "./options.js";
import { type TransformerLayerOptions, TRANSFORMER_LAYER_KEYS } from "./encoder.js";
import { checkTensorArg } from "../tensor/validate.js";

/**
 * Masks for the decoder; all bool with TRUE = may be attended to (a fully masked query row gives
 * zeros, not NaN).
 */
export interface DecoderMasks {
  /** Self-attention mask (T, T), (B, T, T) or (B, nh, T, T), e.g. causalMask(T). */
  tgtMask?: Tensor | null;
  /** Make the self-attention causal (the usual decoder); same as tgtMask = causalMask(T). */
  causal?: boolean;
  /** (B, T): false on target padding. */
  tgtKeyPaddingMask?: Tensor | null;
  /** Cross-attention mask (T, S), (B, T, S) or (B, nh, T, S). */
  memoryMask?: Tensor | null;
  /** (B, S): false on padding in the source (the encoder's input). */
  memoryKeyPaddingMask?: Tensor | null;
}

export class TransformerDecoderLayer extends Module {
  readonly dModel: number;
  readonly normFirst: boolean;
  readonly activation: Activation;
  self_attn: MultiHeadAttention;
  multihead_attn: MultiHeadAttention;
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;
  norm1: LayerNorm;
  norm2: LayerNorm;
  norm3: LayerNorm;
  dropout1: Dropout;
  dropout2: Dropout;
  dropout3: Dropout;

  /** Weights drawn from `rng`; without one they are zeros, to be filled by loadStateDict. */
  constructor(dModel: number, nhead: number, rng?: Rng | null, opts: TransformerLayerOptions = {}) {
    super();
    checkKeys(this.constructor.name, opts, TRANSFORMER_LAYER_KEYS);
    this.dModel = dModel;
    this.normFirst = opts.normFirst ?? false;
    this.activation = checkActivation(opts.activation ?? "relu", "TransformerDecoderLayer");
    const p = opts.dropout ?? 0;
    const ff = opts.dimFeedforward ?? 4 * dModel;
    const eps = opts.layerNormEps ?? 1e-5;
    this.self_attn = this.registerModule("self_attn", new MultiHeadAttention(dModel, nhead, rng, { dropout: p }));
    this.multihead_attn = this.registerModule("multihead_attn", new MultiHeadAttention(dModel, nhead, rng, { dropout: p }));
    this.linear1 = this.registerModule("linear1", new Linear(dModel, ff, rng));
    this.dropout = this.registerModule("dropout", new Dropout(p, rng?.fork()));
    this.linear2 = this.registerModule("linear2", new Linear(ff, dModel, rng));
    this.norm1 = this.registerModule("norm1", new LayerNorm(dModel, { eps }));
    this.norm2 = this.registerModule("norm2", new LayerNorm(dModel, { eps }));
    this.norm3 = this.registerModule("norm3", new LayerNorm(dModel, { eps }));
    this.dropout1 = this.registerModule("dropout1", new Dropout(p, rng?.fork()));
    this.dropout2 = this.registerModule("dropout2", new Dropout(p, rng?.fork()));
    this.dropout3 = this.registerModule("dropout3", new Dropout(p, rng?.fork()));
  }

  /** tgt (B, T, C), memory (B, S, C) -> (B, T, C). Masks: see DecoderMasks (TRUE = may be attended to). */
  forward(tgt: Tensor, memory: Tensor, masks: DecoderMasks = {}): Tensor {
    checkTensorArg(tgt, "TransformerDecoderLayer.forward", "tgt");
    checkTensorArg(memory, "TransformerDecoderLayer.forward", "memory");
    for (const [name, t] of [["tgt", tgt], ["memory", memory]] as const) {
      if (t.ndim !== 3 || t.shape[2] !== this.dModel) {
        throw new QkvError(`TransformerDecoderLayer: ${name} ${formatShape(t.shape)} must be (B, L, dModel=${this.dModel})`);
      }
    }
    let x = tgt;
    if (this.normFirst) {
      x = x.add(this.selfAttentionBlock(this.norm1.forward(x), masks));
      x = x.add(this.crossAttentionBlock(this.norm2.forward(x), memory, masks));
      x = x.add(this.feedForwardBlock(this.norm3.forward(x)));
    } else {
      x = this.norm1.forward(x.add(this.selfAttentionBlock(x, masks)));
      x = this.norm2.forward(x.add(this.crossAttentionBlock(x, memory, masks)));
      x = this.norm3.forward(x.add(this.feedForwardBlock(x)));
    }
    return x;
  }

  private selfAttentionBlock(x: Tensor, m: DecoderMasks): Tensor {
    const out = this.self_attn.forward(x, x, x, { attnMask: m.tgtMask, keyPaddingMask: m.tgtKeyPaddingMask, causal: m.causal });
    return this.dropout1.forward(out.output);
  }

  /** Queries from the target, keys and values from the memory: (B, T, C) x (B, S, C) -> (B, T, C) */
  private crossAttentionBlock(x: Tensor, memory: Tensor, m: DecoderMasks): Tensor {
    const out = this.multihead_attn.forward(x, memory, memory, { attnMask: m.memoryMask, keyPaddingMask: m.memoryKeyPaddingMask });
    return this.dropout2.forward(out.output);
  }

  private feedForwardBlock(x: Tensor): Tensor {
    const h = this.dropout.forward(activate(this.linear1.forward(x), this.activation));
    return this.dropout3.forward(this.linear2.forward(h));
  }

  protected extraRepr(): string {
    return `${this.normFirst ? "pre-norm" : "post-norm"}, activation=${this.activation}`;
  }
}

/** A stack of decoder layers (`layers.0`, ...) and an optional final `norm`. */
export class TransformerDecoder extends Module {
  layers: ModuleList<TransformerDecoderLayer>;
  norm: LayerNorm | null;

  constructor(layers: TransformerDecoderLayer[], opts: { norm?: LayerNorm | null } = {}) {
    super();
    checkKeys("TransformerDecoder", opts, ["norm"]);
    if (layers.length === 0) throw new QkvError("TransformerDecoder: needs at least one layer");
    this.layers = this.registerModule("layers", new ModuleList(layers));
    this.norm = opts.norm ? this.registerModule("norm", opts.norm) : null;
  }

  /** tgt (B, T, C), memory (B, S, C) -> (B, T, C); masks as DecoderMasks (TRUE = may be attended to). */
  forward(tgt: Tensor, memory: Tensor, masks: DecoderMasks = {}): Tensor {
    let x = tgt;
    for (const layer of this.layers) x = layer.forward(x, memory, masks);
    return this.norm ? this.norm.forward(x) : x;
  }
}
