/**
 * A tokenizer is a pipeline of five stages, each in its own file:
 *
 *   text -> normalize (normalize.ts) -> pre-tokenize (pre-tokenize.ts) -> model (char-model.ts,
 *   word-model.ts, bpe.ts, wordpiece.ts) -> post-process (post-process.ts) -> ids
 *   ids -> tokens -> decode (decode.ts) -> text
 *
 * Special tokens written literally in the text ("[MASK]", "<|endoftext|>") are cut out first and never
 * normalized or split, as in Hugging Face tokenizers. Serialization (tokenizer.json) is in tokenizer-json.ts.
 */
import { QkvError, describeValue, formatShape } from "../tensor/errors.js";
import { Tensor } from "../tensor/index.js";
import type { Decoder } from "./decode.js";
import type { TokenModel } from "./model.js";
import type { Normalizer } from "./normalize.js";
import { type TemplatePostProcessor, concatSegments } from "./post-process.js";
import type { PreTokenizer } from "./pre-tokenize.js";
import { type SpecialTokenRole, type SpecialTokens, specialTokenList } from "./special-tokens.js";

export interface TokenizerParts {
  normalizer: Normalizer | null;
  preTokenizer: PreTokenizer | null;
  model: TokenModel;
  postProcessor: TemplatePostProcessor | null;
  decoder: Decoder;
  /** The roles of the special tokens; each must be in the model's vocabulary. */
  specialTokens: SpecialTokens;
}

/** One encoded text (or text pair). All arrays have the same length. */
export interface Encoding {
  ids: number[];
  tokens: string[];
  /** true = this position may be attended to (a real token); false = padding. Like HF's attention_mask = 1/0. */
  attentionMask: boolean[];
  /** 0 for the first text (and its special tokens), 1 for the second of a pair. */
  typeIds: number[];
  /** true where the tokenizer added a special token or padding. */
  specialTokensMask: boolean[];
}

export interface EncodeOptions {
  /** A second text: encoded as a pair (BERT: [CLS] A [SEP] B [SEP], type ids 0 then 1). */
  pair?: string | null;
  /** Add the template's special tokens ([CLS]/[SEP], BOS/EOS). Default true. */
  addSpecialTokens?: boolean;
  /** Longest allowed result, special tokens included. */
  maxLength?: number;
  /**
   * What to do when the result is longer than maxLength: true cuts tokens off the end (for a pair,
   * from the longer text first); false (the default) throws, so nothing is lost silently.
   */
  truncation?: boolean;
  /** "max_length": pad up to maxLength with the pad token (attention mask false there). */
  padding?: "max_length" | false;
  /** "replace" (default): unknown words become the unknown token; "error": throw, naming the word. */
  unknown?: "replace" | "error";
}

export interface BatchEncodeOptions extends Omit<EncodeOptions, "pair" | "padding"> {
  /** "longest" (default): pad to the longest in the batch; "max_length": to maxLength; false: no padding. */
  padding?: "longest" | "max_length" | false;
}

export interface DecodeOptions {
  /** Leave out special tokens ([CLS], [PAD], ...). Default false. */
  skipSpecialTokens?: boolean;
}

export class Tokenizer {
  readonly normalizer: Normalizer | null;
  readonly preTokenizer: PreTokenizer | null;
  readonly model: TokenModel;
  readonly postProcessor: TemplatePostProcessor | null;
  readonly decoder: Decoder;
  readonly specialTokens: Readonly<SpecialTokens>;
  /** Special token strings, longest first (so "[MASK]" wins over a shorter token it contains). */
  private readonly specialsByLength: string[];
  private readonly specialSet: Set<string>;

  constructor(parts: TokenizerParts) {
    this.normalizer = parts.normalizer;
    this.preTokenizer = parts.preTokenizer;
    this.model = parts.model;
    this.postProcessor = parts.postProcessor;
    this.decoder = parts.decoder;
    this.specialTokens = { ...parts.specialTokens };
    const list = specialTokenList(parts.specialTokens);
    for (const t of list) {
      if (!parts.model.vocab.has(t)) throw new QkvError(`Tokenizer: special token ${JSON.stringify(t)} is not in the vocabulary`);
    }
    this.specialSet = new Set(list);
    this.specialsByLength = [...list].sort((a, b) => b.length - a.length);
  }

  get vocabSize(): number {
    return this.model.vocab.size;
  }

  tokenToId(token: string): number | undefined {
    return this.model.vocab.id(token);
  }

  idToToken(id: number): string | undefined {
    return this.model.vocab.token(id);
  }

