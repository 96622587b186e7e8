/**
 * The encoder-decoder Transformer of "Attention Is All You Need": the encoder reads the source
 * sequence into contextual vectors (the memory); the decoder writes the target one token at a time,
 * attending causally to what it has written and, through cross-attention, to the memory; a linear
 * layer (the generator) turns each decoder vector into scores over the target vocabulary.
 *
 * Names: src_embed, tgt_embed, encoder (layers.N.self_attn..., as torch.nn.TransformerEncoder),
 * decoder (layers.N.multihead_attn..., as torch.nn.TransformerDecoder), generator.
 */
import { Rng, Tensor } from "../tensor/index.js";
import { QkvError, checkPositiveIntegers, formatShape } from "../tensor/errors.js";
import { Module } from "../nn/module.js";
import { Linear } from "../nn/linear.js";
import { Embedding } from "../nn/embedding.js";
import { LayerNorm } from "../nn/layer-norm.js";
import { PositionalEncoding } from "../nn/positional.js";
import { TransformerEncoder, TransformerEncoderLayer } from "../nn/encoder.js";
import { TransformerDecoder, TransformerDecoderLayer } from "../nn/decoder.js";
import { type Activation, checkActivation } from "../nn/activation.js";
import { fillNormal } from "../nn/init.js";
import { checkKeys } from "../nn/options.js";
import { checkTensorArg } from "../tensor/validate.js";

export interface TransformerConfig {
  /** Source token ids (set by the source tokenizer; no default). */
  srcVocabSize: number;
  /** Target token ids (set by the target tokenizer; no default). */
  tgtVocabSize: number;
  /** Width of every vector. 64 trains in seconds in plain JS; the paper: 512. */
  dModel: number;
  /** Heads per attention; dModel must divide by it. 4; the paper: 8. */
  nhead: number;
  /** Encoder layers. 2 for the course's toy tasks; the paper: 6. */
  numEncoderLayers: number;
  /** Decoder layers. 2; the paper: 6. */
  numDecoderLayers: number;
  /** Feed-forward width: 4 x dModel by default, the paper's ratio (2048 / 512). */
  dimFeedforward: number;
  /** 0 so runs are deterministic unless asked; the paper: 0.1. */
  dropout: number;
  /** "relu", the paper's. */
  activation: Activation;
  /** Longest source or target (rows of the sinusoid table). 128: the course's sequences are short. */
  maxLen: number;
  /** false: post-norm, as in the paper. true: pre-norm (adds a final LayerNorm to both stacks). */
  normFirst: boolean;
  /** 1e-5, PyTorch's default. */
  layerNormEps: number;
}

export const TRANSFORMER_CONFIG_KEYS: readonly (keyof TransformerConfig)[] = [
  "srcVocabSize", "tgtVocabSize", "dModel", "nhead", "numEncoderLayers", "numDecoderLayers", "dimFeedforward", "dropout",
  "activation", "maxLen", "normFirst", "layerNormEps",
];

export function transformerConfig(c: Partial<TransformerConfig> & { srcVocabSize: number; tgtVocabSize: number }): TransformerConfig {
  checkKeys("TransformerConfig", c, TRANSFORMER_CONFIG_KEYS);
  const dModel = c.dModel ?? 64;
  const config: TransformerConfig = {
    dModel, nhead: 4, numEncoderLayers: 2, numDecoderLayers: 2, dimFeedforward: 4 * dModel, dropout: 0,
    activation: "relu", maxLen: 128, normFirst: false, layerNormEps: 1e-5, ...c,
  };
  checkPositiveIntegers("TransformerConfig", config, ["srcVocabSize", "tgtVocabSize", "dModel", "nhead", "numEncoderLayers", "numDecoderLayers", "dimFeedforward", "maxLen"]);
  if (config.dModel % config.nhead !== 0) {
    throw new QkvError(`TransformerConfig: dModel=${config.dModel} must be divisible by nhead=${config.nhead}`);
  }
  checkActivation(config.activation, "TransformerConfig");
  return config;
}

/** Padding masks of the two sequences: bool (B, L), TRUE = real token (may be attended to). */
export interface Seq2SeqMasks {
  /** (B, S): false on source padding; hides it from the encoder's self-attention and the decoder's cross-attention. */
  srcKeyPaddingMask?: Tensor | null;
  /** (B, T): false on target padding. */
  tgtKeyPaddingMask?: Tensor | null;
}

const SEQ2SEQ_MASK_KEYS = ["srcKeyPaddingMask", "tgtKeyPaddingMask"] as const;

export class Transformer extends Module {
  readonly config: TransformerConfig;
  src_embed: Embedding;
  tgt_embed: Embedding;
  positional: PositionalEncoding;
  encoder: TransformerEncoder;
  decoder: TransformerDecoder;
  /** (tgtVocabSize, dModel): decoder vectors -> target-token scores */
  generator: Linear;

