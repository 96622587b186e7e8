/**
 * Training byte-level BPE (as GPT-2 was trained): split the corpus into words with GPT-2's
 * pre-tokenizer, start from the 256 byte symbols, then repeat: count every adjacent pair of symbols
 * (weighted by how often its word occurs), merge the most frequent pair into a new symbol, record the
 * merge. Stop at `vocabSize` or when the best pair is rarer than `minFrequency`. The recorded merges,
 * in order, are the model: bpe.ts replays them on new text.
 */
import { QkvError } from "../tensor/errors.js";
import { BpeModel } from "./bpe.js";
import { BYTE_TO_CHAR } from "./byte-level.js";
import { corpusTexts } from "./build-vocab.js";
import { ByteLevelDecoder } from "./decode.js";
import { type TemplateKind, templatePostProcessor } from "./post-process.js";
import { ByteLevelPreTokenizer } from "./pre-tokenize.js";
import { DEFAULT_SPECIAL_TOKENS, type SpecialTokens, specialTokenList } from "./special-tokens.js";
import { Tokenizer } from "./tokenizer.js";
import { Vocab } from "./vocab.js";
import { type MergeStep, learnMerges } from "./merge-learning.js";

export type { MergeStep };

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

  // 2. merge the most frequent pair of symbols, again and again
  const tokens = [...specialList, ...BYTE_TO_CHAR];
  const learned = learnMerges(symbols, freq, {
    newTokens: options.vocabSize - tokens.length,
    minFrequency,
    join: (x, y) => x + y,
    known: new Set(tokens),
  });
  tokens.push(...learned.tokens);
  const history = learned.history;
  const merges = history.map((step) => step.pair);

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
