/** The character model: every Unicode character (code point) is a token. */
import { QkvError } from "../tensor/errors.js";
import type { ModelConfig, TokenModel } from "./model.js";
import { Vocab } from "./vocab.js";

export class CharModel implements TokenModel {
  constructor(
    readonly vocab: Vocab,
    readonly unkToken: string | null,
  ) {
    if (unkToken !== null && !vocab.has(unkToken)) throw new QkvError(`CharModel: unknown-token ${JSON.stringify(unkToken)} is not in the vocabulary`);
  }

  tokenize(word: string): string[] {
    const out: string[] = [];
    for (const ch of word) {
      if (this.vocab.has(ch)) out.push(ch);
      else if (this.unkToken !== null) out.push(this.unkToken);
      else throw new QkvError(`CharModel: character ${JSON.stringify(ch)} is not in the vocabulary and there is no unknown token`);
    }
    return out;
  }

  toJSON(): ModelConfig {
    return { type: "CharLevel", vocab: this.vocab.toObject(), unk_token: this.unkToken };
  }
}
