/**
 * Stage 3 of a tokenizer: the model. It turns one pre-tokenized word into tokens of its vocabulary.
 * The four models of the course live one a file: char-model.ts, word-model.ts, bpe.ts, wordpiece.ts.
 */
import { QkvError } from "../tensor/errors.js";
import type { Vocab } from "./vocab.js";

export interface TokenModel {
  readonly vocab: Vocab;
  /** The token that stands for anything outside the vocabulary, or null if the model has none. */
  readonly unkToken: string | null;
  /** One word -> its tokens (strings of `vocab`, or `unkToken`). */
  tokenize(word: string): string[];
  toJSON(): ModelConfig;
}

export type ModelConfig =
  | { type: "CharLevel"; vocab: Record<string, number>; unk_token: string | null }
  | { type: "WordLevel"; vocab: Record<string, number>; unk_token: string | null }
  | {
      type: "WordPiece";
      vocab: Record<string, number>;
      unk_token: string;
      continuing_subword_prefix: string;
      max_input_chars_per_word: number;
    }
  | {
      type: "BPE";
      vocab: Record<string, number>;
      merges: [string, string][];
      unk_token: string | null;
      dropout: null;
      continuing_subword_prefix: null;
      end_of_word_suffix: null;
      fuse_unk: false;
      byte_fallback: false;
      ignore_merges: false;
    };

/** The models' shared constructor check: an unknown token, when there is one, must be in the vocabulary. */
export function checkUnkToken(vocab: Vocab, unkToken: string | null, model: string): void {
  if (unkToken !== null && !vocab.has(unkToken)) throw new QkvError(`${model}: unknown-token ${JSON.stringify(unkToken)} is not in the vocabulary`);
}

/** `symbol` if the vocabulary has it, else the unknown token; with neither, an error naming the model and the symbol. */
export function symbolOrUnk(vocab: Vocab, unkToken: string | null, symbol: string, model: string, what: string): string {
  if (vocab.has(symbol)) return symbol;
  if (unkToken !== null) return unkToken;
  throw new QkvError(`${model}: ${what} ${JSON.stringify(symbol)} is not in the vocabulary and there is no unknown token`);
}
