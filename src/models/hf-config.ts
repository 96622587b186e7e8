/**
 * Hugging Face config.json <-> qkv configs, in one place (as transformers.js keeps its configs.js).
 *
 * A checkpoint folder holds config.json with Hugging Face's field names (n_embd, hidden_size, ...);
 * the models take camelCase configs. Every name translation lives here, so adding a field means one
 * edit. modelFromConfig() builds the right model class from a config.json object.
 */
import { Rng, Tensor } from "../tensor/index.js";
import { QkvError } from "../tensor/errors.js";
import type { Activation } from "../nn/activation.js";
import { GPT, type GPTConfig, gptConfig } from "./gpt.js";
import { BERT, type BERTConfig, bertConfig } from "./bert.js";
import { Transformer, type TransformerConfig, transformerConfig } from "./transformer.js";

/** A parsed config.json. */
export type HFConfig = Record<string, unknown>;

function num(json: HFConfig, key: string, who: string): number | undefined {
  const v = json[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v)) throw new QkvError(`${who}: config.json field "${key}" must be a number, got ${JSON.stringify(v)}`);
  return v;
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Hugging Face activation names -> ours. */
const ACTIVATIONS: Record<string, Activation> = { relu: "relu", gelu: "gelu", gelu_new: "gelu_tanh", gelu_pytorch_tanh: "gelu_tanh" };

function activation(name: unknown, who: string): Activation {
  if (typeof name === "string" && name in ACTIVATIONS) return ACTIVATIONS[name];
  throw new QkvError(`${who}: unsupported activation ${JSON.stringify(name)} (supported: ${Object.keys(ACTIVATIONS).join(", ")})`);
}

/** Ours -> the Hugging Face name written to config.json (the first one in ACTIVATIONS: gelu_tanh -> gelu_new). */
function hfActivationName(a: Activation): string {
  return Object.keys(ACTIVATIONS).find((name) => ACTIVATIONS[name] === a)!;
}

