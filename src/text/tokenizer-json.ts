/**
 * tokenizer.json: save and load a tokenizer in Hugging Face's format, so the files this course
 * writes for BPE and WordPiece also load in Hugging Face tokenizers (tested). The roles of the special
 * tokens (which one is the pad token, ...) live in Hugging Face's separate tokenizer_config.json; here
 * they ride along in the same file under the extra key "qkv_special_tokens", which Hugging Face ignores.
 * The character model ("CharLevel") is this course's own model type.
 */
import { writeFileSync } from "node:fs";
import { QkvError } from "../tensor/errors.js";
import { BpeModel, type Merge, splitMerge } from "./bpe.js";
import { CharModel } from "./char-model.js";
import { decoderFromJSON, type DecoderConfig } from "./decode.js";
import type { ModelConfig, TokenModel } from "./model.js";
import { normalizerFromJSON, type NormalizerConfig } from "./normalize.js";
import { postProcessorFromJSON, type PostProcessorConfig } from "./post-process.js";
import { preTokenizerFromJSON, type PreTokenizerConfig } from "./pre-tokenize.js";
import { SPECIAL_TOKEN_ROLES, type SpecialTokens, specialTokenList } from "./special-tokens.js";
import { Tokenizer } from "./tokenizer.js";
import { readText } from "./vocab-files.js";
import { Vocab } from "./vocab.js";
import { WordModel } from "./word-model.js";
import { WordPieceModel } from "./wordpiece.js";

export interface AddedTokenConfig {
  id: number;
  content: string;
  single_word: boolean;
  lstrip: boolean;
  rstrip: boolean;
  normalized: boolean;
  special: boolean;
}

export interface TokenizerJson {
  version: "1.0";
  truncation: null;
  padding: null;
  added_tokens: AddedTokenConfig[];
  normalizer: NormalizerConfig | null;
  pre_tokenizer: PreTokenizerConfig | null;
  post_processor: PostProcessorConfig | { type: "ByteLevel"; add_prefix_space: boolean; trim_offsets: boolean; use_regex: boolean } | null;
  decoder: DecoderConfig | null;
  model: ModelConfig;
  qkv_special_tokens: SpecialTokens;
}

