/**
 * Batches of token ids as tensors. Sequences of different lengths are padded on the right to the
 * longest in the batch; the attention mask says which positions are real.
 *
 * Mask convention (the whole library): bool, true = this position may be attended to (a real token),
 * false = padding. This matches Hugging Face's attention_mask = 1 / 0. (PyTorch's
 * nn.MultiheadAttention key_padding_mask is the opposite: True = ignore.)
 */
import { Tensor } from "../tensor/index.js";
import { QkvError, describeValue } from "../tensor/errors.js";
import type { BatchEncodeOptions, Encoding, Tokenizer } from "./tokenizer.js";

/** Loss functions skip targets equal to this (PyTorch's cross_entropy ignore_index default). */
export const IGNORE_INDEX = -100;

export interface TokenBatch {
  /** (B, T) int32 token ids, padded with the pad id. */
  inputIds: Tensor;
  /** (B, T) bool: true = real token (may be attended to), false = padding. */
  attentionMask: Tensor;
  /** (B, T) int32: 0 for the first text of a pair (and single texts), 1 for the second. */
  tokenTypeIds: Tensor;
}

export interface CausalLmBatch {
  /** (B, T) int32: tokens 0 .. L-2 of each sequence. */
  inputIds: Tensor;
  /** (B, T) int32: tokens 1 .. L-1 (the next token at each position); IGNORE_INDEX at padding. */
  targets: Tensor;
  /** (B, T) bool: true = real token (may be attended to), false = padding. */
  attentionMask: Tensor;
}

function int32(rows: number[][], width: number, fill: number): Tensor {
  const data = new Int32Array(rows.length * width).fill(fill);
  rows.forEach((r, b) => data.set(r, b * width));
  return new Tensor(data, [rows.length, width]);
}

function bool(lengths: number[], width: number): Tensor {
  const data = new Uint8Array(lengths.length * width);
  lengths.forEach((n, b) => data.fill(1, b * width, b * width + n));
  return new Tensor(data, [lengths.length, width]);
}

function checkSequences(sequences: readonly (readonly number[])[], op: string): void {
  if (!Array.isArray(sequences) || sequences.length === 0) throw new QkvError(`${op}: needs a non-empty list of sequences`);
  sequences.forEach((s, i) => {
    if (!Array.isArray(s)) throw new QkvError(`${op}: sequence ${i} is not an array of ids`);
    for (const id of s) if (!Number.isInteger(id)) throw new QkvError(`${op}: sequence ${i} holds ${id}; ids must be integers`);
  });
}

/**
 * Pads id sequences to the longest one: inputIds (B, T) and attentionMask (B, T).
 * `maxLength` caps T; longer sequences throw unless `truncation` is true.
 */
export function padSequences(
  sequences: readonly (readonly number[])[],
  padId: number,
  options: { maxLength?: number; truncation?: boolean } = {},
): { inputIds: Tensor; attentionMask: Tensor } {
  checkSequences(sequences, "padSequences");
  if (!(Number.isInteger(padId) && padId >= 0)) throw new QkvError(`padSequences: padId must be a token id (an integer >= 0), got ${describeValue(padId)}`);
  let rows = sequences.map((s) => [...s]);
  if (options.maxLength !== undefined) {
    const max = options.maxLength;
    const tooLong = rows.findIndex((r) => r.length > max);
    if (tooLong >= 0 && !options.truncation) {
      throw new QkvError(`padSequences: sequence ${tooLong} has ${rows[tooLong].length} ids, more than maxLength ${max}; pass truncation: true to cut`);
    }
    rows = rows.map((r) => r.slice(0, max));
  }
  const width = Math.max(...rows.map((r) => r.length));
  return { inputIds: int32(rows, width, padId), attentionMask: bool(rows.map((r) => r.length), width) };
}

/** Encodings of equal length (from Tokenizer.encodeBatch) -> tensors. */
export function encodingsToBatch(encodings: readonly Encoding[]): TokenBatch {
  if (encodings.length === 0) throw new QkvError(`encodingsToBatch: needs at least one encoding`);
  const width = encodings[0].ids.length;
  const bad = encodings.findIndex((e) => e.ids.length !== width);
  if (bad >= 0) throw new QkvError(`encodingsToBatch: encoding ${bad} has length ${encodings[bad].ids.length}, encoding 0 has ${width}; pad them first (encodeBatch pads by default)`);
  const mask = new Uint8Array(encodings.length * width);
  encodings.forEach((e, b) => e.attentionMask.forEach((m, t) => (mask[b * width + t] = m ? 1 : 0)));
  return {
    inputIds: int32(encodings.map((e) => e.ids), width, 0),
    attentionMask: new Tensor(mask, [encodings.length, width]),
    tokenTypeIds: int32(encodings.map((e) => e.typeIds), width, 0),
  };
}

