/**
 * Unknown keys in a config or options object are an error, not a silent default.
 *
 * `new GPT({ vocabSize: 10, blockSize: 16 })` (nanoGPT's name for nPositions) would otherwise build a
 * model with the default 128 positions and never say so. TypeScript catches this in an object literal,
 * but not in a notebook cell compiled loosely, a variable, or JSON; so every constructor that takes a
 * config checks its keys at run time and names the key it does not know, with the one it probably meant.
 */
import { QkvError } from "../tensor/errors.js";

/** Names other libraries use for the same setting (nanoGPT, Hugging Face, PyTorch), lower-cased without "_". */
const ALIASES: Record<string, string[]> = {
  nPositions: ["blocksize", "nctx", "maxpositionembeddings", "contextlength", "maxlen", "seqlen"],
  nEmbd: ["nembed", "dmodel", "hiddensize", "embeddim", "nhidden"],
  nLayer: ["nlayers", "numlayers", "numhiddenlayers", "depth"],
  nHead: ["nheads", "numheads", "numattentionheads", "nhead"],
  hiddenSize: ["nembd", "dmodel", "embeddim"],
  numHiddenLayers: ["nlayer", "numlayers", "nlayers"],
  numAttentionHeads: ["nhead", "numheads", "nheads"],
  maxPositionEmbeddings: ["npositions", "blocksize", "maxlen", "nctx"],
  intermediateSize: ["dimfeedforward", "ninner", "ffnsize"],
  dModel: ["nembd", "hiddensize", "embeddim"],
  nhead: ["numheads", "nheads", "numattentionheads"],
  dimFeedforward: ["intermediatesize", "ninner", "ffnsize"],
  maxLen: ["npositions", "blocksize", "maxpositionembeddings"],
  numLabels: ["nclasses", "numclasses"],
  dropout: ["residpdrop", "hiddendropoutprob", "pdrop"],
  tieWordEmbeddings: ["tieweights"],
  vocabSize: ["ntokens", "ntoken"],
};

const squash = (s: string) => s.toLowerCase().replace(/_/g, "");

/** Edit distance, for "did you mean" (the keys are short). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length];
}

/** The allowed key `key` most likely stands for, or null. */
export function suggestKey(key: string, allowed: readonly string[]): string | null {
  const k = squash(key);
  const same = allowed.find((a) => squash(a) === k);
  if (same) return same;
  const alias = allowed.find((a) => ALIASES[a]?.includes(k));
  if (alias) return alias;
  // a known name inside the unknown one or the other way round (useBias -> bias, epsilon -> eps), longest first
  const inside = allowed.filter((a) => squash(a).length >= 3 && (k.includes(squash(a)) || squash(a).includes(k)))
    .sort((x, y) => y.length - x.length);
  if (inside.length > 0) return inside[0];
  let best: string | null = null;
  let bestD = Infinity;
  for (const a of allowed) {
    const d = distance(k, squash(a));
    if (d < bestD) [best, bestD] = [a, d];
  }
  return bestD <= Math.max(2, Math.floor(k.length / 3)) ? best : null;
}

/**
 * Throws if `obj` has a key outside `allowed`:
 * `GPTConfig: unknown key "blockSize" (did you mean "nPositions"?); known keys: vocabSize, nPositions, ...`.
 * `obj` undefined or null passes (an omitted options argument); a non-object is an error.
 */
export function checkKeys(who: string, obj: unknown, allowed: readonly string[]): void {
  if (obj === undefined || obj === null) return;
  if (typeof obj !== "object" || Array.isArray(obj)) {
    throw new QkvError(`${who}: expected an options object, got ${Array.isArray(obj) ? "an array" : typeof obj}`);
  }
  for (const key of Object.keys(obj)) {
    if (allowed.includes(key)) continue;
    const guess = suggestKey(key, allowed);
    throw new QkvError(`${who}: unknown key "${key}"${guess ? ` (did you mean "${guess}"?)` : ""}; known keys: ${allowed.join(", ")}`);
  }
}
