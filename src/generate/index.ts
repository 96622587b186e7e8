// generate: decoding (greedy, temperature, top-k, top-p with a seeded generator; beam search), and the KV-cache path for GPT.
// What is not listed here is internal.
export { generate } from "./generate.js";
export type { GenerateOptions, LanguageModel } from "./generate.js";
export { sampleFromLogits, samplingDistribution, argmaxOf } from "./sampling.js";
export { beamSearch } from "./beam-search.js";
export type { BeamSearchOptions, BeamHypothesis } from "./beam-search.js";
export type { SamplingOptions, SamplingStrategy } from "./sampling.js";
