/**
 * The two pretrained tokenizers the course ships: GPT-2's byte-level BPE and BERT's WordPiece
 * (bert-base-uncased). Their vocabulary files are copied into data/tokenizers/ by scripts/build-data.ts,
 * so the course runs from data/ alone. Loading parses 50k merges, so loaded tokenizers are cached.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BpeModel } from "./bpe.js";
import { ByteLevelDecoder, WordPieceDecoder } from "./decode.js";
import { BertNormalizer } from "./normalize.js";
import { templatePostProcessor } from "./post-process.js";
import { BertPreTokenizer, ByteLevelPreTokenizer } from "./pre-tokenize.js";
import { BERT_SPECIAL_TOKENS } from "./special-tokens.js";
import { Tokenizer } from "./tokenizer.js";
import { readEncoderJson, readMerges, readVocabTxt } from "./vocab-files.js";
import { WordPieceModel } from "./wordpiece.js";

/** data/tokenizers/ of this checkout. */
export const TOKENIZER_DIR = fileURLToPath(new URL("../../data/tokenizers/", import.meta.url));

/** GPT-2's end-of-text token: also its BOS, EOS and (by common practice) pad token. */
export const GPT2_EOS = "<|endoftext|>";

/** Builds GPT-2's tokenizer from an encoder.json and a vocab.bpe (no cache). */
export function gpt2TokenizerFromFiles(encoderJsonPath: string, vocabBpePath: string): Tokenizer {
  const vocab = readEncoderJson(encoderJsonPath);
  const merges = readMerges(vocabBpePath);
  return new Tokenizer({
    normalizer: null,
    preTokenizer: new ByteLevelPreTokenizer(false),
    model: new BpeModel(vocab, merges, null, `${encoderJsonPath} + ${vocabBpePath}`),
    postProcessor: null,
    decoder: new ByteLevelDecoder(),
    specialTokens: { bos: GPT2_EOS, eos: GPT2_EOS, pad: GPT2_EOS },
  });
}

/** Builds BERT uncased's tokenizer from a vocab.txt (no cache). */
export function bertTokenizerFromFile(vocabTxtPath: string): Tokenizer {
  const vocab = readVocabTxt(vocabTxtPath);
  return new Tokenizer({
    normalizer: new BertNormalizer({ lowercase: true, stripAccents: null, cleanText: true, handleChineseChars: true }),
    preTokenizer: new BertPreTokenizer(),
    model: new WordPieceModel(vocab, "[UNK]", "##", 100),
    postProcessor: templatePostProcessor("bert", BERT_SPECIAL_TOKENS, vocab),
    decoder: new WordPieceDecoder("##", true),
    specialTokens: BERT_SPECIAL_TOKENS,
  });
}

let gpt2: Tokenizer | null = null;
let bert: Tokenizer | null = null;

/** GPT-2's tokenizer (50,257 tokens): `encode(text)` gives GPT-2's ids, no special tokens added. */
export function loadGpt2Tokenizer(): Tokenizer {
  gpt2 ??= gpt2TokenizerFromFiles(join(TOKENIZER_DIR, "gpt2", "encoder.json"), join(TOKENIZER_DIR, "gpt2", "vocab.bpe"));
  return gpt2;
}

/** BERT uncased's tokenizer (30,522 tokens): `encode(text)` gives [CLS] ... [SEP] ids. */
export function loadBertTokenizer(): Tokenizer {
  bert ??= bertTokenizerFromFile(join(TOKENIZER_DIR, "bert-base-uncased", "vocab.txt"));
  return bert;
}
