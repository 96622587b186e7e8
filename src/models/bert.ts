/**
 * BERT: a bidirectional Transformer encoder pretrained by masked-language modelling (fill in the hidden
 * tokens), with a classification head on the [CLS] token for fine-tuning.
 *
 * Module and parameter names are Hugging Face's (bert.embeddings.word_embeddings,
 * bert.encoder.layer.N.attention.self.query, ..., cls.predictions.transform.dense, classifier), so a
 * BertForMaskedLM / BertForSequenceClassification state dict loads as is. Which parts exist is the
 * config's choice, so each Hugging Face class loads with exactly the weights it has: `pooler` (BertModel,
 * BertForSequenceClassification; BertForMaskedLM has none), `mlmHead` (BertForMaskedLM), `numLabels > 0`
 * (the classifier of BertForSequenceClassification). loadStateDict also accepts keys without the "bert."
 * prefix (BertModel), the old LayerNorm names gamma/beta, and ignores the "position_ids" /
 * "token_type_ids" buffers; the tied copies cls.predictions.decoder.weight / .bias must equal the
 * weights they are tied to (then they are dropped), unless tieWordEmbeddings is false.
 *
 * Unlike the post-norm layers of nn.TransformerEncoderLayer, BERT's sublayers are written out here
 * with BERT's own names; the computation is the same post-norm block.
 */
import { Rng, Tensor, zeros } from "../tensor/index.js";
import { QkvError, checkPositiveIntegers, formatShape } from "../tensor/errors.js";
import { Module, ModuleList } from "../nn/module.js";
import { checkKeys } from "../nn/options.js";
import { tokenLoss, checkLabels, squaredErrorLoss } from "./loss.js";
import { Linear, linear } from "../nn/linear.js";
import { Embedding } from "../nn/embedding.js";
import { LayerNorm } from "../nn/layer-norm.js";
import { Dropout } from "../nn/dropout.js";
import { positionIds } from "../nn/positional.js";
import { paddingMask } from "../nn/masks.js";
import { type Activation, activate, checkActivation } from "../nn/activation.js";
import { attendHeads } from "../nn/attention.js";
import { fillNormal, fillConstant } from "../nn/init.js";
import { checkTensorArg } from "../tensor/validate.js";

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
  /**
   * Classes of the classification head on the pooled [CLS] vector; 0 = no head. 1 = a regression head
   * (Hugging Face's num_labels = 1: the loss is the squared error).
   */
  numLabels: number;
  /** Names of the classes (Hugging Face's id2label), numLabels of them: "LABEL_0", "LABEL_1", ... by default. */
  labelNames: string[];
  /** Build the pooler (tanh(dense(h[CLS]))): BertModel and BertForSequenceClassification have it, BertForMaskedLM not. */
  pooler: boolean;
  /** Build the masked-LM head (cls.predictions): BertForMaskedLM has it. */
  mlmHead: boolean;
  /** true: the MLM decoder is the word-embedding matrix (BERT's tying). false: its own cls.predictions.decoder.weight. */
  tieWordEmbeddings: boolean;
}

export const BERT_CONFIG_KEYS: readonly (keyof BERTConfig)[] = [
  "vocabSize", "hiddenSize", "numHiddenLayers", "numAttentionHeads", "intermediateSize", "hiddenAct", "hiddenDropoutProb",
  "attentionProbsDropoutProb", "maxPositionEmbeddings", "typeVocabSize", "layerNormEps", "initializerRange", "numLabels",
  "labelNames", "pooler", "mlmHead", "tieWordEmbeddings",
];

