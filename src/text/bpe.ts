/**
 * The byte-pair-encoding model (GPT-2). A word starts as a list of single symbols; then, again and
 * again, the adjacent pair that was merged EARLIEST in training (lowest rank) is fused everywhere in
 * the word, until no adjacent pair is in the merge list. Training (bpe-train.ts) decides the ranks:
 * the most frequent pair in the corpus is merged first.
 */
import { QkvError } from "../tensor/errors.js";
import { type ModelConfig, type TokenModel, checkUnkToken, symbolOrUnk } from "./model.js";
import { Vocab } from "./vocab.js";

/** A merge rule: the two tokens that fuse into one. */
export type Merge = [string, string];

/** "a b" (a line of vocab.bpe, an old-format tokenizer.json merge) -> ["a", "b"]; null unless exactly two non-empty tokens. */
export function splitMerge(text: string): Merge | null {
  const parts = text.split(" ");
  return parts.length === 2 && parts[0] !== "" && parts[1] !== "" ? [parts[0], parts[1]] : null;
}

export class BpeModel implements TokenModel {
  /** "a b" -> rank (position in the merge list). */
  private readonly ranks = new Map<string, number>();
  /** Words repeat a lot in text; remembering each word's tokens makes long texts fast. */
  private readonly cache = new Map<string, string[]>();

  constructor(
    readonly vocab: Vocab,
    readonly merges: readonly Merge[],
    readonly unkToken: string | null = null,
    where = "BpeModel",
  ) {
    merges.forEach(([a, b], rank) => {
      const merged = a + b;
      if (!vocab.has(a) || !vocab.has(b) || !vocab.has(merged)) {
        const missing = [a, b, merged].filter((t) => !vocab.has(t));
        throw new QkvError(`${where}: merge ${rank} (${JSON.stringify(a)} ${JSON.stringify(b)}) uses ${missing.map((t) => JSON.stringify(t)).join(", ")}, not in the vocabulary`);
      }
      const key = a + " " + b;
      if (!this.ranks.has(key)) this.ranks.set(key, rank);
    });
    checkUnkToken(vocab, unkToken, where);
  }

  /** Applies the merges to one word; returns the symbols (before the vocabulary check). */
  private merge(word: string): string[] {
    const symbols = Array.from(word);
    while (symbols.length > 1) {
      let bestRank = Infinity;
      let bestAt = -1;
      for (let i = 0; i < symbols.length - 1; i++) {
        const rank = this.ranks.get(symbols[i] + " " + symbols[i + 1]);
        if (rank !== undefined && rank < bestRank) {
          bestRank = rank;
          bestAt = i;
        }
      }
      if (bestAt < 0) break;
      const a = symbols[bestAt];
      const b = symbols[bestAt + 1];
      // fuse every occurrence of (a, b), left to right
      for (let i = bestAt; i < symbols.length - 1; i++) {
        if (symbols[i] === a && symbols[i + 1] === b) symbols.splice(i, 2, a + b);
      }
    }
    return symbols;
  }

  tokenize(word: string): string[] {
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const out = this.merge(word).map((s) => symbolOrUnk(this.vocab, this.unkToken, s, "BpeModel", "symbol"));
    if (word.length < 256) {
      if (this.cache.size > 50_000) this.cache.clear();
      this.cache.set(word, out);
    }
    return out;
  }

  toJSON(): ModelConfig {
    return {
      type: "BPE",
      vocab: this.vocab.toObject(),
      merges: this.merges.map(([a, b]) => [a, b] as Merge),
      unk_token: this.unkToken,
      dropout: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
    };
  }
}
