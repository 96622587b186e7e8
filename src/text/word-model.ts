/** The word model (Hugging Face's "WordLevel"): every pre-tokenized word is one token, or the unknown token. */
import { QkvError } from "../tensor/errors.js";
import type { ModelConfig, TokenModel } from "./model.js";
import { Vocab } from "./vocab.js";

export class WordModel implements TokenModel {
  constructor(
    readonly vocab: Vocab,
    readonly unkToken: string | null,
  ) {
    if (unkToken !== null && !vocab.has(unkToken)) throw new QkvError(`WordModel: unknown-token ${JSON.stringify(unkToken)} is not in the vocabulary`);
  }

  tokenize(word: string): string[] {
    if (this.vocab.has(word)) return [word];
    if (this.unkToken !== null) return [this.unkToken];
    throw new QkvError(`WordModel: word ${JSON.stringify(word)} is not in the vocabulary and there is no unknown token`);
  }

  toJSON(): ModelConfig {
    return { type: "WordLevel", vocab: this.vocab.toObject(), unk_token: this.unkToken };
  }
}
