/**
 * Training a WordPiece vocabulary (as BERT's was made, and as Hugging Face's WordPieceTrainer does):
 * normalize and split the text as BERT does, write every word as its characters with "##" before all
 * but the first ("hug" -> h ##u ##g), then merge the most frequent adjacent pair again and again
 * (h + ##u -> hu, ##u + ##g -> ##ug) until the vocabulary is full. Unlike BPE, only the vocabulary is
 * kept, not the merges: wordpiece.ts splits a new word greedily, longest known piece first.
 */
import { QkvError } from "../tensor/errors.js";
import { corpusTexts } from "./build-vocab.js";
import { WordPieceDecoder } from "./decode.js";
import { type MergeStep, learnMerges } from "./merge-learning.js";
import { BertNormalizer } from "./normalize.js";
import { templatePostProcessor } from "./post-process.js";
import { BertPreTokenizer } from "./pre-tokenize.js";
import { BERT_SPECIAL_TOKENS, type SpecialTokens, specialTokenList } from "./special-tokens.js";
import { Tokenizer } from "./tokenizer.js";
import { Vocab } from "./vocab.js";
import { WordPieceModel } from "./wordpiece.js";

export interface WordPieceTrainOptions {
  /** Target vocabulary size: special tokens + the characters seen + merged pieces. */
  vocabSize: number;
  /** Stop when the most frequent pair occurs fewer times than this (default 2). */
  minFrequency?: number;
  /** Lower-case and strip accents, as bert-base-uncased does (default true). */
  lowercase?: boolean;
  /** Default: BERT's [PAD] [UNK] [CLS] [SEP] [MASK] (ids 0..4); needs unk, cls and sep. */
  specialTokens?: SpecialTokens;
  /** Characters seen fewer times than this are left out (they become [UNK]); default 1 (keep all). */
  minCharFrequency?: number;
}

export interface WordPieceTraining {
  tokenizer: Tokenizer;
  /** The merges in the order they were learned, with their pair counts. */
  history: MergeStep[];
}

const PREFIX = "##";

export function trainWordPieceTokenizer(corpus: string | readonly string[], options: WordPieceTrainOptions): WordPieceTraining {
  const op = "trainWordPieceTokenizer";
  if (typeof options !== "object" || options === null) throw new QkvError(`${op}: options must be an object like { vocabSize: 4000 }, got ${String(options)}`);
  const special = options.specialTokens ?? BERT_SPECIAL_TOKENS;
  for (const role of ["unk", "cls", "sep"] as const) {
    if (special[role] === undefined) throw new QkvError(`${op}: specialTokens needs a ${role} token (BERT's template and [UNK] use it)`);
  }
  const specialList = specialTokenList(special);
  const minFrequency = options.minFrequency ?? 2;
  const minCharFrequency = options.minCharFrequency ?? 1;
  if (!Number.isInteger(options.vocabSize) || options.vocabSize <= specialList.length) {
    throw new QkvError(`${op}: vocabSize must be an integer > ${specialList.length} (the special tokens), got ${options.vocabSize}`);
  }
  if (!Number.isInteger(minFrequency) || minFrequency < 1) throw new QkvError(`${op}: minFrequency must be an integer >= 1, got ${minFrequency}`);
  if (!Number.isInteger(minCharFrequency) || minCharFrequency < 1) {
    throw new QkvError(`${op}: minCharFrequency must be an integer >= 1, got ${minCharFrequency}`);
  }
  const lowercase = options.lowercase ?? true;
  const normalizer = new BertNormalizer({ lowercase, stripAccents: lowercase ? null : false, cleanText: true, handleChineseChars: true });
  const pre = new BertPreTokenizer();

  // 1. count the words
  const wordCounts = new Map<string, number>();
  for (const text of corpusTexts(corpus, op)) {
    for (const w of pre.preTokenize(normalizer.normalize(text))) wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
  }
  const words = [...wordCounts.keys()].sort();
  const freq = words.map((w) => wordCounts.get(w)!);
  const symbols = words.map((w) => Array.from(w).map((ch, i) => (i === 0 ? ch : PREFIX + ch)));

  // 2. the alphabet: every character, in both positions it was seen in, most frequent first
  const charCounts = new Map<string, number>();
  symbols.forEach((s, wi) => s.forEach((c) => charCounts.set(c, (charCounts.get(c) ?? 0) + freq[wi])));
  const alphabet = [...charCounts]
    .filter(([c, n]) => n >= minCharFrequency && !specialList.includes(c))
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    .map(([c]) => c);
  const tokens = [...specialList, ...alphabet].slice(0, options.vocabSize);

  // 3. merge pairs until the vocabulary is full; a piece that continues a word keeps one "##"
  const learned = learnMerges(symbols, freq, {
    newTokens: options.vocabSize - tokens.length,
    minFrequency,
    join: (a, b) => a + (b.startsWith(PREFIX) ? b.slice(PREFIX.length) : b),
    known: new Set(tokens),
  });
  tokens.push(...learned.tokens);

  const vocab = new Vocab(tokens, op);
  const tokenizer = new Tokenizer({
    normalizer,
    preTokenizer: pre,
    model: new WordPieceModel(vocab, special.unk, PREFIX, 100),
    postProcessor: templatePostProcessor("bert", special, vocab),
    decoder: new WordPieceDecoder(PREFIX, true),
    specialTokens: special,
  });
  return { tokenizer, history: learned.history };
}
