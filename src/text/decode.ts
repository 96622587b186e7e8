/**
 * Stage 5 of a tokenizer: decode. Turns tokens back into text; each model family needs its own rule
 * (GPT-2: bytes; BERT: glue "##" pieces to the previous token; characters: concatenate).
 */
import { QkvError } from "../tensor/errors.js";
import { visibleToText } from "./byte-level.js";

export interface Decoder {
  /** `special` says which tokens are special (they are kept as they are, not decoded). */
  decode(tokens: string[], special: (token: string) => boolean): string;
  toJSON(): DecoderConfig | null;
}

export type DecoderConfig =
  | { type: "ByteLevel"; add_prefix_space: boolean; trim_offsets: boolean; use_regex: boolean }
  | { type: "WordPiece"; prefix: string; cleanup: boolean }
  | { type: "Fuse" };

/** GPT-2: concatenate the tokens' byte stand-ins and read the bytes as UTF-8. */
export class ByteLevelDecoder implements Decoder {
  decode(tokens: string[], special: (token: string) => boolean): string {
    let text = "";
    let run = "";
    for (const t of tokens) {
      if (special(t)) {
        text += visibleToText(run) + t;
        run = "";
      } else {
        run += t;
      }
    }
    return text + visibleToText(run);
  }
  toJSON(): DecoderConfig {
    return { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: true };
  }
}

/** Undoes the spaces that joining word pieces with " " put before punctuation and contractions. */
export function cleanUpTokenization(text: string): string {
  return text
    .replaceAll(" .", ".")
    .replaceAll(" ?", "?")
    .replaceAll(" !", "!")
    .replaceAll(" ,", ",")
    .replaceAll(" ' ", "'")
    .replaceAll(" n't", "n't")
    .replaceAll(" 'm", "'m")
    .replaceAll(" 's", "'s")
    .replaceAll(" 've", "'ve")
    .replaceAll(" 're", "'re");
}

/** BERT: words joined by spaces; a piece starting with "##" is glued to the one before it. */
export class WordPieceDecoder implements Decoder {
  constructor(
    readonly prefix = "##",
    readonly cleanup = true,
  ) {}
  decode(tokens: string[]): string {
    let text = "";
    tokens.forEach((t, i) => {
      if (i > 0) text += t.startsWith(this.prefix) ? t.slice(this.prefix.length) : " " + t;
      else text += t;
    });
    return this.cleanup ? cleanUpTokenization(text) : text;
  }
  toJSON(): DecoderConfig {
    return { type: "WordPiece", prefix: this.prefix, cleanup: this.cleanup };
  }
}

/** Characters: concatenate. */
export class FuseDecoder implements Decoder {
  decode(tokens: string[]): string {
    return tokens.join("");
  }
  toJSON(): DecoderConfig {
    return { type: "Fuse" };
  }
}

/** Words: join with single spaces (what Hugging Face does when there is no decoder). */
export class SpaceJoinDecoder implements Decoder {
  decode(tokens: string[]): string {
    return tokens.join(" ");
  }
  toJSON(): null {
    return null;
  }
}

export function decoderFromJSON(config: unknown, where: string): Decoder {
  if (config === null || config === undefined) return new SpaceJoinDecoder();
  const c = config as Record<string, unknown>;
  switch (c.type) {
    case "ByteLevel":
      return new ByteLevelDecoder();
    case "WordPiece":
      return new WordPieceDecoder(typeof c.prefix === "string" ? c.prefix : "##", c.cleanup !== false);
    case "Fuse":
      return new FuseDecoder();
    default:
      throw new QkvError(`${where}: unsupported decoder type ${JSON.stringify(c.type)} (supported: ByteLevel, WordPiece, Fuse, or null)`);
  }
}
