/**
 * Stage 1 of a tokenizer: normalize. A normalizer rewrites the raw text before it is split, e.g.
 * lower-casing and removing accents so that "Café" and "cafe" become the same word for BERT uncased.
 * Each normalizer serializes to the Hugging Face tokenizer.json form ({ type: ..., ...options }).
 */
import { QkvError } from "../tensor/errors.js";

export interface Normalizer {
  normalize(text: string): string;
  toJSON(): NormalizerConfig;
}

export type NormalizerConfig =
  | { type: "BertNormalizer"; clean_text: boolean; handle_chinese_chars: boolean; strip_accents: boolean | null; lowercase: boolean }
  | { type: "Lowercase" }
  | { type: "NFC" }
  | { type: "NFD" }
  | { type: "StripAccents" }
  | { type: "Sequence"; normalizers: NormalizerConfig[] };

/** Lower-cases the text (JavaScript's toLowerCase, i.e. Unicode default case mapping). */
export class LowercaseNormalizer implements Normalizer {
  normalize(text: string): string {
    return text.toLowerCase();
  }
  toJSON(): NormalizerConfig {
    return { type: "Lowercase" };
  }
}

/** Unicode canonical composition: "e" + combining acute -> "é". */
export class NfcNormalizer implements Normalizer {
  normalize(text: string): string {
    return text.normalize("NFC");
  }
  toJSON(): NormalizerConfig {
    return { type: "NFC" };
  }
}

/** Unicode canonical decomposition: "é" -> "e" + combining acute. */
export class NfdNormalizer implements Normalizer {
  normalize(text: string): string {
    return text.normalize("NFD");
  }
  toJSON(): NormalizerConfig {
    return { type: "NFD" };
  }
}

/** Drops non-spacing marks (category Mn); run it after NFD so accents are separate characters. */
export class StripAccentsNormalizer implements Normalizer {
  normalize(text: string): string {
    return text.replace(/\p{Mn}/gu, "");
  }
  toJSON(): NormalizerConfig {
    return { type: "StripAccents" };
  }
}

/** Applies normalizers one after the other. */
export class SequenceNormalizer implements Normalizer {
  constructor(readonly normalizers: Normalizer[]) {}
  normalize(text: string): string {
    for (const n of this.normalizers) text = n.normalize(text);
    return text;
  }
  toJSON(): NormalizerConfig {
    return { type: "Sequence", normalizers: this.normalizers.map((n) => n.toJSON()) };
  }
}

/** True for the CJK ideograph blocks that BERT splits into single characters (as in the original BERT code). */
function isCjkIdeograph(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

const CONTROL = /^[\p{Cc}\p{Cf}\p{Co}\p{Cs}]$/u;
const WHITESPACE = /^\s$/u;

export interface BertNormalizerOptions {
  /** Drop control characters, NUL and U+FFFD; turn every kind of whitespace into a plain space. */
  cleanText?: boolean;
  /** Put spaces around CJK ideographs so each becomes its own word. */
  handleChineseChars?: boolean;
  /** null = follow `lowercase` (BERT uncased strips accents because it lower-cases). */
  stripAccents?: boolean | null;
  lowercase?: boolean;
}

/**
 * BERT's normalizer (bert-base-uncased settings by default): clean the text, isolate CJK ideographs,
 * lower-case, strip accents (NFD, then drop combining marks).
 */
export class BertNormalizer implements Normalizer {
  readonly cleanText: boolean;
  readonly handleChineseChars: boolean;
  readonly stripAccents: boolean | null;
  readonly lowercase: boolean;

  constructor(options: BertNormalizerOptions = {}) {
    this.cleanText = options.cleanText ?? true;
    this.handleChineseChars = options.handleChineseChars ?? true;
    this.stripAccents = options.stripAccents ?? null;
    this.lowercase = options.lowercase ?? true;
  }

  normalize(text: string): string {
    let out = "";
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (this.cleanText) {
        // tab, newline and carriage return are whitespace, not control characters
        if (cp === 0 || cp === 0xfffd || (ch !== "\t" && ch !== "\n" && ch !== "\r" && CONTROL.test(ch))) continue;
        if (WHITESPACE.test(ch)) {
          out += " ";
          continue;
        }
      }
      if (this.handleChineseChars && isCjkIdeograph(cp)) out += " " + ch + " ";
      else out += ch;
    }
    if (this.lowercase) out = out.toLowerCase();
    if (this.stripAccents ?? this.lowercase) out = out.normalize("NFD").replace(/\p{Mn}/gu, "");
    return out;
  }

  toJSON(): NormalizerConfig {
    return {
      type: "BertNormalizer",
      clean_text: this.cleanText,
      handle_chinese_chars: this.handleChineseChars,
      strip_accents: this.stripAccents,
      lowercase: this.lowercase,
    };
  }
}

/** Rebuilds a normalizer from its tokenizer.json form; `where` names the file for error messages. */
export function normalizerFromJSON(config: unknown, where: string): Normalizer | null {
  if (config === null || config === undefined) return null;
  const c = config as Record<string, unknown>;
  switch (c.type) {
    case "BertNormalizer":
      return new BertNormalizer({
        cleanText: c.clean_text !== false,
        handleChineseChars: c.handle_chinese_chars !== false,
        stripAccents: typeof c.strip_accents === "boolean" ? c.strip_accents : null,
        lowercase: c.lowercase !== false,
      });
    case "Lowercase":
      return new LowercaseNormalizer();
    case "NFC":
      return new NfcNormalizer();
    case "NFD":
      return new NfdNormalizer();
    case "StripAccents":
      return new StripAccentsNormalizer();
    case "Sequence": {
      if (!Array.isArray(c.normalizers)) throw new QkvError(`${where}: normalizer of type Sequence needs a "normalizers" list`);
      return new SequenceNormalizer(c.normalizers.map((n) => normalizerFromJSON(n, where)).filter((n): n is Normalizer => n !== null));
    }
    default:
      throw new QkvError(`${where}: unsupported normalizer type ${JSON.stringify(c.type)} (supported: BertNormalizer, Lowercase, NFC, NFD, StripAccents, Sequence)`);
  }
}