  /** The id of a special token role, e.g. specialId("pad"); throws if the tokenizer has no such token. */
  specialId(role: SpecialTokenRole): number {
    const t = this.specialTokens[role];
    if (t === undefined) throw new QkvError(`Tokenizer: this tokenizer has no ${role} token (it has: ${Object.keys(this.specialTokens).join(", ") || "none"})`);
    return this.model.vocab.id(t)!;
  }

  hasSpecial(role: SpecialTokenRole): boolean {
    return this.specialTokens[role] !== undefined;
  }

  /** Ids of all special tokens (never masked or replaced in masked-LM batches). */
  specialIds(): number[] {
    return [...this.specialSet].map((t) => this.model.vocab.id(t)!);
  }

  isSpecialToken(token: string): boolean {
    return this.specialSet.has(token);
  }

  /** Text -> token strings, without added special tokens. */
  tokenize(text: string, unknown: "replace" | "error" = "replace"): string[] {
    if (typeof text !== "string") throw new QkvError(`tokenize: expected a string, got ${text === null ? "null" : typeof text}`);
    const out: string[] = [];
    for (const section of this.splitOnSpecialTokens(text)) {
      if (section.special) {
        out.push(section.text);
        continue;
      }
      const normalized = this.normalizer ? this.normalizer.normalize(section.text) : section.text;
      const words = this.preTokenizer ? this.preTokenizer.preTokenize(normalized) : normalized.length > 0 ? [normalized] : [];
      for (const word of words) {
        const pieces = this.model.tokenize(word);
        if (unknown === "error" && this.model.unkToken !== null && pieces.includes(this.model.unkToken)) {
          const outside = [...new Set(Array.from(word).filter((ch) => !this.model.vocab.has(ch)))].slice(0, 5);
          throw new QkvError(
            `encode: ${JSON.stringify(shorten(word))} in ${JSON.stringify(shorten(text))} is not covered by the vocabulary (it would become ${this.model.unkToken})` +
              (outside.length > 0 && outside.length < Array.from(word).length ? `; characters outside the vocabulary: ${outside.map((c) => JSON.stringify(c)).join(", ")}` : ""),
          );
        }
        for (const p of pieces) out.push(p);
      }
    }
    return out;
  }

  /** Text -> token ids (with the template's special tokens unless addSpecialTokens is false). */
  encode(text: string, options: EncodeOptions = {}): number[] {
    return this.encodePlus(text, options).ids;
  }

  /** Text (or pair) -> ids, tokens, attention mask, type ids: see Encoding and EncodeOptions. */
  encodePlus(text: string, options: EncodeOptions = {}): Encoding {
    const addSpecial = options.addSpecialTokens ?? true;
    const pair = options.pair ?? null;
    const unknown = options.unknown ?? "replace";
    let a = this.tokenize(text, unknown).map((t) => this.model.vocab.id(t)!);
    let b = pair === null ? null : this.tokenize(pair, unknown).map((t) => this.model.vocab.id(t)!);
    const added = addSpecial && this.postProcessor ? this.postProcessor.addedTokens(b !== null) : 0;
    const { maxLength } = options;
    if (maxLength !== undefined) {
      if (!Number.isInteger(maxLength) || maxLength < added + (b === null ? 1 : 2)) {
        throw new QkvError(`encode: maxLength ${maxLength} must be an integer that leaves room for ${added} special tokens and at least one token per text`);
      }
      const total = a.length + (b?.length ?? 0) + added;
      if (total > maxLength) {
        if (!options.truncation) {
          throw new QkvError(
            `encode: ${total} tokens (${added} special) exceed maxLength ${maxLength} for ${JSON.stringify(shorten(text))}; pass truncation: true to cut the end off`,
          );
        }
        [a, b] = truncate(a, b, maxLength - added);
      }
    }
    const processed = addSpecial && this.postProcessor ? this.postProcessor.process(a, b, true) : concatSegments(a, b);
    const encoding: Encoding = {
      ids: processed.ids,
      tokens: processed.ids.map((id) => this.model.vocab.token(id)!),
      attentionMask: processed.ids.map(() => true),
      typeIds: processed.typeIds,
      specialTokensMask: processed.specialTokensMask,
    };
    if (options.padding === "max_length") {
      if (maxLength === undefined) throw new QkvError(`encode: padding "max_length" needs maxLength`);
      this.pad(encoding, maxLength);
    }
    return encoding;
  }