/**
 * Texts (or [first, second] sentence pairs) -> a padded batch of tensors, with the tokenizer's
 * special tokens; pairs get token type ids 0 for the first sentence and 1 for the second.
 */
export function tokenizeBatch(tokenizer: Tokenizer, texts: (string | [string, string])[], options: BatchEncodeOptions = {}): TokenBatch {
  if (!Array.isArray(texts) || texts.length === 0) throw new QkvError(`tokenizeBatch: needs a non-empty list of texts`);
  return encodingsToBatch(tokenizer.encodeBatch(texts, { padding: "longest", ...options }));
}

/** Sentence pairs -> [CLS] A [SEP] B [SEP] batches with token type ids (BERT's next-sentence / pair tasks). */
export function sentencePairBatch(tokenizer: Tokenizer, pairs: [string, string][], options: BatchEncodeOptions = {}): TokenBatch {
  if (!Array.isArray(pairs) || pairs.length === 0 || pairs.some((p) => !Array.isArray(p) || p.length !== 2)) {
    throw new QkvError(`sentencePairBatch: needs a non-empty list of [first, second] string pairs`);
  }
  return tokenizeBatch(tokenizer, pairs, options);
}

/**
 * Next-token prediction: each sequence s gives inputs s[0..L-2] and targets s[1..L-1], so position t
 * learns to predict token t+1. Padded to the longest; targets are IGNORE_INDEX at padding.
 */
export function causalLmBatch(sequences: readonly (readonly number[])[], padId: number): CausalLmBatch {
  checkSequences(sequences, "causalLmBatch");
  const short = sequences.findIndex((s) => s.length < 2);
  if (short >= 0) throw new QkvError(`causalLmBatch: sequence ${short} has ${sequences[short].length} token(s); next-token prediction needs at least 2`);
  const inputs = sequences.map((s) => s.slice(0, -1));
  const targets = sequences.map((s) => s.slice(1));
  const width = Math.max(...inputs.map((r) => r.length));
  return {
    inputIds: int32(inputs, width, padId),
    targets: int32(targets, width, IGNORE_INDEX),
    attentionMask: bool(inputs.map((r) => r.length), width),
  };
}

/**
 * nanoGPT-style language-model batches from one long stream of ids: `batchSize` windows of
 * `blockSize + 1` tokens at random offsets; inputs are the first blockSize, targets the last.
 * Returns inputIds and targets, both (batchSize, blockSize) int32 (no padding, so no mask needed).
 */
export function sampleLmWindows(stream: ArrayLike<number>, blockSize: number, batchSize: number, rng: { int(lo: number, hi: number): number }): { inputIds: Tensor; targets: Tensor } {
  if (!Number.isInteger(blockSize) || blockSize < 1 || !Number.isInteger(batchSize) || batchSize < 1) {
    throw new QkvError(`sampleLmWindows: blockSize and batchSize must be positive integers, got ${blockSize} and ${batchSize}`);
  }
  if (typeof rng?.int !== "function") throw new QkvError(`sampleLmWindows: needs an Rng as random source (argument rng, e.g. new Rng(42)), got ${describeValue(rng)}`);
  if (stream.length < blockSize + 1) throw new QkvError(`sampleLmWindows: the stream has ${stream.length} tokens, fewer than blockSize + 1 = ${blockSize + 1}`);
  const inputs = new Int32Array(batchSize * blockSize);
  const targets = new Int32Array(batchSize * blockSize);
  for (let b = 0; b < batchSize; b++) {
    const start = rng.int(0, stream.length - blockSize);
    for (let t = 0; t < blockSize; t++) {
      inputs[b * blockSize + t] = stream[start + t];
      targets[b * blockSize + t] = stream[start + t + 1];
    }
  }
  return { inputIds: new Tensor(inputs, [batchSize, blockSize]), targets: new Tensor(targets, [batchSize, blockSize]) };
}
