/**
 * BERT: a bidirectional Transformer encoder pretrained by masked-language modelling (fill in the hidden
 * tokens), with a classification head on the [CLS] token for fine-tuning.
 *
 * Module and parameter names are Hugging Face's (bert.embeddings.word_embeddings,
 * bert.encoder.layer.N.attention.self.query, ..., cls.predictions.transform.dense, classifier), so a
 * BertForMaskedLM / BertForSequenceClassification state dict loads as is. loadStateDict also accepts
 * keys without the "bert." prefix (BertModel), the old LayerNorm names gamma/beta, and ignores the
 * "position_ids" buffer and the tied copies cls.predictions.decoder.weight / .bias.
 *
 * Unlike the post-norm layers of nn.TransformerEncoderLayer, BERT's sublayers are written out here
 * with BERT's own names; the computation is the same post-norm block.
 */
import { Rng, Tensor, zeros } from "../tensor/index.js";
import { QkvError, checkPositiveIntegers, formatShape } from "../tensor/errors.js";
import { Module, ModuleList } from "../nn/module.js";
import { Linear, linear } from "../nn/linear.js";
import { Embedding } from "../nn/embedding.js";
import { LayerNorm } from "../nn/layer-norm.js";
import { Dropout } from "../nn/dropout.js";
import { positionIds } from "../nn/positional.js";
import { paddingMask } from "../nn/masks.js";
import { type Activation, activate, checkActivation } from "../nn/activation.js";
import { attendHeads } from "../nn/attention.js";
import { fillNormal, fillConstant } from "../nn/init.js";

export interface BERTConfig {
  /** Number of token ids; set by the tokenizer (bert-base-uncased: 30522), so it has no default. */
  vocabSize: number;
  /** Width of the hidden states. 64 trains in seconds in plain JS; BERT-base: 768. */
  hiddenSize: number;
  /** Encoder layers. 2 for the course; BERT-base: 12. */
  numHiddenLayers: number;
  /** Heads per layer; hiddenSize must divide by it. 4 (16 features each); BERT-base: 12 x 64. */
  numAttentionHeads: number;
  /** Feed-forward width: 4 x hiddenSize by default, BERT's ratio (3072 / 768). */
  intermediateSize: number;
  /** "gelu" (exact erf form), BERT's. */
  hiddenAct: Activation;
  /** Dropout on embeddings and sublayer outputs. 0.1 is BERT's; 0 here so runs are deterministic unless asked. */
  hiddenDropoutProb: number;
  /** Dropout on attention weights; BERT: 0.1; 0 here for the same reason. */
  attentionProbsDropoutProb: number;
  /** Longest input (rows of the position table). 128: the course's sentences are short; BERT: 512. */
  maxPositionEmbeddings: number;
  /** Segment ids (sentence A / B): 2, as BERT. */
  typeVocabSize: number;
  /** BERT's 1e-12 (tiny: the norm is almost exactly a standardisation). */
  layerNormEps: number;
  /** Std of the initial weights, BERT's 0.02. */
  initializerRange: number;
  /** Classes of the classification head on [CLS]; 0 = no head (only the MLM head). */
  numLabels: number;
}

export function bertConfig(c: Partial<BERTConfig> & { vocabSize: number }): BERTConfig {
  const hiddenSize = c.hiddenSize ?? 64;
  const config: BERTConfig = {
    hiddenSize, numHiddenLayers: 2, numAttentionHeads: 4, intermediateSize: 4 * hiddenSize, hiddenAct: "gelu",
    hiddenDropoutProb: 0, attentionProbsDropoutProb: 0, maxPositionEmbeddings: 128, typeVocabSize: 2,
    layerNormEps: 1e-12, initializerRange: 0.02, numLabels: 0, ...c,
  };
  checkPositiveIntegers("BERTConfig", config, ["vocabSize", "hiddenSize", "numHiddenLayers", "numAttentionHeads", "intermediateSize", "maxPositionEmbeddings", "typeVocabSize"]);
  if (!Number.isInteger(config.numLabels) || config.numLabels < 0) throw new QkvError(`BERTConfig: numLabels must be an integer >= 0, got ${config.numLabels}`);
  if (config.hiddenSize % config.numAttentionHeads !== 0) {
    throw new QkvError(`BERTConfig: hiddenSize=${config.hiddenSize} must be divisible by numAttentionHeads=${config.numAttentionHeads}`);
  }
  checkActivation(config.hiddenAct, "BERTConfig");
  return config;
}

/** Inputs besides the token ids. */
export interface BERTInputs {
  /** (B, T) int32 segment ids (0 = sentence A, 1 = sentence B); zeros if omitted. */
  tokenTypeIds?: Tensor | null;
  /**
   * (B, T) Hugging Face attention_mask: 1 / true = real token (may be attended to), 0 = padding.
   * Any dtype. Padding keys get -Infinity scores before the softmax.
   */
  attentionMask?: Tensor | null;
}

