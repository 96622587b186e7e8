/**
 * Masked-language-model batches (BERT's pretraining task). Of the positions that hold a real,
 * non-special token, each is chosen with probability 15%. A chosen position must be predicted: its
 * label is the original id. Its input becomes [MASK] 80% of the time, a random token 10% of the time
 * and stays unchanged 10% of the time, so the model cannot learn that only [MASK] positions matter.
 * Every other label is IGNORE_INDEX, which the loss skips. Random draws come from `rng`, one uniform
 * draw per candidate position (plus one for the 80/10/10 choice and one for the random token), in
 * row-major order: same seed, same batch.
 */
import { Tensor, Rng } from "../tensor/index.js";
import { QkvError } from "../tensor/errors.js";
import { IGNORE_INDEX, padSequences } from "./batch.js";
import type { Tokenizer } from "./tokenizer.js";

export interface MaskedLmOptions {
  /** The [MASK] token's id. */
  maskId: number;
  /** Used for padding (never chosen). */
  padId: number;
  /** Ids never chosen: [CLS], [SEP], [PAD], ... */
  specialIds: readonly number[];
  /** Vocabulary size: random replacements are drawn from the non-special ids below it. */
  vocabSize: number;
  rng: Rng;
  /** Chance that a candidate position is chosen (default 0.15). */
  probability?: number;
}

export interface MaskedLmBatch {
  /** (B, T) int32: the corrupted inputs. */
  inputIds: Tensor;
  /** (B, T) int32: original id at chosen positions, IGNORE_INDEX elsewhere. */
  labels: Tensor;
  /** (B, T) bool: true = real token (may be attended to), false = padding. */
  attentionMask: Tensor;
}

/** Pure-array version on one sequence: returns the corrupted ids and the labels. */
export function maskTokens(ids: readonly number[], options: MaskedLmOptions): { inputIds: number[]; labels: number[] } {
  const p = options.probability ?? 0.15;
  if (!(p >= 0 && p <= 1)) throw new QkvError(`maskTokens: probability must be in [0, 1], got ${p}`);
  const special = new Set([...options.specialIds, options.maskId]);
  if (!Number.isInteger(options.vocabSize) || options.vocabSize <= special.size) {
    throw new QkvError(`maskTokens: vocabSize ${options.vocabSize} leaves no ordinary token to draw random replacements from`);
  }
  const inputIds = [...ids];
  const labels = ids.map(() => IGNORE_INDEX);
  for (let t = 0; t < ids.length; t++) {
    if (special.has(ids[t])) continue;
    if (options.rng.next() >= p) continue;
    labels[t] = ids[t];
    const r = options.rng.next();
    if (r < 0.8) {
      inputIds[t] = options.maskId;
    } else if (r < 0.9) {
      let id: number;
      do id = options.rng.int(0, options.vocabSize);
      while (special.has(id));
      inputIds[t] = id;
    }
  }
  return { inputIds, labels };
}

/** Pads the sequences to the longest, then masks: inputIds, labels, attentionMask, all (B, T). */
export function maskedLmBatch(sequences: readonly (readonly number[])[], options: MaskedLmOptions): MaskedLmBatch {
  const { attentionMask } = padSequences(sequences, options.padId);
  const width = attentionMask.shape[1];
  const inputs = new Int32Array(sequences.length * width).fill(options.padId);
  const labels = new Int32Array(sequences.length * width).fill(IGNORE_INDEX);
  const specialIds = [...options.specialIds, options.padId]; // padding is never chosen
  sequences.forEach((s, b) => {
    const masked = maskTokens(s, { ...options, specialIds });
    inputs.set(masked.inputIds, b * width);
    labels.set(masked.labels, b * width);
  });
  return {
    inputIds: new Tensor(inputs, [sequences.length, width]),
    labels: new Tensor(labels, [sequences.length, width]),
    attentionMask,
  };
}

/** The masking options of a tokenizer that has [MASK] and [PAD] tokens (e.g. loadBertTokenizer()). */
export function maskedLmOptions(tokenizer: Tokenizer, rng: Rng, probability = 0.15): MaskedLmOptions {
  if (!(typeof probability === "number" && probability >= 0 && probability <= 1)) {
    throw new QkvError(`maskedLmOptions: probability must be in [0, 1], got ${String(probability)}`);
  }
  if (!(rng instanceof Rng)) throw new QkvError(`maskedLmOptions: needs an Rng as random source (argument rng, e.g. new Rng(42)), got ${typeof rng}`);
  return {
    maskId: tokenizer.specialId("mask"),
    padId: tokenizer.specialId("pad"),
    specialIds: tokenizer.specialIds(),
    vocabSize: tokenizer.vocabSize,
    rng,
    probability,
  };
}