export function tokenizerToJSON(tok: Tokenizer): TokenizerJson {
  const isByteLevel = tok.preTokenizer?.toJSON().type === "ByteLevel";
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: specialTokenList(tok.specialTokens).map((content) => ({
      id: tok.tokenToId(content)!,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: tok.normalizer?.toJSON() ?? null,
    pre_tokenizer: tok.preTokenizer?.toJSON() ?? null,
    post_processor: tok.postProcessor?.toJSON() ?? (isByteLevel ? { type: "ByteLevel", add_prefix_space: true, trim_offsets: false, use_regex: true } : null),
    decoder: tok.decoder.toJSON(),
    model: tok.model.toJSON(),
    qkv_special_tokens: { ...tok.specialTokens },
  };
}

function modelFromJSON(config: unknown, where: string): TokenModel {
  if (config === null || typeof config !== "object") throw new QkvError(`${where}: "model" must be an object, got ${config === null ? "null" : typeof config}`);
  const c = config as Record<string, unknown>;
  const vocab = Vocab.fromObject(c.vocab, `${where}: model.vocab`);
  const unk = typeof c.unk_token === "string" ? c.unk_token : null;
  switch (c.type) {
    case "CharLevel":
      return new CharModel(vocab, unk);
    case "WordLevel":
      return new WordModel(vocab, unk);
    case "WordPiece":
      return new WordPieceModel(
        vocab,
        unk ?? "[UNK]",
        typeof c.continuing_subword_prefix === "string" ? c.continuing_subword_prefix : "##",
        typeof c.max_input_chars_per_word === "number" ? c.max_input_chars_per_word : 100,
      );
    case "BPE": {
      if (!Array.isArray(c.merges)) throw new QkvError(`${where}: model.merges must be a list of merges, got ${typeof c.merges}`);
      const merges = c.merges.map((m, i) => parseMerge(m, `${where}: model.merges[${i}]`));
      for (const key of ["end_of_word_suffix", "continuing_subword_prefix", "dropout"]) {
        if (c[key] !== null && c[key] !== undefined && c[key] !== "") throw new QkvError(`${where}: BPE option ${key}=${JSON.stringify(c[key])} is not supported`);
      }
      return new BpeModel(vocab, merges, unk, `${where}: model`);
    }
    default:
      throw new QkvError(`${where}: unsupported model type ${JSON.stringify(c.type)} (supported: CharLevel, WordLevel, WordPiece, BPE)`);
  }
}

/** A merge is ["a", "b"] (new format) or "a b" (old format, as in vocab.bpe). */
function parseMerge(m: unknown, where: string): Merge {
  if (typeof m === "string") {
    const merge = splitMerge(m);
    if (merge === null) throw new QkvError(`${where}: merge ${JSON.stringify(m)} must be two tokens separated by one space`);
    return merge;
  }
  if (Array.isArray(m) && m.length === 2 && typeof m[0] === "string" && typeof m[1] === "string" && m[0] !== "" && m[1] !== "") return [m[0], m[1]];
  throw new QkvError(`${where}: merge ${JSON.stringify(m)} must be ["a", "b"] or "a b"`);
}

/** Rebuilds a tokenizer from a parsed tokenizer.json; `where` (usually the file path) starts every error. */
export function tokenizerFromJSON(json: unknown, where = "tokenizer.json"): Tokenizer {
  if (json === null || typeof json !== "object" || Array.isArray(json)) throw new QkvError(`${where}: expected a JSON object at the top level`);
  const j = json as Record<string, unknown>;
  if (!("model" in j)) throw new QkvError(`${where}: missing "model"`);
  const model = modelFromJSON(j.model, where);
  const added = j.added_tokens ?? [];
  if (!Array.isArray(added)) throw new QkvError(`${where}: "added_tokens" must be a list`);
  const specialContents: string[] = [];
  added.forEach((a: unknown, i) => {
    const t = a as Partial<AddedTokenConfig> | null;
    if (!t || typeof t.content !== "string" || typeof t.id !== "number") throw new QkvError(`${where}: added_tokens[${i}] needs "content" (string) and "id" (number)`);
    const id = model.vocab.id(t.content);
    if (id !== t.id) {
      throw new QkvError(`${where}: added token ${JSON.stringify(t.content)} has id ${t.id} but the model vocabulary gives ${id === undefined ? "no id" : `id ${id}`}`);
    }
    if (t.special !== false) specialContents.push(t.content);
  });
  let specialTokens: SpecialTokens = {};
  if (j.qkv_special_tokens !== undefined) {
    const roles = j.qkv_special_tokens as Record<string, unknown>;
    for (const [role, token] of Object.entries(roles ?? {})) {
      if (!(SPECIAL_TOKEN_ROLES as string[]).includes(role) || typeof token !== "string") {
        throw new QkvError(`${where}: qkv_special_tokens.${role} = ${JSON.stringify(token)}: roles are ${SPECIAL_TOKEN_ROLES.join(", ")} and values token strings`);
      }
      specialTokens[role as keyof SpecialTokens] = token;
    }
  } else {
    specialTokens = guessRoles(specialContents);
  }
  return new Tokenizer({
    normalizer: normalizerFromJSON(j.normalizer, where),
    preTokenizer: preTokenizerFromJSON(j.pre_tokenizer, where),
    model,
    postProcessor: postProcessorFromJSON(j.post_processor, where),
    decoder: decoderFromJSON(j.decoder, where),
    specialTokens,
  });
}

/** Files written by Hugging Face carry no roles: recognise the usual names. */
function guessRoles(specials: string[]): SpecialTokens {
  const roles: SpecialTokens = {};
  const known: Record<string, (keyof SpecialTokens)[]> = {
    "[PAD]": ["pad"], "<pad>": ["pad"], "[UNK]": ["unk"], "<unk>": ["unk"], "[CLS]": ["cls"], "[SEP]": ["sep"],
    "[MASK]": ["mask"], "<mask>": ["mask"], "[BOS]": ["bos"], "<s>": ["bos"], "[EOS]": ["eos"], "</s>": ["eos"],
    "<|endoftext|>": ["bos", "eos", "pad"],
  };
  for (const s of specials) for (const role of known[s] ?? []) roles[role] ??= s;
  return roles;
}

export function saveTokenizer(tok: Tokenizer, path: string): void {
  writeFileSync(path, JSON.stringify(tokenizerToJSON(tok)) + "\n");
}

export function loadTokenizer(path: string): Tokenizer {
  const text = readText(path, "loadTokenizer");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new QkvError(`loadTokenizer: ${path} is not valid JSON: ${(e as Error).message}`);
  }
  return tokenizerFromJSON(json, path);
}
