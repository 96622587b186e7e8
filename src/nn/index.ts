// qkv/nn: layers of the Transformer, built on the tensor API. Everything public is listed here, one
// name at a time; the rest of src/nn is internal. Files in dependency order (as nanoGPT's model.py).
export { Module, ModuleList } from "./module.js";
export type { Parameter, StateDict, StateDictEntry, LoadStateDictOptions, LoadStateDictResult, ModuleDType } from "./module.js";
export { Linear, linear } from "./linear.js";
export type { LinearOptions } from "./linear.js";
export { Embedding } from "./embedding.js";
export { LayerNorm } from "./layer-norm.js";
export type { LayerNormOptions } from "./layer-norm.js";
export { Dropout } from "./dropout.js";
export { activate } from "./activation.js";
export type { Activation } from "./activation.js";
export { FeedForward } from "./feed-forward.js";
export type { FeedForwardOptions } from "./feed-forward.js";
export { sinusoidalPositionalEncoding, PositionalEncoding, LearnedPositionalEmbedding, positionIds } from "./positional.js";
export type { PositionalEncodingOptions } from "./positional.js";
export { causalMask, paddingMask } from "./masks.js";
export { scaledDotProductAttention, splitHeads, mergeHeads } from "./attention.js";
export type { AttentionOptions, AttentionResult } from "./attention.js";
export { MultiHeadAttention } from "./multi-head-attention.js";
export type { MultiHeadAttentionOptions, AttentionMasks } from "./multi-head-attention.js";
export { TransformerEncoderLayer, TransformerEncoder } from "./encoder.js";
export type { TransformerLayerOptions, TransformerEncoderOptions } from "./encoder.js";
export { TransformerDecoderLayer, TransformerDecoder } from "./decoder.js";
export type { DecoderMasks } from "./decoder.js";