  /**
   * Many texts (or [text, pair] tuples) at once, padded to the longest by default so they stack
   * into a (B, T) batch. See batch.ts for the tensor version.
   */
  encodeBatch(texts: (string | [string, string])[], options: BatchEncodeOptions = {}): Encoding[] {
    if (!Array.isArray(texts)) throw new QkvError(`encodeBatch: expected an array of texts, got ${typeof texts}`);
    const { padding = "longest", ...rest } = options;
    const encodings = texts.map((t) => (Array.isArray(t) ? this.encodePlus(t[0], { ...rest, pair: t[1] }) : this.encodePlus(t, rest)));
    if (padding !== false) {
      let target: number;
      if (padding === "max_length") {
        if (options.maxLength === undefined) throw new QkvError(`encodeBatch: padding "max_length" needs maxLength`);
        target = options.maxLength;
      } else {
        target = Math.max(0, ...encodings.map((e) => e.ids.length));
      }
      for (const e of encodings) this.pad(e, target);
    }
    return encodings;
  }

  /** Pads an encoding in place (on the right) to `length`. */
  pad(encoding: Encoding, length: number): void {
    const missing = length - encoding.ids.length;
    if (missing <= 0) return;
    if (this.specialTokens.pad === undefined) throw new QkvError(`pad: this tokenizer has no pad token; give one in specialTokens.pad`);
    const padId = this.specialId("pad");
    for (let i = 0; i < missing; i++) {
      encoding.ids.push(padId);
      encoding.tokens.push(this.specialTokens.pad!);
      encoding.attentionMask.push(false);
      encoding.typeIds.push(0);
      encoding.specialTokensMask.push(true);
    }
  }

  /** Ids -> text. Unknown ids are an error (they usually mean the wrong tokenizer). */
  decode(ids: ArrayLike<number> | Tensor, options: DecodeOptions = {}): string {
    if (ids instanceof Tensor) {
      // One sequence: a 1-D int32 tensor reads as its ids. A (B, T) batch is several texts: decode row by row.
      if (ids.ndim !== 1 || ids.dtype !== "int32") {
        throw new QkvError(`decode: ids must be one sequence of token ids: number[] or a 1-D int32 Tensor, got a ${ids.dtype} Tensor of shape ${formatShape(ids.shape)}${ids.ndim === 2 ? " (a batch: decode each row, e.g. ids.toArray().map((row) => tokenizer.decode(row)))" : ""}`);
      }
      ids = ids.data;
    }
    if (!(Array.isArray(ids) || ids instanceof Int32Array || ids instanceof Uint32Array || ids instanceof Uint16Array || ids instanceof Uint8Array || ids instanceof Float64Array || ids instanceof Float32Array)) {
      throw new QkvError(`decode: ids must be token ids: number[] or a 1-D int32 Tensor, got ${describeValue(ids)}`);
    }
    const tokens: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (!Number.isInteger(id)) throw new QkvError(`decode: ids must be integers, got ${describeValue(id)} at position ${i}`);
      const t = this.model.vocab.token(id);
      if (t === undefined) throw new QkvError(`decode: id ${id} at position ${i} is outside the vocabulary (size ${this.vocabSize})`);
      if (options.skipSpecialTokens && this.specialSet.has(t)) continue;
      tokens.push(t);
    }
    return this.decoder.decode(tokens, (t) => this.specialSet.has(t));
  }

  /** Cuts text at literal special tokens: "a [SEP] b" -> "a ", [SEP], " b". */
  private splitOnSpecialTokens(text: string): { text: string; special: boolean }[] {
    if (this.specialsByLength.length === 0 || text.length === 0) return text.length > 0 ? [{ text, special: false }] : [];
    const out: { text: string; special: boolean }[] = [];
    let start = 0;
    let i = 0;
    while (i < text.length) {
      const hit = this.specialsByLength.find((s) => text.startsWith(s, i));
      if (hit === undefined) {
        i++;
        continue;
      }
      if (i > start) out.push({ text: text.slice(start, i), special: false });
      out.push({ text: hit, special: true });
      i += hit.length;
      start = i;
    }
    if (start < text.length) out.push({ text: text.slice(start), special: false });
    return out;
  }
}

/** Cuts a and b (in place) to `budget` tokens in total, always from the end of the longer one. */
function truncate(a: number[], b: number[] | null, budget: number): [number[], number[] | null] {
  let na = a.length;
  let nb = b?.length ?? 0;
  while (na + nb > budget) {
    if (b !== null && nb >= na) nb--;
    else na--;
  }
  return [a.slice(0, na), b === null ? null : b.slice(0, nb)];
}

function shorten(text: string): string {
  return text.length > 40 ? text.slice(0, 37) + "..." : text;
}