  /** Weights drawn from `rng`; without one they are zeros, for a model about to be loaded. */
  constructor(config: Partial<TransformerConfig> & { srcVocabSize: number; tgtVocabSize: number }, rng?: Rng | null) {
    super();
    const c = transformerConfig(config);
    this.config = c;
    const layerOpts = { dimFeedforward: c.dimFeedforward, dropout: c.dropout, activation: c.activation, normFirst: c.normFirst, layerNormEps: c.layerNormEps };
    const finalNorm = () => (c.normFirst ? new LayerNorm(c.dModel, { eps: c.layerNormEps }) : null);
    this.src_embed = this.registerModule("src_embed", new Embedding(c.srcVocabSize, c.dModel, rng));
    this.tgt_embed = this.registerModule("tgt_embed", new Embedding(c.tgtVocabSize, c.dModel, rng));
    this.positional = this.registerModule("positional", new PositionalEncoding(c.dModel, c.maxLen, { dropout: c.dropout, rng: rng?.fork() }));
    this.encoder = this.registerModule("encoder", new TransformerEncoder(
      Array.from({ length: c.numEncoderLayers }, () => new TransformerEncoderLayer(c.dModel, c.nhead, rng, layerOpts)), { norm: finalNorm() }));
    this.decoder = this.registerModule("decoder", new TransformerDecoder(
      Array.from({ length: c.numDecoderLayers }, () => new TransformerDecoderLayer(c.dModel, c.nhead, rng, layerOpts)), { norm: finalNorm() }));
    this.generator = this.registerModule("generator", new Linear(c.dModel, c.tgtVocabSize, rng));
    // Embeddings start N(0, 1/dModel): after the √dModel scaling in embed() each component has variance 1,
    // the size of the sinusoids, so neither the token nor its position drowns the other.
    // (PyTorch's N(0, 1) default would make tokens √dModel times louder than positions.)
    fillNormal(this.src_embed.weight, 1 / Math.sqrt(c.dModel), rng);
    fillNormal(this.tgt_embed.weight, 1 / Math.sqrt(c.dModel), rng);
  }

  /** Token vectors scaled by √dModel (as in the paper, so they are not drowned by the positions), plus positions. */
  private embed(table: Embedding, ids: Tensor, what: string): Tensor {
    if (ids.ndim !== 2 || ids.dtype !== "int32") {
      throw new QkvError(`Transformer: ${what} ids must be an int32 tensor (B, L), got ${ids.dtype} of shape ${formatShape(ids.shape)}`);
    }
    return this.positional.forward(table.forward(ids).mul(Math.sqrt(this.config.dModel)));
  }

  /** src (B, S) int32 -> memory (B, S, C). srcKeyPaddingMask: TRUE = real token. */
  encode(src: Tensor, masks: Seq2SeqMasks = {}): Tensor {
    checkKeys("Transformer.encode", masks, SEQ2SEQ_MASK_KEYS);
    return this.encoder.forward(this.embed(this.src_embed, src, "source"), { keyPaddingMask: masks.srcKeyPaddingMask });
  }

  /**
   * tgt (B, T) int32, memory (B, S, C) -> decoder states (B, T, C). Self-attention is causal: position t
   * sees target tokens 0..t only. Masks: TRUE = may be attended to (fully masked rows give zeros).
   */
  decode(tgt: Tensor, memory: Tensor, masks: Seq2SeqMasks = {}): Tensor {
    checkKeys("Transformer.decode", masks, SEQ2SEQ_MASK_KEYS);
    return this.decoder.forward(this.embed(this.tgt_embed, tgt, "target"), memory, {
      causal: true,
      tgtKeyPaddingMask: masks.tgtKeyPaddingMask,
      memoryKeyPaddingMask: masks.srcKeyPaddingMask,
    });
  }

  /**
   * src (B, S), tgt (B, T) int32 -> logits (B, T, tgtVocabSize). Teacher forcing: tgt is the target
   * shifted right (starting with a BOS token); row t scores target token t+1.
   */
  forward(src: Tensor, tgt: Tensor, masks: Seq2SeqMasks = {}): Tensor {
    checkTensorArg(src, "Transformer.forward", "src");
    checkTensorArg(tgt, "Transformer.forward", "tgt");
    if (src.ndim === 2 && tgt.ndim === 2 && src.shape[0] !== tgt.shape[0]) {
      throw new QkvError(`Transformer: src ${formatShape(src.shape)} and tgt ${formatShape(tgt.shape)} must have the same batch size`);
    }
    return this.generator.forward(this.decode(tgt, this.encode(src, masks), masks));
  }

  protected extraRepr(): string {
    const c = this.config;
    return `dModel=${c.dModel}, nhead=${c.nhead}, layers=${c.numEncoderLayers}+${c.numDecoderLayers}, ${c.normFirst ? "pre-norm" : "post-norm"}`;
  }
}
