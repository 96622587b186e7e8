/**
 * The WordPiece model (BERT): split a word greedily into the longest vocabulary entries, left to
 * right; pieces after the first carry the "##" prefix ("tokenizer" -> "token", "##izer"). If some
 * part of the word matches nothing, the whole word becomes the unknown token, as in BERT.
 */
import { type ModelConfig, type TokenModel, checkUnkToken } from "./model.js";
import { Vocab } from "./vocab.js";

export class WordPieceModel implements TokenModel {
  constructor(
    readonly vocab: Vocab,
    readonly unkToken: string = "[UNK]",
    readonly continuingSubwordPrefix: string = "##",
    /** Longer words (in characters) become the unknown token without trying: BERT's guard against junk. */
    readonly maxInputCharsPerWord: number = 100,
  ) {
    checkUnkToken(vocab, unkToken, "WordPieceModel");
  }

  tokenize(word: string): string[] {
    const chars = Array.from(word);
    if (chars.length > this.maxInputCharsPerWord) return [this.unkToken];
    const pieces: string[] = [];
    let start = 0;
    while (start < chars.length) {
      let end = chars.length;
      let found: string | null = null;
      for (; end > start; end--) {
        const piece = (start > 0 ? this.continuingSubwordPrefix : "") + chars.slice(start, end).join("");
        if (this.vocab.has(piece)) {
          found = piece;
          break;
        }
      }
      if (found === null) return [this.unkToken];
      pieces.push(found);
      start = end;
    }
    return pieces;
  }

  toJSON(): ModelConfig {
    return {
      type: "WordPiece",
      vocab: this.vocab.toObject(),
      unk_token: this.unkToken,
      continuing_subword_prefix: this.continuingSubwordPrefix,
      max_input_chars_per_word: this.maxInputCharsPerWord,
    };
  }
}