export class BertEmbeddings extends Module {
  word_embeddings: Embedding;
  position_embeddings: Embedding;
  token_type_embeddings: Embedding;
  LayerNorm: LayerNorm;
  dropout: Dropout;

  constructor(c: BERTConfig, rng: Rng) {
    super();
    this.word_embeddings = this.registerModule("word_embeddings", new Embedding(c.vocabSize, c.hiddenSize, rng));
    this.position_embeddings = this.registerModule("position_embeddings", new Embedding(c.maxPositionEmbeddings, c.hiddenSize, rng));
    this.token_type_embeddings = this.registerModule("token_type_embeddings", new Embedding(c.typeVocabSize, c.hiddenSize, rng));
    this.LayerNorm = this.registerModule("LayerNorm", new LayerNorm(c.hiddenSize, { eps: c.layerNormEps }));
    this.dropout = this.registerModule("dropout", new Dropout(c.hiddenDropoutProb, rng.fork()));
  }

  /** ids (B, T), tokenTypeIds (B, T) -> (B, T, H): word + position + segment, normalised */
  forward(ids: Tensor, tokenTypeIds: Tensor): Tensor {
    const T = ids.shape[1];
    if (T > this.position_embeddings.numEmbeddings) {
      throw new QkvError(`BERT: sequence length ${T} exceeds maxPositionEmbeddings=${this.position_embeddings.numEmbeddings}`);
    }
    const x = this.word_embeddings.forward(ids) // (B, T, H)
      .add(this.position_embeddings.forward(positionIds(T))) // + (T, H)
      .add(this.token_type_embeddings.forward(tokenTypeIds)); // + (B, T, H)
    return this.dropout.forward(this.LayerNorm.forward(x));
  }
}

export class BertSelfAttention extends Module {
  readonly numHeads: number;
  query: Linear;
  key: Linear;
  value: Linear;
  dropout: Dropout;
  /** Per-head weights (B, nh, T, T) of the last forward(), detached, for plots. */
  lastWeights: Tensor | null = null;

  constructor(c: BERTConfig, rng: Rng) {
    super();
    this.numHeads = c.numAttentionHeads;
    this.query = this.registerModule("query", new Linear(c.hiddenSize, c.hiddenSize, rng));
    this.key = this.registerModule("key", new Linear(c.hiddenSize, c.hiddenSize, rng));
    this.value = this.registerModule("value", new Linear(c.hiddenSize, c.hiddenSize, rng));
    this.dropout = this.registerModule("dropout", new Dropout(c.attentionProbsDropoutProb, rng.fork()));
  }

  /** x (B, T, H), mask (B, 1, 1, T) bool (TRUE = may be attended to) or null -> (B, T, H) */
  forward(x: Tensor, mask: Tensor | null): Tensor {
    // splitHeads -> scaledDotProductAttention -> mergeHeads, with heads read in place by the wasm kernels
    const { output, weights } = attendHeads(this.query.forward(x), this.key.forward(x), this.value.forward(x), this.numHeads, { mask, dropout: this.dropout });
    this.lastWeights = weights.detach(); // (B, nh, T, T)
    return output; // (B, T, H)
  }
}

/** BertSelfOutput and BertOutput: LayerNorm(residual + dropout(dense(h))), the post-norm residual step. */
export class BertResidualOutput extends Module {
  dense: Linear;
  LayerNorm: LayerNorm;
  dropout: Dropout;

  constructor(inFeatures: number, c: BERTConfig, rng: Rng) {
    super();
    this.dense = this.registerModule("dense", new Linear(inFeatures, c.hiddenSize, rng));
    this.LayerNorm = this.registerModule("LayerNorm", new LayerNorm(c.hiddenSize, { eps: c.layerNormEps }));
    this.dropout = this.registerModule("dropout", new Dropout(c.hiddenDropoutProb, rng.fork()));
  }

  forward(h: Tensor, residual: Tensor): Tensor {
    return this.LayerNorm.forward(residual.add(this.dropout.forward(this.dense.forward(h))));
  }
}

export class BertAttention extends Module {
  self: BertSelfAttention;
  output: BertResidualOutput;

  constructor(c: BERTConfig, rng: Rng) {
    super();
    this.self = this.registerModule("self", new BertSelfAttention(c, rng));
    this.output = this.registerModule("output", new BertResidualOutput(c.hiddenSize, c, rng));
  }

  /** x (B, T, H), mask (B, 1, 1, T) bool (TRUE = may be attended to) or null -> (B, T, H) */
  forward(x: Tensor, mask: Tensor | null): Tensor {
    return this.output.forward(this.self.forward(x, mask), x);
  }
}