export function bertConfig(c: Partial<BERTConfig> & { vocabSize: number }): BERTConfig {
  checkKeys("BERTConfig", c, BERT_CONFIG_KEYS);
  const hiddenSize = c.hiddenSize ?? 64;
  const numLabels = c.numLabels ?? 0;
  const config: BERTConfig = {
    hiddenSize, numHiddenLayers: 2, numAttentionHeads: 4, intermediateSize: 4 * hiddenSize, hiddenAct: "gelu",
    hiddenDropoutProb: 0, attentionProbsDropoutProb: 0, maxPositionEmbeddings: 128, typeVocabSize: 2,
    layerNormEps: 1e-12, initializerRange: 0.02, numLabels,
    labelNames: Number.isInteger(numLabels) && numLabels > 0 ? Array.from({ length: numLabels }, (_, i) => `LABEL_${i}`) : [],
    pooler: true, mlmHead: true, tieWordEmbeddings: true, ...c,
  };
  for (const key of ["pooler", "mlmHead", "tieWordEmbeddings"] as const) {
    if (typeof config[key] !== "boolean") throw new QkvError(`BERTConfig: ${key} must be true or false, got ${JSON.stringify(config[key])}`);
  }
  const names = config.labelNames;
  if (!Array.isArray(names) || names.length !== config.numLabels || names.some((n) => typeof n !== "string") || new Set(names).size !== names.length) {
    throw new QkvError(`BERTConfig: labelNames must be ${config.numLabels} distinct strings (one per label, numLabels=${config.numLabels}), got ${JSON.stringify(names)}`);
  }
  if (config.numLabels > 0 && !config.pooler) throw new QkvError(`BERTConfig: numLabels=${config.numLabels} needs pooler: true (the classifier reads the pooled [CLS] vector)`);
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

/** forward() / classify() options: the inputs, plus what Hugging Face's labels= and output_hidden_states= ask. */
export interface BERTForwardOptions extends BERTInputs {
  /**
   * forward(): (B, T) int32 token ids to predict, -100 where there is nothing to predict (the unmasked
   * positions): the loss is the mean cross-entropy over the others (no shift; BERT sees both sides).
   * classify(): (B) int32 class ids (cross-entropy), or (B) float targets when numLabels = 1 (squared error).
   */
  labels?: Tensor | null;
  /** true: also return hiddenStates, numHiddenLayers + 1 tensors (B, T, H): the embeddings, then each layer's output. */
  outputHiddenStates?: boolean;
}

const INPUT_KEYS = ["tokenTypeIds", "attentionMask", "labels", "outputHiddenStates"] as const;

/** What forward / classify return when asked for a loss or hidden states (Hugging Face's MaskedLMOutput / SequenceClassifierOutput). */
export interface BERTOutput {
  /** forward: (B, T, V) MLM logits; classify: (B, numLabels). */
  logits: Tensor;
  /** Scalar loss, or null without labels. */
  loss: Tensor | null;
  /** numHiddenLayers + 1 tensors (B, T, H), or null unless asked. */
  hiddenStates: Tensor[] | null;
}

export class BertEmbeddings extends Module {
  word_embeddings: Embedding;
  position_embeddings: Embedding;
  token_type_embeddings: Embedding;
  LayerNorm: LayerNorm;
  dropout: Dropout;

  constructor(c: BERTConfig, rng?: Rng | null) {
    super();
    this.word_embeddings = this.registerModule("word_embeddings", new Embedding(c.vocabSize, c.hiddenSize, rng));
    this.position_embeddings = this.registerModule("position_embeddings", new Embedding(c.maxPositionEmbeddings, c.hiddenSize, rng));
    this.token_type_embeddings = this.registerModule("token_type_embeddings", new Embedding(c.typeVocabSize, c.hiddenSize, rng));
    this.LayerNorm = this.registerModule("LayerNorm", new LayerNorm(c.hiddenSize, { eps: c.layerNormEps }));
    this.dropout = this.registerModule("dropout", new Dropout(c.hiddenDropoutProb, rng?.fork()));
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

  constructor(c: BERTConfig, rng?: Rng | null) {
    super();
    this.numHeads = c.numAttentionHeads;
    this.query = this.registerModule("query", new Linear(c.hiddenSize, c.hiddenSize, rng));
    this.key = this.registerModule("key", new Linear(c.hiddenSize, c.hiddenSize, rng));
    this.value = this.registerModule("value", new Linear(c.hiddenSize, c.hiddenSize, rng));
    this.dropout = this.registerModule("dropout", new Dropout(c.attentionProbsDropoutProb, rng?.fork()));
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

  constructor(inFeatures: number, c: BERTConfig, rng?: Rng | null) {
    super();
    this.dense = this.registerModule("dense", new Linear(inFeatures, c.hiddenSize, rng));
    this.LayerNorm = this.registerModule("LayerNorm", new LayerNorm(c.hiddenSize, { eps: c.layerNormEps }));
    this.dropout = this.registerModule("dropout", new Dropout(c.hiddenDropoutProb, rng?.fork()));
  }

  forward(h: Tensor, residual: Tensor): Tensor {
    return this.LayerNorm.forward(residual.add(this.dropout.forward(this.dense.forward(h))));
  }
}

export class BertAttention extends Module {
  self: BertSelfAttention;
  output: BertResidualOutput;

  constructor(c: BERTConfig, rng?: Rng | null) {
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

  constructor(c: BERTConfig, rng?: Rng | null) {
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

  constructor(c: BERTConfig, rng?: Rng | null) {
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

  constructor(c: BERTConfig, rng?: Rng | null) {
    super();
    this.layer = this.registerModule("layer", new ModuleList(Array.from({ length: c.numHiddenLayers }, () => new BertLayer(c, rng))));
  }

  /**
   * (B, T, H) -> (B, T, H); mask (B, 1, 1, T) bool, TRUE = may be attended to (padding keys false).
   * `hidden`, if given, receives the input and every layer's output.
   */
  forward(x: Tensor, mask: Tensor | null, hidden?: Tensor[] | null): Tensor {
    hidden?.push(x);
    for (const layer of this.layer) {
      x = layer.forward(x, mask);
      hidden?.push(x);
    }
    return x;
  }
}

/** tanh(dense(h[:, 0])): the [CLS] vector turned into a sentence vector for classification. */
export class BertPooler extends Module {
  dense: Linear;

  constructor(c: BERTConfig, rng?: Rng | null) {
    super();
    this.dense = this.registerModule("dense", new Linear(c.hiddenSize, c.hiddenSize, rng));
  }

  /** (B, T, H) -> (B, H) */
  forward(h: Tensor): Tensor {
    const [B, , H] = h.shape;
    return this.dense.forward(h.slice(1, 0, 1).reshape(B, H)).tanh();
  }
}

/** The encoder proper: embeddings, layers, and (if config.pooler) the pooler (Hugging Face's BertModel). */
export class BertModel extends Module {
  embeddings: BertEmbeddings;
  encoder: BertEncoder;
  pooler: BertPooler | null;

  constructor(c: BERTConfig, rng?: Rng | null) {
    super();
    this.embeddings = this.registerModule("embeddings", new BertEmbeddings(c, rng));
    this.encoder = this.registerModule("encoder", new BertEncoder(c, rng));
    this.pooler = c.pooler ? this.registerModule("pooler", new BertPooler(c, rng)) : null;
  }
}

export class BertPredictionHeadTransform extends Module {
  readonly act: Activation;
  dense: Linear;
  LayerNorm: LayerNorm;

  constructor(c: BERTConfig, rng?: Rng | null) {
    super();
    this.act = c.hiddenAct;
    this.dense = this.registerModule("dense", new Linear(c.hiddenSize, c.hiddenSize, rng));
    this.LayerNorm = this.registerModule("LayerNorm", new LayerNorm(c.hiddenSize, { eps: c.layerNormEps }));
  }

  forward(h: Tensor): Tensor {
    return this.LayerNorm.forward(activate(this.dense.forward(h), this.act));
  }
}

/** Scores over the vocabulary: transform, then the word-embedding matrix (tied) or its own decoder, plus a bias. */
export class BertLMPredictionHead extends Module {
  transform: BertPredictionHeadTransform;
  /** (V) */
  bias: Tensor;
  /** (V, H) without bias when tieWordEmbeddings is false (Hugging Face's cls.predictions.decoder); else null. */
  decoder: Linear | null;
  /** (V, H): the word embeddings (shared, not registered a second time) or decoder.weight. */
  private readonly decoderWeight: Tensor;

  constructor(c: BERTConfig, wordEmbeddings: Tensor, rng?: Rng | null) {
    super();
    this.transform = this.registerModule("transform", new BertPredictionHeadTransform(c, rng));
    this.decoder = c.tieWordEmbeddings ? null : this.registerModule("decoder", new Linear(c.hiddenSize, c.vocabSize, rng, { bias: false }));
    this.bias = this.registerParameter("bias", zeros([c.vocabSize]));
    this.decoderWeight = this.decoder ? this.decoder.weight : wordEmbeddings;
  }

  /** (B, T, H) -> (B, T, V) */
  forward(h: Tensor): Tensor {
    return linear(this.transform.forward(h), this.decoderWeight, this.bias, "BertLMPredictionHead"); // (B, T, H) x (V, H)ᵀ + (V)
  }
}

export class BertOnlyMLMHead extends Module {
  predictions: BertLMPredictionHead;

  constructor(c: BERTConfig, wordEmbeddings: Tensor, rng?: Rng | null) {
    super();
    this.predictions = this.registerModule("predictions", new BertLMPredictionHead(c, wordEmbeddings, rng));
  }
}

export class BERT extends Module {
  readonly config: BERTConfig;
  bert: BertModel;
  /** The MLM head, or null when config.mlmHead is false. */
  cls: BertOnlyMLMHead | null;
  /** (numLabels, H) on the pooled [CLS] vector, or null when numLabels = 0 */
  classifier: Linear | null;
  classifierDropout: Dropout;

  /**
   * Weights start N(0, initializerRange) (BERT's init), biases 0, LayerNorms 1 / 0. Without `rng` the
   * weights are zeros, for a model about to be loaded.
   */
  constructor(config: Partial<BERTConfig> & { vocabSize: number }, rng?: Rng | null) {
    super();
    const c = bertConfig(config);
    this.config = c;
    this.bert = this.registerModule("bert", new BertModel(c, rng));
    this.cls = c.mlmHead ? this.registerModule("cls", new BertOnlyMLMHead(c, this.bert.embeddings.word_embeddings.weight, rng)) : null;
    this.classifier = c.numLabels > 0 ? this.registerModule("classifier", new Linear(c.hiddenSize, c.numLabels, rng)) : null;
    this.classifierDropout = this.registerModule("dropout", new Dropout(c.hiddenDropoutProb, rng?.fork()));
    for (const [name, p] of this.namedParameters()) {
      if (name.endsWith("LayerNorm.weight")) continue;
      if (name.endsWith("bias")) fillConstant(p, 0);
      else fillNormal(p, c.initializerRange, rng);
    }
  }

  private checkInputs(ids: Tensor, inputs: BERTInputs, who: string): { tokenTypeIds: Tensor; mask: Tensor | null } {
    checkKeys(who, inputs, INPUT_KEYS);
    checkTensorArg(ids, who, "inputIds");
    if (!(ids instanceof Tensor) || ids.ndim !== 2 || ids.dtype !== "int32") {
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

  private run(inputIds: Tensor, inputs: BERTInputs, who: string, hidden: Tensor[] | null): Tensor {
    const { tokenTypeIds, mask } = this.checkInputs(inputIds, inputs, who);
    return this.bert.encoder.forward(this.bert.embeddings.forward(inputIds, tokenTypeIds), mask, hidden);
  }

  /** ids (B, T) int32 -> hidden states (B, T, H): a contextual vector per token (BertModel's last_hidden_state). */
  encode(inputIds: Tensor, inputs: BERTInputs = {}): Tensor {
    return this.run(inputIds, inputs, "BERT.encode", null);
  }

  /** ids (B, T) int32 -> (B, H): the pooled [CLS] vector (BertModel's pooler_output). Needs config.pooler. */
  pool(inputIds: Tensor, inputs: BERTInputs = {}): Tensor {
    if (!this.bert.pooler) throw new QkvError("BERT.pool: this model has no pooler (config pooler: false, as BertForMaskedLM)");
    return this.bert.pooler.forward(this.run(inputIds, inputs, "BERT.pool", null));
  }

  /**
   * ids (B, T) int32 -> MLM logits (B, T, V): for every position, scores of each token that could be there.
   * With { labels } or { outputHiddenStates: true }: a BERTOutput { logits, loss, hiddenStates }.
   */
  forward(inputIds: Tensor, inputs?: BERTInputs & { labels?: null; outputHiddenStates?: false }): Tensor;
  forward(inputIds: Tensor, inputs: BERTForwardOptions & ({ labels: Tensor } | { outputHiddenStates: true })): BERTOutput;
  forward(inputIds: Tensor, inputs: BERTForwardOptions = {}): Tensor | BERTOutput {
    if (!this.cls) throw new QkvError("BERT.forward: this model has no MLM head (config mlmHead: false); use encode() for the hidden states");
    const hidden = inputs.outputHiddenStates ? [] as Tensor[] : null;
    const logits = this.cls.predictions.forward(this.run(inputIds, inputs, "BERT.forward", hidden));
    const labels = inputs.labels ?? null;
    if (!labels && !hidden) return logits;
    if (labels) checkLabels("BERT.forward", labels, inputIds.shape, this.config.vocabSize);
    return { logits, loss: labels ? tokenLoss(logits, labels) : null, hiddenStates: hidden };
  }

  /**
   * ids (B, T) int32 -> class logits (B, numLabels), from the pooled [CLS] (first) token.
   * With { labels } ((B) int32 classes; (B) floats when numLabels = 1) or { outputHiddenStates: true }: a BERTOutput.
   */
  classify(inputIds: Tensor, inputs?: BERTInputs & { labels?: null; outputHiddenStates?: false }): Tensor;
  classify(inputIds: Tensor, inputs: BERTForwardOptions & ({ labels: Tensor } | { outputHiddenStates: true })): BERTOutput;
  classify(inputIds: Tensor, inputs: BERTForwardOptions = {}): Tensor | BERTOutput {
    if (!this.classifier || !this.bert.pooler) throw new QkvError("BERT.classify: this model has no classification head (config numLabels = 0)");
    const hidden = inputs.outputHiddenStates ? [] as Tensor[] : null;
    const pooled = this.bert.pooler.forward(this.run(inputIds, inputs, "BERT.classify", hidden)); // (B, H)
    const logits = this.classifier.forward(this.classifierDropout.forward(pooled)); // (B, numLabels)
    const labels = inputs.labels ?? null;
    if (!labels && !hidden) return logits;
    let loss: Tensor | null = null;
    if (labels) {
      const B = inputIds.shape[0];
      if (this.config.numLabels === 1) {
        if (!(labels instanceof Tensor) || labels.size !== B || (labels.dtype !== "float32" && labels.dtype !== "float64")) {
          throw new QkvError(`BERT.classify: with numLabels = 1 (regression) labels must be a float tensor of ${B} targets, got ${labels instanceof Tensor ? `${labels.dtype} of shape ${formatShape(labels.shape)}` : String(labels)}`);
        }
        loss = squaredErrorLoss(logits, labels);
      } else {
        checkLabels("BERT.classify", labels, [B], this.config.numLabels);
        loss = tokenLoss(logits, labels);
      }
    }
    return { logits, loss, hiddenStates: hidden };
  }

  /** Hugging Face's BERT keys -> ours (see the file comment); null = ignore. */
  protected normalizeStateDictKey(key: string): string | null {
    let k = key.replace(/LayerNorm\.gamma$/, "LayerNorm.weight").replace(/LayerNorm\.beta$/, "LayerNorm.bias");
    if (/^(embeddings|encoder|pooler)\./.test(k)) k = `bert.${k}`;
    if (k === "bert.embeddings.position_ids" || k === "bert.embeddings.token_type_ids") return null;
    // a model without a pooler ignores a saved one, as transformers' BertForMaskedLM does (_keys_to_ignore_on_load_unexpected)
    if (!this.bert.pooler && k.startsWith("bert.pooler.")) return null;
    return k;
  }

  /** The MLM decoder's saved copies: its bias is always cls.predictions.bias; its weight is the word embeddings when tied. */
  protected tiedCopyOf(key: string): string | null {
    if (!this.cls) return null;
    if (key === "cls.predictions.decoder.bias") return "cls.predictions.bias";
    if (key === "cls.predictions.decoder.weight" && this.config.tieWordEmbeddings) return "bert.embeddings.word_embeddings.weight";
    return null;
  }

  protected extraRepr(): string {
    const c = this.config;
    return `vocabSize=${c.vocabSize}, hiddenSize=${c.hiddenSize}, layers=${c.numHiddenLayers}, heads=${c.numAttentionHeads}, numLabels=${c.numLabels}` +
      `${c.pooler ? "" : ", no pooler"}${c.mlmHead ? "" : ", no MLM head"}${c.tieWordEmbeddings ? "" : ", untied decoder"}`;
  }
}