function bool(json: HFConfig, key: string, who: string): boolean | undefined {
  const v = json[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") throw new QkvError(`${who}: config.json field "${key}" must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

/** A field whose value changes the computation in a way qkv does not implement: refuse it rather than compute something else. */
function refuse(json: HFConfig, key: string, supported: unknown[], who: string, why: string): void {
  const v = json[key];
  if (v === undefined || v === null) return;
  if (!supported.some((s) => s === v)) {
    throw new QkvError(`${who}: config.json field "${key}" = ${JSON.stringify(v)} is not supported (${why}); supported: ${supported.map((s) => JSON.stringify(s)).join(", ")}`);
  }
}

function modelType(json: HFConfig, expected: string, who: string): void {
  if (json.model_type !== undefined && json.model_type !== expected) {
    throw new QkvError(`${who}: config.json has model_type ${JSON.stringify(json.model_type)}, expected "${expected}"`);
  }
}

/** The first entry of config.json's "architectures", or undefined; a malformed field is an error. */
export function architectureOf(json: HFConfig): string | undefined {
  const a = json.architectures;
  if (a === undefined || a === null) return undefined;
  if (!Array.isArray(a) || a.length === 0 || typeof a[0] !== "string") {
    throw new QkvError(`config.json field "architectures" must be a non-empty list of class names, got ${JSON.stringify(a)}`);
  }
  return a[0];
}

/** The GPT-2 classes qkv reads: both are a GPT (GPT2Model's checkpoint has no LM head; with tied weights it needs none). */
export const GPT2_ARCHITECTURES = ["GPT2LMHeadModel", "GPT2Model"] as const;

/**
 * GPT-2's config.json (model_type "gpt2") -> GPTConfig. Every field that changes what the model computes
 * is read (n_inner, activation_function, scale_attn_weights, scale_attn_by_inverse_layer_idx,
 * tie_word_embeddings, layer_norm_epsilon) or refused with an error naming it (add_cross_attention,
 * unequal dropout rates); reorder_and_upcast_attn is accepted because it computes the same function
 * (it only changes the order of the float16 arithmetic). n_ctx is read only when n_positions is absent.
 */
export function gptConfigFromHF(json: HFConfig): GPTConfig {
  const who = "gptConfigFromHF";
  modelType(json, "gpt2", who);
  const arch = architectureOf(json);
  if (arch !== undefined && !(GPT2_ARCHITECTURES as readonly string[]).includes(arch)) {
    throw new QkvError(`${who}: config.json field "architectures" = ${JSON.stringify(json.architectures)} is not supported (qkv reads ${GPT2_ARCHITECTURES.join(", ")})`);
  }
  const vocabSize = num(json, "vocab_size", who);
  if (vocabSize === undefined) throw new QkvError(`${who}: config.json has no vocab_size`);
  refuse(json, "add_cross_attention", [false], who, "GPT has no cross-attention");
  bool(json, "reorder_and_upcast_attn", who); // same function, other float16 arithmetic: accepted
  const drops = ["resid_pdrop", "embd_pdrop", "attn_pdrop"].map((k) => [k, num(json, k, who)] as const).filter(([, v]) => v !== undefined);
  if (new Set(drops.map(([, v]) => v)).size > 1) {
    throw new QkvError(`${who}: config.json dropout rates differ (${drops.map(([k, v]) => `${k}=${v}`).join(", ")}); GPT has one dropout rate`);
  }
  const nInner = num(json, "n_inner", who);
  return gptConfig({
    vocabSize,
    ...defined({
      nPositions: num(json, "n_positions", who) ?? num(json, "n_ctx", who),
      nEmbd: num(json, "n_embd", who),
      nLayer: num(json, "n_layer", who),
      nHead: num(json, "n_head", who),
      nInner,
      activation: json.activation_function === undefined ? undefined : activation(json.activation_function, who),
      dropout: drops[0]?.[1],
      layerNormEps: num(json, "layer_norm_epsilon", who) ?? num(json, "layer_norm_eps", who),
      tieWordEmbeddings: bool(json, "tie_word_embeddings", who),
      scaleAttnWeights: bool(json, "scale_attn_weights", who),
      scaleAttnByInverseLayerIdx: bool(json, "scale_attn_by_inverse_layer_idx", who),
      bosTokenId: tokenId(json, "bos_token_id", vocabSize, who),
      eosTokenId: tokenId(json, "eos_token_id", vocabSize, who),
    }),
  });
}

/** bos/eos ids: null or an id inside the vocabulary (Hugging Face's GPT-2 default 50256 does not fit a small one). */
function tokenId(json: HFConfig, key: string, vocabSize: number, who: string): number | null | undefined {
  if (!(key in json)) return undefined;
  const v = json[key];
  if (v === null) return null;
  if (!(typeof v === "number" && Number.isInteger(v) && v >= 0 && v < vocabSize)) {
    throw new QkvError(`${who}: config.json field "${key}" = ${JSON.stringify(v)} is not a token id of this vocabulary (vocab_size ${vocabSize})`);
  }
  return v;
}

/**
 * GPTConfig -> the config.json GPT2LMHeadModel reads. No n_ctx (obsolete); bos/eos ids as configured
 * (null when the vocabulary has none), never GPT-2's 50256.
 */
export function gptConfigToHF(c: GPTConfig): HFConfig {
  return {
    model_type: "gpt2",
    architectures: ["GPT2LMHeadModel"],
    vocab_size: c.vocabSize,
    n_positions: c.nPositions,
    n_embd: c.nEmbd,
    n_layer: c.nLayer,
    n_head: c.nHead,
    n_inner: c.nInner === 4 * c.nEmbd ? null : c.nInner,
    activation_function: hfActivationName(c.activation),
    resid_pdrop: c.dropout,
    embd_pdrop: c.dropout,
    attn_pdrop: c.dropout,
    layer_norm_epsilon: c.layerNormEps,
    initializer_range: 0.02,
    scale_attn_weights: c.scaleAttnWeights,
    scale_attn_by_inverse_layer_idx: c.scaleAttnByInverseLayerIdx,
    reorder_and_upcast_attn: false,
    tie_word_embeddings: c.tieWordEmbeddings,
    bos_token_id: c.bosTokenId,
    eos_token_id: c.eosTokenId,
  };
}

/** The BERT classes qkv reads, and the parts each has. */
export const BERT_ARCHITECTURES: Record<string, { pooler: boolean; mlmHead: boolean; classifier: boolean }> = {
  BertModel: { pooler: true, mlmHead: false, classifier: false },
  BertForMaskedLM: { pooler: false, mlmHead: true, classifier: false },
  BertForSequenceClassification: { pooler: true, mlmHead: false, classifier: true },
};

/** The Hugging Face class a BERTConfig corresponds to (what savePretrained writes in "architectures"). */
export function bertArchitecture(c: BERTConfig): "BertModel" | "BertForMaskedLM" | "BertForSequenceClassification" {
  if (c.numLabels > 0) return "BertForSequenceClassification";
  return c.mlmHead ? "BertForMaskedLM" : "BertModel";
}

/**
 * BERT's config.json (model_type "bert") -> BERTConfig. "architectures" decides the parts (see
 * BERT_ARCHITECTURES); without it the model has a pooler, the MLM head and a classifier if labels are
 * given (io's loadModel then decides from the checkpoint's keys). The classes come from id2label (as
 * transformers derives num_labels); without id2label a BertForSequenceClassification has 2, transformers'
 * default. Refused with an error naming the field: position_embedding_type other than "absolute",
 * is_decoder / add_cross_attention true, problem_type "multi_label_classification".
 */
export function bertConfigFromHF(json: HFConfig): BERTConfig {
  const who = "bertConfigFromHF";
  modelType(json, "bert", who);
  const vocabSize = num(json, "vocab_size", who);
  if (vocabSize === undefined) throw new QkvError(`${who}: config.json has no vocab_size`);
  refuse(json, "position_embedding_type", ["absolute"], who, "qkv's BERT adds learned absolute positions; relative_key(_query) scores are not implemented");
  refuse(json, "is_decoder", [false], who, "qkv's BERT is a bidirectional encoder, never causal");
  refuse(json, "add_cross_attention", [false], who, "qkv's BERT has no cross-attention");
  refuse(json, "problem_type", ["single_label_classification", "regression"], who, "the classification loss is cross-entropy (or squared error for one label)");
  const arch = architectureOf(json);
  const parts = arch === undefined ? undefined : BERT_ARCHITECTURES[arch];
  if (arch !== undefined && !parts) {
    throw new QkvError(`${who}: config.json field "architectures" = ${JSON.stringify(json.architectures)} is not supported (qkv reads ${Object.keys(BERT_ARCHITECTURES).join(", ")}` +
      `${arch === "BertForPreTraining" ? "; BertForPreTraining's next-sentence head is not implemented: load its weights into a BERT with { strict: false }" : ""})`);
  }
  const labelNames = readLabels(json, who);
  const given = num(json, "num_labels", who) ?? num(json, "_num_labels", who);
  if (given !== undefined && labelNames && given !== labelNames.length) {
    throw new QkvError(`${who}: config.json has num_labels ${given} but id2label names ${labelNames.length} labels`);
  }
  let numLabels = labelNames?.length ?? given;
  if (parts && !parts.classifier) numLabels = 0; // transformers' configs carry the default 2 labels even without a classifier
  else if (parts?.classifier && numLabels === undefined) numLabels = 2; // transformers' default num_labels
  return bertConfig({
    vocabSize,
    ...defined({
      hiddenSize: num(json, "hidden_size", who),
      numHiddenLayers: num(json, "num_hidden_layers", who),
      numAttentionHeads: num(json, "num_attention_heads", who),
      intermediateSize: num(json, "intermediate_size", who),
      hiddenAct: json.hidden_act === undefined ? undefined : activation(json.hidden_act, who),
      hiddenDropoutProb: num(json, "hidden_dropout_prob", who),
      attentionProbsDropoutProb: num(json, "attention_probs_dropout_prob", who),
      maxPositionEmbeddings: num(json, "max_position_embeddings", who),
      typeVocabSize: num(json, "type_vocab_size", who),
      layerNormEps: num(json, "layer_norm_eps", who),
      initializerRange: num(json, "initializer_range", who),
      numLabels,
      labelNames: numLabels !== undefined && numLabels > 0 && labelNames && labelNames.length === numLabels ? labelNames : undefined,
      pooler: parts?.pooler,
      mlmHead: parts?.mlmHead,
      tieWordEmbeddings: bool(json, "tie_word_embeddings", who),
    }),
  });
}

/** id2label {"0": "neg", "1": "pos"} -> ["neg", "pos"]; its keys must be 0 .. n-1 and label2id, if present, its inverse. */
function readLabels(json: HFConfig, who: string): string[] | undefined {
  const id2label = json.id2label;
  if (id2label === undefined || id2label === null) return undefined;
  if (typeof id2label !== "object" || Array.isArray(id2label)) throw new QkvError(`${who}: config.json field "id2label" must be an object {"0": name, ...}, got ${JSON.stringify(id2label)}`);
  const entries = Object.entries(id2label as Record<string, unknown>);
  const names: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const v = (id2label as Record<string, unknown>)[String(i)];
    if (typeof v !== "string") throw new QkvError(`${who}: config.json field "id2label" must map "0" .. "${entries.length - 1}" to names, got ${JSON.stringify(id2label)}`);
    names.push(v);
  }
  const label2id = json.label2id;
  if (label2id !== undefined && label2id !== null) {
    const ok = typeof label2id === "object" && Object.keys(label2id).length === names.length && names.every((n, i) => (label2id as Record<string, unknown>)[n] === i);
    if (!ok) throw new QkvError(`${who}: config.json fields "label2id" ${JSON.stringify(label2id)} and "id2label" ${JSON.stringify(id2label)} disagree`);
  }
  return names;
}

/** BERTConfig -> a BERT config.json; "architectures" names the class with the same parts (bertArchitecture). */
export function bertConfigToHF(c: BERTConfig): HFConfig {
  const out: HFConfig = {
    model_type: "bert",
    architectures: [bertArchitecture(c)],
    vocab_size: c.vocabSize,
    hidden_size: c.hiddenSize,
    num_hidden_layers: c.numHiddenLayers,
    num_attention_heads: c.numAttentionHeads,
    intermediate_size: c.intermediateSize,
    hidden_act: hfActivationName(c.hiddenAct),
    hidden_dropout_prob: c.hiddenDropoutProb,
    attention_probs_dropout_prob: c.attentionProbsDropoutProb,
    max_position_embeddings: c.maxPositionEmbeddings,
    type_vocab_size: c.typeVocabSize,
    layer_norm_eps: c.layerNormEps,
    initializer_range: c.initializerRange,
    position_embedding_type: "absolute",
    tie_word_embeddings: c.tieWordEmbeddings,
  };
  if (c.numLabels > 0) {
    out.id2label = Object.fromEntries(c.labelNames.map((n, i) => [String(i), n]));
    out.label2id = Object.fromEntries(c.labelNames.map((n, i) => [n, i]));
    out.problem_type = c.numLabels === 1 ? "regression" : "single_label_classification";
  }
  return out;
}

/**
 * The encoder-decoder has no Hugging Face class; its config.json uses torch.nn.Transformer's argument
 * names (d_model, nhead, num_encoder_layers, ...) and model_type "qkv-transformer".
 */
export function transformerConfigFromJSON(json: HFConfig): TransformerConfig {
  const who = "transformerConfigFromJSON";
  const srcVocabSize = num(json, "src_vocab_size", who);
  const tgtVocabSize = num(json, "tgt_vocab_size", who);
  if (srcVocabSize === undefined || tgtVocabSize === undefined) throw new QkvError(`${who}: config.json needs src_vocab_size and tgt_vocab_size`);
  return transformerConfig({
    srcVocabSize,
    tgtVocabSize,
    ...defined({
      dModel: num(json, "d_model", who),
      nhead: num(json, "nhead", who),
      numEncoderLayers: num(json, "num_encoder_layers", who),
      numDecoderLayers: num(json, "num_decoder_layers", who),
      dimFeedforward: num(json, "dim_feedforward", who),
      dropout: num(json, "dropout", who),
      activation: json.activation === undefined ? undefined : activation(json.activation, who),
      maxLen: num(json, "max_len", who),
      normFirst: typeof json.norm_first === "boolean" ? json.norm_first : undefined,
      layerNormEps: num(json, "layer_norm_eps", who),
    }),
  });
}

export function transformerConfigToJSON(c: TransformerConfig): HFConfig {
  return {
    model_type: "qkv-transformer",
    src_vocab_size: c.srcVocabSize,
    tgt_vocab_size: c.tgtVocabSize,
    d_model: c.dModel,
    nhead: c.nhead,
    num_encoder_layers: c.numEncoderLayers,
    num_decoder_layers: c.numDecoderLayers,
    dim_feedforward: c.dimFeedforward,
    dropout: c.dropout,
    activation: hfActivationName(c.activation),
    max_len: c.maxLen,
    norm_first: c.normFirst,
    layer_norm_eps: c.layerNormEps,
  };
}

/** The config.json of a model (Hugging Face field names), for saving a checkpoint. */
export function configToJSON(model: GPT | BERT | Transformer): HFConfig {
  if (model instanceof GPT) return gptConfigToHF(model.config);
  if (model instanceof BERT) return bertConfigToHF(model.config);
  if (model instanceof Transformer) return transformerConfigToJSON(model.config);
  throw new QkvError("configToJSON: expected a GPT, BERT or Transformer");
}

/**
 * The checkpoint a Hugging Face class would save for this model: its config.json and its state dict
 * with that class's keys, and the model's keys the class does not hold (left out).
 *
 * - GPT -> GPT2LMHeadModel: "transformer." + every key; "lm_head.weight" only when untied (a tied one is
 *   a shared tensor, which save_pretrained leaves out of model.safetensors).
 * - BERT -> bertArchitecture(config): BertForSequenceClassification ("bert.*" with the pooler,
 *   "classifier.*"; an MLM head is left out), BertForMaskedLM ("bert.*" without the pooler,
 *   "cls.predictions.bias", "cls.predictions.transform.*", and "cls.predictions.decoder.weight" only when
 *   untied), BertModel (no prefix: "embeddings.*", "encoder.*", "pooler.*").
 * - Transformer: its own config (model_type "qkv-transformer") and state dict, unchanged.
 */
export function toHuggingFace(model: GPT | BERT | Transformer): { config: HFConfig; stateDict: Record<string, Tensor>; leftOut: string[] } {
  const sd = model.stateDict();
  const out: Record<string, Tensor> = {};
  const leftOut: string[] = [];
  const config = configToJSON(model);
  if (model instanceof GPT) {
    for (const [k, t] of Object.entries(sd)) out[k === "lm_head.weight" ? k : `transformer.${k}`] = t;
  } else if (model instanceof BERT) {
    const arch = bertArchitecture(model.config);
    for (const [k, t] of Object.entries(sd)) {
      let key: string | null = k;
      if (arch === "BertForSequenceClassification" && k.startsWith("cls.")) key = null;
      if (arch === "BertForMaskedLM" && k.startsWith("bert.pooler.")) key = null;
      if (arch === "BertModel") key = k.startsWith("bert.") ? k.slice("bert.".length) : null;
      if (key === null) leftOut.push(k);
      else out[key] = t;
    }
  } else {
    Object.assign(out, sd);
  }
  return { config, stateDict: out, leftOut };
}

/**
 * Builds the model a config.json describes (by model_type: "gpt2", "bert", "qkv-transformer"), with
 * weights drawn from `rng`, or zeros without one (a model about to be loaded needs no seed).
 */
export function modelFromConfig(json: HFConfig, rng?: Rng | null): GPT | BERT | Transformer {
  switch (json.model_type) {
    case "gpt2":
      return new GPT(gptConfigFromHF(json), rng);
    case "bert":
      return new BERT(bertConfigFromHF(json), rng);
    case "qkv-transformer":
      return new Transformer(transformerConfigFromJSON(json), rng);
    default:
      throw new QkvError(`modelFromConfig: unknown model_type ${JSON.stringify(json.model_type)} (known: "gpt2", "bert", "qkv-transformer")`);
  }
}
