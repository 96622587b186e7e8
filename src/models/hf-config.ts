/**
 * Hugging Face config.json <-> qkv configs, in one place (as transformers.js keeps its configs.js).
 *
 * A checkpoint folder holds config.json with Hugging Face's field names (n_embd, hidden_size, ...);
 * the models take camelCase configs. Every name translation lives here, so adding a field means one
 * edit. modelFromConfig() builds the right model class from a config.json object.
 */
import { Rng } from "../tensor/index.js";
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

/** GPT-2's config.json (model_type "gpt2") -> GPTConfig. */
export function gptConfigFromHF(json: HFConfig): GPTConfig {
  const who = "gptConfigFromHF";
  const vocabSize = num(json, "vocab_size", who);
  if (vocabSize === undefined) throw new QkvError(`${who}: config.json has no vocab_size`);
  const nEmbd = num(json, "n_embd", who);
  const nInner = num(json, "n_inner", who);
  if (nInner !== undefined && nEmbd !== undefined && nInner !== 4 * nEmbd) {
    throw new QkvError(`${who}: n_inner=${nInner} is not supported (the GPT's MLP is 4 x n_embd = ${4 * nEmbd})`);
  }
  if (json.activation_function !== undefined && activation(json.activation_function, who) !== "gelu_tanh") {
    throw new QkvError(`${who}: activation_function ${JSON.stringify(json.activation_function)} is not supported (GPT uses gelu_new)`);
  }
  return gptConfig({
    vocabSize,
    ...defined({
      nPositions: num(json, "n_positions", who) ?? num(json, "n_ctx", who),
      nEmbd,
      nLayer: num(json, "n_layer", who),
      nHead: num(json, "n_head", who),
      dropout: num(json, "resid_pdrop", who),
      layerNormEps: num(json, "layer_norm_epsilon", who) ?? num(json, "layer_norm_eps", who),
    }),
  });
}

/** GPTConfig -> a GPT-2 config.json that Hugging Face's GPT2LMHeadModel reads. */
export function gptConfigToHF(c: GPTConfig): HFConfig {
  return {
    model_type: "gpt2",
    architectures: ["GPT2LMHeadModel"],
    vocab_size: c.vocabSize,
    n_positions: c.nPositions,
    n_ctx: c.nPositions,
    n_embd: c.nEmbd,
    n_layer: c.nLayer,
    n_head: c.nHead,
    n_inner: null,
    activation_function: "gelu_new",
    resid_pdrop: c.dropout,
    embd_pdrop: c.dropout,
    attn_pdrop: c.dropout,
    layer_norm_epsilon: c.layerNormEps,
    tie_word_embeddings: true,
  };
}

/** BERT's config.json (model_type "bert") -> BERTConfig. num_labels comes from num_labels or id2label. */
export function bertConfigFromHF(json: HFConfig): BERTConfig {
  const who = "bertConfigFromHF";
  const vocabSize = num(json, "vocab_size", who);
  if (vocabSize === undefined) throw new QkvError(`${who}: config.json has no vocab_size`);
  const id2label = json.id2label;
  const numLabels = num(json, "num_labels", who) ?? (id2label && typeof id2label === "object" ? Object.keys(id2label).length : undefined);
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
    }),
  });
}

/** BERTConfig -> a BERT config.json. */
export function bertConfigToHF(c: BERTConfig): HFConfig {
  const out: HFConfig = {
    model_type: "bert",
    architectures: [c.numLabels > 0 ? "BertForSequenceClassification" : "BertForMaskedLM"],
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
  };
  if (c.numLabels > 0) {
    out.num_labels = c.numLabels;
    out.id2label = Object.fromEntries(Array.from({ length: c.numLabels }, (_, i) => [String(i), `LABEL_${i}`]));
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

/** Builds the model a config.json describes (by model_type: "gpt2", "bert", "qkv-transformer"), freshly initialised from `rng`. */
export function modelFromConfig(json: HFConfig, rng: Rng): GPT | BERT | Transformer {
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