export class BertIntermediate extends Module {
  readonly act: Activation;
  dense: Linear;

  constructor(c: BERTConfig, rng: Rng) {
    super();
    this.act = c.hiddenAct;
    this.dense = this.registerModule("dense", new Linear(c.hiddenSize, c.intermediateSize, rng));
  }

  /** (B, T, H) -> (B, T, intermediateSize) */
  forward(x: Tensor): Tensor {
    return activate(this.dense.forward(x), this.act);
  }
}

export class BertLayer extends Module {
  attention: BertAttention;
  intermediate: BertIntermediate;
  output: BertResidualOutput;

  constructor(c: BERTConfig, rng: Rng) {
    super();
    this.attention = this.registerModule("attention", new BertAttention(c, rng));
    this.intermediate = this.registerModule("intermediate", new BertIntermediate(c, rng));
    this.output = this.registerModule("output", new BertResidualOutput(c.intermediateSize, c, rng));
  }

  /** Post-norm block: attention, then the feed-forward network. mask: (B, 1, 1, T), TRUE = may be attended to. */
  forward(x: Tensor, mask: Tensor | null): Tensor {
    const a = this.attention.forward(x, mask);
    return this.output.forward(this.intermediate.forward(a), a);
  }
}

export class BertEncoder extends Module {
  layer: ModuleList<BertLayer>;

  constructor(c: BERTConfig, rng: Rng) {
    super();
    this.layer = this.registerModule("layer", new ModuleList(Array.from({ length: c.numHiddenLayers }, () => new BertLayer(c, rng))));
  }

  /** (B, T, H) -> (B, T, H); mask (B, 1, 1, T) bool, TRUE = may be attended to (padding keys false). */
  forward(x: Tensor, mask: Tensor | null): Tensor {
    for (const layer of this.layer) x = layer.forward(x, mask);
    return x;
  }
}

/** tanh(dense(h[:, 0])): the [CLS] vector turned into a sentence vector for classification. */
export class BertPooler extends Module {
  dense: Linear;

  constructor(c: BERTConfig, rng: Rng) {
    super();
    this.dense = this.registerModule("dense", new Linear(c.hiddenSize, c.hiddenSize, rng));
  }

  /** (B, T, H) -> (B, H) */
  forward(h: Tensor): Tensor {
    const [B, , H] = h.shape;
    return this.dense.forward(h.slice(1, 0, 1).reshape(B, H)).tanh();
  }
}

/** The encoder proper: embeddings, layers, pooler (Hugging Face's BertModel). */
export class BertModel extends Module {
  embeddings: BertEmbeddings;
  encoder: BertEncoder;
  pooler: BertPooler;

  constructor(c: BERTConfig, rng: Rng) {
    super();
    this.embeddings = this.registerModule("embeddings", new BertEmbeddings(c, rng));
    this.encoder = this.registerModule("encoder", new BertEncoder(c, rng));
    this.pooler = this.registerModule("pooler", new BertPooler(c, rng));
  }
}

export class BertPredictionHeadTransform extends Module {
  readonly act: Activation;
  dense: Linear;
  LayerNorm: LayerNorm;

  constructor(c: BERTConfig, rng: Rng) {
    super();
    this.act = c.hiddenAct;
    this.dense = this.registerModule("dense", new Linear(c.hiddenSize, c.hiddenSize, rng));
    this.LayerNorm = this.registerModule("LayerNorm", new LayerNorm(c.hiddenSize, { eps: c.layerNormEps }));
  }

  forward(h: Tensor): Tensor {
    return this.LayerNorm.forward(activate(this.dense.forward(h), this.act));
  }
}

/** Scores over the vocabulary: transform, then the word-embedding matrix (tied) plus a bias. */
export class BertLMPredictionHead extends Module {
  transform: BertPredictionHeadTransform;
  /** (V) */
  bias: Tensor;
  /** (V, H): the word embeddings, shared, not registered a second time. */
  private readonly decoderWeight: Tensor;

  constructor(c: BERTConfig, wordEmbeddings: Tensor, rng: Rng) {
    super();
    this.transform = this.registerModule("transform", new BertPredictionHeadTransform(c, rng));
    this.bias = this.registerParameter("bias", zeros([c.vocabSize]));
    this.decoderWeight = wordEmbeddings;
  }

  /** (B, T, H) -> (B, T, V) */
  forward(h: Tensor): Tensor {
    return linear(this.transform.forward(h), this.decoderWeight, this.bias, "BertLMPredictionHead"); // (B, T, H) x (V, H)ᵀ + (V)
  }
}

export class BertOnlyMLMHead extends Module {
  predictions: BertLMPredictionHead;

