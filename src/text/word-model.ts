/** The word model (Hugging Face's "WordLevel"): every pre-tokenized word is one token, or the unknown token. */
import { type ModelConfig, type TokenModel, checkUnkToken, symbolOrUnk } from "./model.js";
import { Vocab } from "./vocab.js";

export class WordModel implements TokenModel {
  constructor(
    readonly vocab: Vocab,
    readonly unkToken: string | null,
  ) {
    checkUnkToken(vocab, unkToken, "WordModel");
  }

  tokenize(word: string): string[] {
    return [symbolOrUnk(this.vocab, this.unkToken, word, "WordModel", "word")];
  }

  toJSON(): ModelConfig {
    return { type: "WordLevel", vocab: this.vocab.toObject(), unk_token: this.unkToken };
  }
}
