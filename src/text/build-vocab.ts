/**
 * The two simplest tokenizers, built by counting a corpus: one token per character, or one token per
 * word. Symbols seen fewer than `minFrequency` times are left out and become [UNK]; the special
 * tokens come first (ids 0, 1, ...), so [PAD] is 0.
 */
import { QkvError } from "../tensor/errors.js";
import { CharModel } from "./char-model.js";
import { FuseDecoder, SpaceJoinDecoder } from "./decode.js";
import { LowercaseNormalizer } from "./normalize.js";
import { type TemplateKind, templatePostProcessor } from "./post-process.js";
import { WhitespacePreTokenizer } from "./pre-tokenize.js";
import { DEFAULT_SPECIAL_TOKENS, type SpecialTokens, specialTokenList } from "./special-tokens.js";
import { Tokenizer } from "./tokenizer.js";
import { Vocab } from "./vocab.js";
import { WordModel } from "./word-model.js";

export interface VocabBuildOptions {
  /** Keep a symbol only if it occurs at least this often (default 1). */
  minFrequency?: number;
  /** Keep at most this many tokens in all, special tokens included (the most frequent win). */
  maxVocabSize?: number;
  /** Default: [PAD] [UNK] [CLS] [SEP] [MASK] [BOS] [EOS]. Must include unk. */
  specialTokens?: SpecialTokens;
  /** Lower-case before counting and encoding (default: false for characters, true for words). */
  lowercase?: boolean;
  /** Special tokens to add when encoding: "bert" ([CLS] ... [SEP]), "gpt" ([BOS] ... [EOS]) or none (default). */
  template?: TemplateKind | null;
}

export function corpusTexts(corpus: string | readonly string[], op: string): readonly string[] {
  const texts = typeof corpus === "string" ? [corpus] : corpus;
  if (!Array.isArray(texts) || texts.some((t) => typeof t !== "string")) throw new QkvError(`${op}: the corpus must be a string or an array of strings`);
  return texts;
}

/** Sorted by count (descending), ties by code-unit order, so the result never depends on Map order. */
function pickVocab(counts: Map<string, number>, special: string[], opts: VocabBuildOptions, byFrequency: boolean, op: string): Vocab {
  const minFrequency = opts.minFrequency ?? 1;
  if (!Number.isInteger(minFrequency) || minFrequency < 1) throw new QkvError(`${op}: minFrequency must be an integer >= 1, got ${minFrequency}`);
  const byText = (x: [string, number], y: [string, number]) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0);
  const byCount = (x: [string, number], y: [string, number]) => y[1] - x[1] || byText(x, y);
  let kept = [...counts.entries()].filter(([s, c]) => c >= minFrequency && !special.includes(s));
  if (opts.maxVocabSize !== undefined) {
    if (!Number.isInteger(opts.maxVocabSize) || opts.maxVocabSize <= special.length) {
      throw new QkvError(`${op}: maxVocabSize ${opts.maxVocabSize} must exceed the ${special.length} special tokens`);
    }
    kept = kept.sort(byCount).slice(0, opts.maxVocabSize - special.length); // the most frequent win
  }
  kept.sort(byFrequency ? byCount : byText);
  if (kept.length === 0) throw new QkvError(`${op}: no symbol occurs at least ${minFrequency} times in the corpus; the vocabulary would hold only special tokens`);
  return new Vocab([...special, ...kept.map(([s]) => s)], op);
}

function checkSpecials(special: SpecialTokens, op: string): string[] {
  if (special.unk === undefined) throw new QkvError(`${op}: specialTokens must include unk (the token for symbols outside the vocabulary)`);
  return specialTokenList(special);
}

/** A character-level tokenizer: vocabulary = the characters of the corpus (code-point order). */
export function buildCharTokenizer(corpus: string | readonly string[], options: VocabBuildOptions = {}): Tokenizer {
  const op = "buildCharTokenizer";
  const special = options.specialTokens ?? DEFAULT_SPECIAL_TOKENS;
  const specialList = checkSpecials(special, op);
  const normalizer = options.lowercase ? new LowercaseNormalizer() : null;
  const counts = new Map<string, number>();
  for (const text of corpusTexts(corpus, op)) {
    for (const ch of normalizer ? normalizer.normalize(text) : text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  const vocab = pickVocab(counts, specialList, options, false, op);
  return new Tokenizer({
    normalizer,
    preTokenizer: null,
    model: new CharModel(vocab, special.unk!),
    postProcessor: options.template ? templatePostProcessor(options.template, special, vocab) : null,
    decoder: new FuseDecoder(),
    specialTokens: special,
  });
}

/** A word-level tokenizer: words and punctuation runs (WhitespacePreTokenizer), most frequent first. */
export function buildWordTokenizer(corpus: string | readonly string[], options: VocabBuildOptions = {}): Tokenizer {
  const op = "buildWordTokenizer";
  const special = options.specialTokens ?? DEFAULT_SPECIAL_TOKENS;
  const specialList = checkSpecials(special, op);
  const normalizer = options.lowercase ?? true ? new LowercaseNormalizer() : null;
  const preTokenizer = new WhitespacePreTokenizer();
  const counts = new Map<string, number>();
  for (const text of corpusTexts(corpus, op)) {
    for (const w of preTokenizer.preTokenize(normalizer ? normalizer.normalize(text) : text)) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  const vocab = pickVocab(counts, specialList, options, true, op);
  return new Tokenizer({
    normalizer,
    preTokenizer,
    model: new WordModel(vocab, special.unk!),
    postProcessor: options.template ? templatePostProcessor(options.template, special, vocab) : null,
    decoder: new SpaceJoinDecoder(),
    specialTokens: special,
  });
}
