/**
 * Stage 2 of a tokenizer: pre-tokenize. A pre-tokenizer cuts the normalized text into "words"; the
 * model then tokenizes each word on its own, so no token ever spans two words.
 */
import { QkvError } from "../tensor/errors.js";
import { bytesToVisible } from "./byte-level.js";

export interface PreTokenizer {
  preTokenize(text: string): string[];
  toJSON(): PreTokenizerConfig;
}

export type PreTokenizerConfig =
  | { type: "Whitespace" }
  | { type: "WhitespaceSplit" }
  | { type: "BertPreTokenizer" }
  | { type: "ByteLevel"; add_prefix_space: boolean; trim_offsets: boolean; use_regex: boolean };

/** Runs of letters/digits/underscore, and runs of other non-space characters: "don't!" -> don, ', t, ! */
export class WhitespacePreTokenizer implements PreTokenizer {
  private static readonly pattern = /[\p{L}\p{N}\p{M}_]+|[^\p{L}\p{N}\p{M}_\s]+/gu;
  preTokenize(text: string): string[] {
    return text.match(WhitespacePreTokenizer.pattern) ?? [];
  }
  toJSON(): PreTokenizerConfig {
    return { type: "Whitespace" };
  }
}

/** Splits on whitespace only: "don't!  x" -> "don't!", "x". */
export class WhitespaceSplitPreTokenizer implements PreTokenizer {
  preTokenize(text: string): string[] {
    return text.match(/\S+/gu) ?? [];
  }
  toJSON(): PreTokenizerConfig {
    return { type: "WhitespaceSplit" };
  }
}

/** Punctuation as BERT counts it: Unicode punctuation (P*) plus every ASCII symbol that is not a letter or digit. */
const PUNCTUATION = "\\p{P}\\u0021-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007E";

/** BERT's basic split: on whitespace, and every punctuation character becomes a word of its own. */
export class BertPreTokenizer implements PreTokenizer {
  private static readonly pattern = new RegExp(`[^\\s${PUNCTUATION}]+|[${PUNCTUATION}]`, "gu");
  preTokenize(text: string): string[] {
    return text.match(BertPreTokenizer.pattern) ?? [];
  }
  toJSON(): PreTokenizerConfig {
    return { type: "BertPreTokenizer" };
  }
}

/**
 * GPT-2's split, then each piece rewritten as visible bytes (see byte-level.ts). The pattern keeps a
 * single leading space with the word it precedes (" world"), splits common English contractions ('s,
 * 't, ...), keeps runs of letters, of digits and of other symbols apart, and leaves a run of spaces
 * before a word as its own piece minus the last space, which goes with the word.
 */
export class ByteLevelPreTokenizer implements PreTokenizer {
  static readonly pattern = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;
  constructor(readonly addPrefixSpace = false) {}
  /** The pieces as plain text (before the byte rewrite): useful to show what the regex does. */
  split(text: string): string[] {
    if (this.addPrefixSpace && !text.startsWith(" ")) text = " " + text;
    return text.match(ByteLevelPreTokenizer.pattern) ?? [];
  }
  preTokenize(text: string): string[] {
    return this.split(text).map(bytesToVisible);
  }
  toJSON(): PreTokenizerConfig {
    return { type: "ByteLevel", add_prefix_space: this.addPrefixSpace, trim_offsets: true, use_regex: true };
  }
}

/** Rebuilds a pre-tokenizer from its tokenizer.json form; `where` names the file for error messages. */
export function preTokenizerFromJSON(config: unknown, where: string): PreTokenizer | null {
  if (config === null || config === undefined) return null;
  const c = config as Record<string, unknown>;
  switch (c.type) {
    case "Whitespace":
      return new WhitespacePreTokenizer();
    case "WhitespaceSplit":
      return new WhitespaceSplitPreTokenizer();
    case "BertPreTokenizer":
      return new BertPreTokenizer();
    case "ByteLevel":
      if (c.use_regex === false) throw new QkvError(`${where}: ByteLevel pre-tokenizer with use_regex=false is not supported`);
      return new ByteLevelPreTokenizer(c.add_prefix_space === true);
    default:
      throw new QkvError(`${where}: unsupported pre_tokenizer type ${JSON.stringify(c.type)} (supported: Whitespace, WhitespaceSplit, BertPreTokenizer, ByteLevel)`);
  }
}
