// qkv data: loaders for the data sets shipped in data/ (see data/SOURCES.md), deterministic splits
// and a seeded epoch iterator. Only what is listed here is public.
export { DATA_DIR, dataPath } from "./paths.js";
export { loadMobyDick, loadSotu, loadSentiment, loadFirstNames, loadPronunciations } from "./datasets.js";
export type { SotuAddress, SentimentSource, SentimentSentence, Pronunciation } from "./datasets.js";
export { splitDataset } from "./splits.js";
export type { SplitFractions, Splits } from "./splits.js";
export { batchesOf, iterateEpochs } from "./epochs.js";
export type { EpochOptions, EpochBatch } from "./epochs.js";
