/**
 * Stage 3 of a tokenizer: the model. It turns one pre-tokenized word into tokens of its vocabulary.
 * The four models of the course live one a file: char-model.ts, word-model.ts, bpe.ts, wordpiece.ts.
 */
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