  constructor(c: BERTConfig, wordEmbeddings: Tensor, rng: Rng) {
    super();
    this.predictions = this.registerModule("predictions", new BertLMPredictionHead(c, wordEmbeddings, rng));
  }
}

export class BERT extends Module {
  readonly config: BERTConfig;
  bert: BertModel;
  cls: BertOnlyMLMHead;
  /** (numLabels, H) on the pooled [CLS] vector, or null when numLabels = 0 */
  classifier: Linear | null;
  classifierDropout: Dropout;

  /** Weights start N(0, initializerRange) (BERT's init), biases 0, LayerNorms 1 / 0. */
  constructor(config: Partial<BERTConfig> & { vocabSize: number }, rng: Rng) {
    super();
    const c = bertConfig(config);
    this.config = c;
    this.bert = this.registerModule("bert", new BertModel(c, rng));
    this.cls = this.registerModule("cls", new BertOnlyMLMHead(c, this.bert.embeddings.word_embeddings.weight, rng));
    this.classifier = c.numLabels > 0 ? this.registerModule("classifier", new Linear(c.hiddenSize, c.numLabels, rng)) : null;
    this.classifierDropout = this.registerModule("dropout", new Dropout(c.hiddenDropoutProb, rng.fork()));
    for (const [name, p] of this.namedParameters()) {
      if (name.endsWith("LayerNorm.weight")) continue;
      if (name.endsWith("bias")) fillConstant(p, 0);
      else fillNormal(p, c.initializerRange, rng);
    }
  }

  private checkInputs(ids: Tensor, inputs: BERTInputs): { tokenTypeIds: Tensor; mask: Tensor | null } {
    if (ids.ndim !== 2 || ids.dtype !== "int32") {
      throw new QkvError(`BERT: inputIds must be an int32 tensor (B, T), got ${ids.dtype} of shape ${formatShape(ids.shape)}`);
    }
    const [B, T] = ids.shape;
    const tt = inputs.tokenTypeIds ?? zeros([B, T], { dtype: "int32" });
    if (tt.dtype !== "int32" || tt.ndim !== 2 || tt.shape[0] !== B || tt.shape[1] !== T) {
      throw new QkvError(`BERT: tokenTypeIds must be int32 (B, T) = (${B},${T}), got ${tt.dtype} of shape ${formatShape(tt.shape)}`);
    }
    let mask: Tensor | null = null;
    const am = inputs.attentionMask;
    if (am) {
      if (am.ndim !== 2 || am.shape[0] !== B || am.shape[1] !== T) {
        throw new QkvError(`BERT: attentionMask must be (B, T) = (${B},${T}), got ${formatShape(am.shape)}`);
      }
      mask = paddingMask(am).reshape(B, 1, 1, T); // broadcasts over heads and queries
    }
    return { tokenTypeIds: tt, mask };
  }

  /** ids (B, T) int32 -> hidden states (B, T, H): a contextual vector per token. */
  encode(inputIds: Tensor, inputs: BERTInputs = {}): Tensor {
    const { tokenTypeIds, mask } = this.checkInputs(inputIds, inputs);
    return this.bert.encoder.forward(this.bert.embeddings.forward(inputIds, tokenTypeIds), mask);
  }

  /** ids (B, T) int32 -> MLM logits (B, T, V): for every position, scores of each token that could be there. */
  forward(inputIds: Tensor, inputs: BERTInputs = {}): Tensor {
    return this.cls.predictions.forward(this.encode(inputIds, inputs));
  }

  /** ids (B, T) int32 -> class logits (B, numLabels), from the pooled [CLS] (first) token. */
  classify(inputIds: Tensor, inputs: BERTInputs = {}): Tensor {
    if (!this.classifier) throw new QkvError("BERT.classify: this model has no classification head (config numLabels = 0)");
    const pooled = this.bert.pooler.forward(this.encode(inputIds, inputs)); // (B, H)
    return this.classifier.forward(this.classifierDropout.forward(pooled)); // (B, numLabels)
  }

  /** Hugging Face's BERT keys -> ours (see the file comment); null = ignore. */
  protected normalizeStateDictKey(key: string): string | null {
    let k = key.replace(/LayerNorm\.gamma$/, "LayerNorm.weight").replace(/LayerNorm\.beta$/, "LayerNorm.bias");
    if (/^(embeddings|encoder|pooler)\./.test(k)) k = `bert.${k}`;
    if (k === "bert.embeddings.position_ids") return null;
    if (k === "cls.predictions.decoder.weight" || k === "cls.predictions.decoder.bias") return null;
    return k;
  }

  protected extraRepr(): string {
    const c = this.config;
    return `vocabSize=${c.vocabSize}, hiddenSize=${c.hiddenSize}, layers=${c.numHiddenLayers}, heads=${c.numAttentionHeads}, numLabels=${c.numLabels}`;
  }
}
