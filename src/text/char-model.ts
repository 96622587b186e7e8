/** The character model: every Unicode character (code point) is a token. */
import { type ModelConfig, type TokenModel, checkUnkToken, symbolOrUnk } from "./model.js";
import { Vocab } from "./vocab.js";

export class CharModel implements TokenModel {
  constructor(
    readonly vocab: Vocab,
    readonly unkToken: string | null,
  ) {
    checkUnkToken(vocab, unkToken, "CharModel");
  }

  tokenize(word: string): string[] {
    return Array.from(word, (ch) => symbolOrUnk(this.vocab, this.unkToken, ch, "CharModel", "character"));
  }

  toJSON(): ModelConfig {
    return { type: "CharLevel", vocab: this.vocab.toObject(), unk_token: this.unkToken };
  }
}
