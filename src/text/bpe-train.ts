/**
 * Training byte-level BPE (as GPT-2 was trained): split the corpus into words with GPT-2's
 * pre-tokenizer, start from the 256 byte symbols, then repeat: count every adjacent pair of symbols
 * (weighted by how often its word occurs), merge the most frequent pair into a new symbol, record the
 * merge. Stop at `vocabSize` or when the best pair is rarer than `minFrequency`. The recorded merges,
 * in order, are the model: bpe.ts replays them on new text.
 */
import { QkvError } from "../tensor/errors.js";
import { BpeModel, type Merge } from "./bpe.js";
import { BYTE_TO_CHAR } from "./byte-level.js";
import { corpusTexts } from "./build-vocab.js";
import { ByteLevelDecoder } from "./decode.js";
import { type TemplateKind, templatePostProcessor } from "./post-process.js";
import { ByteLevelPreTokenizer } from "./pre-tokenize.js";
import { DEFAULT_SPECIAL_TOKENS, type SpecialTokens, specialTokenList } from "./special-tokens.js";
import { Tokenizer } from "./tokenizer.js";
import { Vocab } from "./vocab.js";

/** One step of training: which pair was merged, into what, and how often the pair occurred. */
export interface MergeStep {
  rank: number;
  pair: Merge;
  token: string;
  count: number;
}

export interface BpeTrainOptions {
  /** Target vocabulary size: special tokens + 256 bytes + merges. */
  vocabSize: number;
  /** Stop when the most frequent pair occurs fewer times than this (default 2). */
  minFrequency?: number;
  /** Default: [PAD] [UNK] [CLS] [SEP] [MASK] [BOS] [EOS] (ids 0..6). */
  specialTokens?: SpecialTokens;
  /** Special tokens to add when encoding: "gpt" ([BOS] ... [EOS]), "bert" or none (default). */
  template?: TemplateKind | null;
}

export interface BpeTraining {
  tokenizer: Tokenizer;
  /** The merges in the order they were learned (rank 0 first), with their pair counts. */
  history: MergeStep[];
}

const key = (a: string, b: string) => a + " " + b;

export function trainBpeTokenizer(corpus: string | readonly string[], options: BpeTrainOptions): BpeTraining {
  const op = "trainBpeTokenizer";
  const special = options.specialTokens ?? DEFAULT_SPECIAL_TOKENS;
  const specialList = specialTokenList(special);
  const minFrequency = options.minFrequency ?? 2;
  const base = specialList.length + 256;
  if (!Number.isInteger(options.vocabSize) || options.vocabSize < base) {
    throw new QkvError(`${op}: vocabSize ${options.vocabSize} must be an integer >= ${base} (${specialList.length} special tokens + 256 bytes)`);
  }
  if (!Number.isInteger(minFrequency) || minFrequency < 1) throw new QkvError(`${op}: minFrequency must be an integer >= 1, got ${minFrequency}`);

  // 1. count the words
  const pre = new ByteLevelPreTokenizer(false);
  const wordCounts = new Map<string, number>();
  for (const text of corpusTexts(corpus, op)) {
    for (const w of pre.preTokenize(text)) wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
  }
  const words = [...wordCounts.keys()].sort();
  const symbols = words.map((w) => Array.from(w));
  const freq = words.map((w) => wordCounts.get(w)!);

  // 2. count the pairs, remembering which words hold each pair
  const pairCount = new Map<string, number>();
  const pairWords = new Map<string, Set<number>>();
  const addPairs = (wi: number, sign: 1 | -1) => {
    const s = symbols[wi];
    for (let i = 0; i < s.length - 1; i++) {
      const k = key(s[i], s[i + 1]);
      pairCount.set(k, (pairCount.get(k) ?? 0) + sign * freq[wi]);
      if (sign > 0) {
        let set = pairWords.get(k);
        if (!set) pairWords.set(k, (set = new Set()));
        set.add(wi);
      }
    }
  };
  for (let wi = 0; wi < words.length; wi++) addPairs(wi, 1);

  // 3. merge the most frequent pair, again and again
  const tokens = [...specialList, ...BYTE_TO_CHAR];
  const known = new Set(tokens);
  const merges: Merge[] = [];
  const history: MergeStep[] = [];
  while (tokens.length < options.vocabSize) {
    let bestKey = "";
    let bestCount = 0;
    for (const [k, c] of pairCount) {
      if (c > bestCount || (c === bestCount && c > 0 && k < bestKey)) {
        bestKey = k;
        bestCount = c;
      }
    }
    if (bestCount < minFrequency || bestCount === 0) break;
    const space = bestKey.indexOf(" ");
    const a = bestKey.slice(0, space);
    const b = bestKey.slice(space + 1);
    const merged = a + b;
    for (const wi of [...(pairWords.get(bestKey) ?? [])]) {
      const s = symbols[wi];
      let has = false;
      for (let i = 0; i < s.length - 1; i++) if (s[i] === a && s[i + 1] === b) has = true;
      if (!has) continue; // stale entry: an earlier merge already consumed the pair in this word
      addPairs(wi, -1);
      for (let i = 0; i < s.length - 1; i++) if (s[i] === a && s[i + 1] === b) s.splice(i, 2, merged);
      addPairs(wi, 1);
    }
    pairCount.delete(bestKey);
    pairWords.delete(bestKey);
    merges.push([a, b]);
    history.push({ rank: merges.length - 1, pair: [a, b], token: merged, count: bestCount });
    if (!known.has(merged)) {
      known.add(merged);
      tokens.push(merged);
    }
  }

  const vocab = new Vocab(tokens, op);
  const tokenizer = new Tokenizer({
    normalizer: null,
    preTokenizer: pre,
    model: new BpeModel(vocab, merges, null, op),
    postProcessor: options.template ? templatePostProcessor(options.template, special, vocab) : null,
    decoder: new ByteLevelDecoder(),
    specialTokens: special,
  });
  return { tokenizer, history };
}
