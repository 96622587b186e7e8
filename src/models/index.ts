// qkv/models: the complete models. Everything public is listed here; the rest of src/models is internal.
export { GPT, gptConfig, KVCache, Block, CausalSelfAttention, MLP } from "./gpt.js";
export type { GPTConfig, GPTForwardOptions, LayerKV } from "./gpt.js";
export { BERT, bertConfig } from "./bert.js";
export type { BERTConfig, BERTInputs } from "./bert.js";
export { Transformer, transformerConfig } from "./transformer.js";
export type { TransformerConfig, Seq2SeqMasks } from "./transformer.js";
export {
  gptConfigFromHF, gptConfigToHF, bertConfigFromHF, bertConfigToHF,
  transformerConfigFromJSON, transformerConfigToJSON, configToJSON, modelFromConfig,
} from "./hf-config.js";
export type { HFConfig } from "./hf-config.js";
