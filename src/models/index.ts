// qkv/models: the complete models. Everything public is listed here; the rest of src/models is internal.
export { GPT, gptConfig, KVCache, Block, CausalSelfAttention, MLP, GPT_CONFIG_KEYS } from "./gpt.js";
export type { GPTConfig, GPTForwardOptions, GPTOutput, LayerKV } from "./gpt.js";
export { BERT, bertConfig, BERT_CONFIG_KEYS } from "./bert.js";
export type { BERTConfig, BERTInputs, BERTForwardOptions, BERTOutput } from "./bert.js";
export { Transformer, transformerConfig, TRANSFORMER_CONFIG_KEYS } from "./transformer.js";
export type { TransformerConfig, Seq2SeqMasks } from "./transformer.js";
export {
  gptConfigFromHF, gptConfigToHF, bertConfigFromHF, bertConfigToHF,
  transformerConfigFromJSON, transformerConfigToJSON, configToJSON, modelFromConfig,
  toHuggingFace, architectureOf, bertArchitecture, BERT_ARCHITECTURES, GPT2_ARCHITECTURES,
} from "./hf-config.js";
export type { HFConfig } from "./hf-config.js";
