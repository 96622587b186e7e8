/**
 * The local model zoo: pretrained models that ship with the course in models/<name>/, laid out like a
 * Hugging Face Hub repository, and the three calls a lesson needs:
 *
 *   fromPretrained("gpt-moby-char")   -> { model, tokenizer, config }   (a zoo name, or a folder path)
 *   savePretrained(dir, { model, tokenizer, card })                     (writes the same layout)
 *   listPretrained()                  -> one entry per zoo model (name, architecture, parameters, what it is)
 *
 * A model folder holds
 *
 *   config.json                Hugging Face field names (saveCheckpoint / loadModel, checkpoint.ts)
 *   model.safetensors          the weights, Hugging Face parameter names
 *   tokenizer.json             the Hugging Face tokenizers format (src/text/tokenizer-json.ts)
 *   target_tokenizer.json      encoder-decoder models only: the target side's tokenizer (as Marian's
 *                              separate source / target vocabularies)
 *   README.md                  the model card: YAML front matter (licence, summary, an example input),
 *                              prose, and a "## Files" table with the size and sha256 of every other file
 *
 * Loading checks what a damaged or mismatched folder would otherwise hide: each file's sha256 against the
 * card, the tokenizer's vocabulary size against config.json, and (through loadModel) valid JSON, a
 * well-formed safetensors file and every weight's shape. Each error names the file and what is wrong.
 * verifyPretrained (zoo-verify.ts) runs those checks plus a forward pass on every model of the zoo.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { QkvError, type Rng } from "../tensor/index.js";
import { BERT, GPT, Transformer } from "../models/index.js";
import type { ModuleDType } from "../nn/index.js";
import { Tokenizer, loadTokenizer, tokenizerToJSON } from "../text/index.js";
import { CONFIG_FILE, TOKENIZER_FILE, WEIGHTS_FILE, WEIGHTS_INDEX_FILE, loadModel, saveCheckpoint } from "./checkpoint.js";
import { readSafetensorsHeader } from "./safetensors.js";

/** models/ of this checkout: the zoo. */
export const ZOO_DIR = fileURLToPath(new URL("../../models/", import.meta.url));
/** The model card. */
export const CARD_FILE = "README.md";
/** The target side's tokenizer of an encoder-decoder model. */
export const TARGET_TOKENIZER_FILE = "target_tokenizer.json";

export type PretrainedModel = GPT | BERT | Transformer;

export interface Pretrained {
  model: PretrainedModel;
  /** The tokenizer of the model's input (the source side of an encoder-decoder). */
  tokenizer: Tokenizer;
  /** config.json as written (Hugging Face field names: vocab_size, n_embd, hidden_size, ...). */
  config: Record<string, unknown>;
  /** The target side's tokenizer of an encoder-decoder model; null for GPT and BERT. */
  targetTokenizer: Tokenizer | null;
  /** The model card, parsed; null when the folder has no README.md. */
  card: ParsedCard | null;
  /** The folder it was loaded from. */
  dir: string;
}

export interface FromPretrainedOptions {
  /** The zoo to look names up in (default: models/ of this checkout). */
  zooDir?: string;
  /** The model's dtype (default: the weights' dtype). */
  dtype?: ModuleDType;
  /** A seeded Rng, to fine-tune with dropout > 0 (loading needs none). */
  rng?: Rng;
}

/** What savePretrained writes into README.md. */
export interface ModelCard {
  /** One line: what the model is (listPretrained shows it). */
  summary: string;
  /** The licence of the weights (e.g. "MIT", "CC-BY-4.0"). */
  license: string;
  /** A real input for a smoke test (verify runs the model on it); a default per architecture if omitted. */
  example?: string;
  /** Hub-style tags. */
  tags?: string[];
  /** The card's body: markdown sections (data, training, metrics, intended use, limitations, ...). */
  body: string;
}

export interface CardFile {
  file: string;
  bytes: number;
  sha256: string;
}

export interface ParsedCard {
  /** The front matter's fields (strings, or lists of strings). */
  meta: Record<string, string | string[]>;
  summary: string | null;
  example: string | null;
  /** The "## Files" table; empty when the card has none. */
  files: CardFile[];
  text: string;
}

export interface PretrainedEntry {
  name: string;
  dir: string;
  /** config.json's architectures[0] (e.g. "GPT2LMHeadModel"), else its model_type. */
  architecture: string;
  /** Number of stored parameters (tied weights once), read from the safetensors header. */
  parameters: number;
  /** The card's summary, or "(no model card)". */
  summary: string;
  /** Bytes of all the folder's files. */
  bytes: number;
  /** name, architecture, parameters, summary on one line. */
  line: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function sha256Of(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The names of the zoo's models: top-level folders of zooDir that hold a config.json, sorted. */
export function zooNames(zooDir = ZOO_DIR): string[] {
  if (!isDir(zooDir)) return [];
  return readdirSync(zooDir)
    .filter((n) => !n.startsWith(".") && isDir(join(zooDir, n)) && existsSync(join(zooDir, n, CONFIG_FILE)))
    .sort();
}

function available(zooDir: string): string {
  const names = zooNames(zooDir);
  return names.length === 0 ? `the zoo (${zooDir}) holds no model yet` : `available: ${names.join(", ")}`;
}

/** A zoo name -> its folder; a path (anything with a slash, or starting with ".") -> itself. */
export function resolvePretrained(nameOrPath: string, zooDir = ZOO_DIR, who = "fromPretrained"): string {
  if (typeof nameOrPath !== "string" || nameOrPath.length === 0) {
    throw new QkvError(`${who}: expected a zoo model name or a folder path, got ${JSON.stringify(nameOrPath)} (${available(zooDir)})`);
  }
  const isPath = /[\\/]/.test(nameOrPath) || nameOrPath.startsWith(".");
  if (isPath) {
    const dir = resolve(nameOrPath);
    if (!isDir(dir)) throw new QkvError(`${who}: ${dir} is not a folder (a pretrained model is a folder with ${CONFIG_FILE}, ${WEIGHTS_FILE}, ${TOKENIZER_FILE})`);
    return dir;
  }
  if (!NAME.test(nameOrPath) || !zooNames(zooDir).includes(nameOrPath)) {
    throw new QkvError(`${who}: no model named ${JSON.stringify(nameOrPath)} in the zoo; ${available(zooDir)}`);
  }
  return join(zooDir, nameOrPath);
}

// ---------------------------------------------------------------------------------------------
// The model card

/** Minimal YAML for the front matter: `key: value` (a JSON string or a bare word) and `- item` lists. */
function parseFrontMatter(lines: string[], path: string): Record<string, string | string[]> {
  const meta: Record<string, string | string[]> = {};
  let listKey: string | null = null;
  for (const line of lines) {
    if (line.trim() === "") continue;
    const item = /^\s+-\s+(.*)$/.exec(line);
    if (item && listKey !== null) {
      (meta[listKey] as string[]).push(scalar(item[1], path));
      continue;
    }
    const kv = /^([A-Za-z_][A-Za-z0-9_]*):\s*(.*)$/.exec(line);
    if (!kv) throw new QkvError(`model card ${path}: front matter line ${JSON.stringify(line)} is not "key: value"`);
    if (kv[2] === "") {
      meta[kv[1]] = [];
      listKey = kv[1];
    } else {
      meta[kv[1]] = scalar(kv[2], path);
      listKey = null;
    }
  }
  return meta;
}

function scalar(text: string, path: string): string {
  const t = text.trim();
  if (!t.startsWith('"')) return t;
  try {
    return String(JSON.parse(t));
  } catch {
    throw new QkvError(`model card ${path}: front matter value ${t} is not a valid quoted string`);
  }
}

/** Reads a model card: front matter, and the "## Files" table (file, bytes, sha256). */
export function parseCard(text: string, path = CARD_FILE): ParsedCard {
  const lines = text.split("\n");
  let meta: Record<string, string | string[]> = {};
  if (lines[0] === "---") {
    const end = lines.indexOf("---", 1);
    if (end < 0) throw new QkvError(`model card ${path}: the front matter opened by "---" on line 1 is never closed`);
    meta = parseFrontMatter(lines.slice(1, end), path);
  }
  const files: CardFile[] = [];
  const start = lines.findIndex((l) => /^##\s+Files\s*$/.test(l));
  if (start >= 0) {
    for (const line of lines.slice(start + 1)) {
      if (/^##\s/.test(line)) break;
      const row = /^\|\s*`?([^|`]+?)`?\s*\|\s*([0-9,]+)\s*\|\s*`?([0-9a-f]{64})`?\s*\|\s*$/.exec(line);
      if (row) files.push({ file: row[1], bytes: Number(row[2].replace(/,/g, "")), sha256: row[3] });
    }
  }
  const str = (k: string) => (typeof meta[k] === "string" ? (meta[k] as string) : null);
  return { meta, summary: str("qkv_summary"), example: str("qkv_example"), files, text };
}

function readCard(dir: string): ParsedCard | null {
  const path = join(dir, CARD_FILE);
  return existsSync(path) ? parseCard(readFileSync(path, "utf8"), path) : null;
}

/** Checks every file the card lists: present, same size, same sha256. Returns the problems (empty = all match). */
export function checkCardFiles(dir: string, card: ParsedCard): string[] {
  const problems: string[] = [];
  for (const f of card.files) {
    const path = join(dir, f.file);
    if (f.file !== basename(f.file) || !existsSync(path)) {
      problems.push(`${path}: listed in ${CARD_FILE} but missing`);
      continue;
    }
    const bytes = statSync(path).size;
    if (bytes !== f.bytes) {
      problems.push(`${path}: ${bytes} bytes, but ${CARD_FILE} says ${f.bytes} (the file is damaged, truncated or was rebuilt without updating the card)`);
      continue;
    }
    const sha = sha256Of(path);
    if (sha !== f.sha256) problems.push(`${path}: sha256 ${sha} differs from ${CARD_FILE}'s ${f.sha256} (the file changed after the card was written)`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Loading

/** The vocabulary sizes config.json expects of tokenizer.json (and target_tokenizer.json). */
function expectedVocab(config: Record<string, unknown>): { source: [string, unknown]; target: [string, unknown] | null } {
  if (config.model_type === "qkv-transformer") return { source: ["src_vocab_size", config.src_vocab_size], target: ["tgt_vocab_size", config.tgt_vocab_size] };
  return { source: ["vocab_size", config.vocab_size], target: null };
}

function loadCheckedTokenizer(dir: string, file: string, field: [string, unknown], who: string): Tokenizer {
  const path = join(dir, file);
  if (!existsSync(path)) throw new QkvError(`${who}: ${dir}: missing ${path} (a pretrained model folder holds ${CONFIG_FILE}, ${WEIGHTS_FILE} and ${TOKENIZER_FILE})`);
  let tokenizer: Tokenizer;
  try {
    tokenizer = loadTokenizer(path);
  } catch (e) {
    throw new QkvError(`${who}: ${path}: ${(e as Error).message}`);
  }
  if (tokenizer.vocabSize !== field[1]) {
    throw new QkvError(`${who}: ${path} has ${tokenizer.vocabSize} tokens, but ${join(dir, CONFIG_FILE)} says ${field[0]} = ${JSON.stringify(field[1])}: the tokenizer and the model do not belong together`);
  }
  return tokenizer;
}

/**
 * Loads a pretrained model: a zoo name ("gpt-moby-char"; listPretrained() shows them) or a folder path
 * ("./my-model"). Returns { model, tokenizer, config, targetTokenizer, card, dir }, the model in eval mode,
 * ready for `model.forward(ids)`. Errors name the file and what is wrong: an unknown name (listing the
 * zoo), a file whose sha256 differs from the card's, invalid JSON, a damaged safetensors file, a weight
 * whose shape does not match config.json, a tokenizer whose vocabulary size differs from config.json's.
 */
export function fromPretrained(nameOrPath: string, options: FromPretrainedOptions = {}): Pretrained {
  const who = "fromPretrained";
  if (typeof options !== "object" || options === null) throw new QkvError(`${who}: options must be an object, got ${String(options)}`);
  const unknown = Object.keys(options).filter((k) => !["zooDir", "dtype", "rng"].includes(k));
  if (unknown.length > 0) throw new QkvError(`${who}: unknown option "${unknown[0]}" (known: zooDir, dtype, rng)`);
  const dir = resolvePretrained(nameOrPath, options.zooDir ?? ZOO_DIR, who);
  const card = readCard(dir);
  if (card) {
    const problems = checkCardFiles(dir, card);
    if (problems.length > 0) throw new QkvError(`${who}: ${problems.join("; ")}`);
  }
  let loaded: ReturnType<typeof loadModel>;
  try {
    loaded = loadModel(dir, { ...(options.dtype ? { dtype: options.dtype } : {}), ...(options.rng ? { rng: options.rng } : {}) });
  } catch (e) {
    const message = (e as Error).message;
    // loadStateDict names the key and the shapes; add the file it came from.
    const where = message.includes(dir) ? "" : `${existsSync(join(dir, WEIGHTS_FILE)) ? join(dir, WEIGHTS_FILE) : join(dir, WEIGHTS_INDEX_FILE)} against ${join(dir, CONFIG_FILE)}: `;
    throw new QkvError(`${who}: ${where}${message}`);
  }
  const vocab = expectedVocab(loaded.config);
  const tokenizer = loadCheckedTokenizer(dir, TOKENIZER_FILE, vocab.source, who);
  const targetTokenizer = vocab.target ? loadCheckedTokenizer(dir, TARGET_TOKENIZER_FILE, vocab.target, who) : null;
  return { model: loaded.model, tokenizer, config: loaded.config, targetTokenizer, card, dir };
}

// ---------------------------------------------------------------------------------------------
// Saving

export interface SavePretrainedContents {
  model: PretrainedModel;
  tokenizer: Tokenizer;
  /** Encoder-decoder models: the target side's tokenizer (written as target_tokenizer.json). */
  targetTokenizer?: Tokenizer;
  /** Written as README.md, with the "## Files" table (size and sha256 of every file) added. */
  card?: ModelCard;
}

function vocabOf(model: PretrainedModel): { source: number; target: number | null } {
  if (model instanceof Transformer) return { source: model.config.srcVocabSize, target: model.config.tgtVocabSize };
  return { source: model.config.vocabSize, target: null };
}

function yamlString(s: string): string {
  return JSON.stringify(s);
}

/** The README.md savePretrained writes: front matter, title, summary, body, the files table. */
export function renderCard(name: string, card: ModelCard, files: CardFile[]): string {
  const front = ["---", `license: ${yamlString(card.license)}`, "library_name: qkv"];
  if (card.tags && card.tags.length > 0) front.push("tags:", ...card.tags.map((t) => `  - ${yamlString(t)}`));
  front.push(`qkv_summary: ${yamlString(card.summary)}`);
  if (card.example !== undefined) front.push(`qkv_example: ${yamlString(card.example)}`);
  front.push("---");
  const table = ["## Files", "", "| file | bytes | sha256 |", "| --- | ---: | --- |", ...files.map((f) => `| ${f.file} | ${f.bytes} | ${f.sha256} |`)];
  return [...front, "", `# ${name}`, "", card.summary, "", card.body.trim(), "", ...table, ""].join("\n");
}

/**
 * Writes a pretrained model folder: config.json + model.safetensors (saveCheckpoint: the Hugging Face
 * class's keys and config), tokenizer.json (and target_tokenizer.json for an encoder-decoder), and, with
 * a card, README.md whose "## Files" table gives the size and sha256 of each of those files. The
 * tokenizer's vocabulary must have the model's size. Returns the files table.
 */
export function savePretrained(dir: string, contents: SavePretrainedContents): CardFile[] {
  const who = "savePretrained";
  if (typeof dir !== "string" || dir.length === 0) throw new QkvError(`${who}: dir must be a folder path, got ${JSON.stringify(dir)}`);
  if (typeof contents !== "object" || contents === null) throw new QkvError(`${who}: expected { model, tokenizer, card? }, got ${String(contents)}`);
  const unknown = Object.keys(contents).filter((k) => !["model", "tokenizer", "targetTokenizer", "card"].includes(k));
  if (unknown.length > 0) throw new QkvError(`${who}: unknown field "${unknown[0]}" (known: model, tokenizer, targetTokenizer, card)`);
  const { model, tokenizer, targetTokenizer, card } = contents;
  if (!(model instanceof GPT || model instanceof BERT || model instanceof Transformer)) {
    throw new QkvError(`${who}: model must be a GPT, BERT or Transformer, got ${model === null ? "null" : typeof model === "object" ? (model as object).constructor.name : typeof model}`);
  }
  if (!(tokenizer instanceof Tokenizer)) throw new QkvError(`${who}: tokenizer must be a Tokenizer (it becomes ${TOKENIZER_FILE})`);
  const vocab = vocabOf(model);
  const side = model instanceof Transformer ? "srcVocabSize" : "vocabSize";
  if (tokenizer.vocabSize !== vocab.source) {
    throw new QkvError(`${who}: the tokenizer has ${tokenizer.vocabSize} tokens but the model's ${side} is ${vocab.source}`);
  }
  if (vocab.target !== null) {
    if (!(targetTokenizer instanceof Tokenizer)) throw new QkvError(`${who}: an encoder-decoder Transformer needs targetTokenizer (it becomes ${TARGET_TOKENIZER_FILE})`);
    if (targetTokenizer.vocabSize !== vocab.target) {
      throw new QkvError(`${who}: the target tokenizer has ${targetTokenizer.vocabSize} tokens but the model's tgtVocabSize is ${vocab.target}`);
    }
  } else if (targetTokenizer !== undefined) {
    throw new QkvError(`${who}: targetTokenizer is for encoder-decoder Transformers only; a ${model.constructor.name} has one vocabulary`);
  }
  if (card !== undefined) {
    for (const key of ["summary", "license", "body"] as const) {
      if (typeof card[key] !== "string" || card[key].trim() === "") throw new QkvError(`${who}: card.${key} must be a non-empty string`);
    }
    if (/\n/.test(card.summary)) throw new QkvError(`${who}: card.summary must be one line (listPretrained shows it)`);
  }
  saveCheckpoint(dir, model, undefined, { tokenizer: tokenizerToJSON(tokenizer) });
  const written = [CONFIG_FILE, WEIGHTS_FILE, TOKENIZER_FILE];
  const targetPath = join(dir, TARGET_TOKENIZER_FILE);
  if (targetTokenizer) {
    writeFileSync(targetPath, JSON.stringify(tokenizerToJSON(targetTokenizer), null, 2) + "\n");
    written.push(TARGET_TOKENIZER_FILE);
  }
  const files = written.map((file) => {
    const path = join(dir, file);
    return { file, bytes: statSync(path).size, sha256: sha256Of(path) };
  });
  if (card) writeFileSync(join(dir, CARD_FILE), renderCard(basename(resolve(dir)), card, files));
  return files;
}

// ---------------------------------------------------------------------------------------------
// Listing

function parameterCount(dir: string): number {
  const single = join(dir, WEIGHTS_FILE);
  const files: string[] = [];
  if (existsSync(single)) files.push(single);
  else if (existsSync(join(dir, WEIGHTS_INDEX_FILE))) {
    const index = JSON.parse(readFileSync(join(dir, WEIGHTS_INDEX_FILE), "utf8")) as { weight_map?: Record<string, string> };
    for (const f of new Set(Object.values(index.weight_map ?? {}))) files.push(join(dir, f));
  }
  let n = 0;
  for (const f of files) for (const e of readSafetensorsHeader(f).entries) n += e.shape.reduce((a, b) => a * b, 1);
  return n;
}

/** "1,234,567". */
export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/**
 * The zoo's models, one entry each (name, architecture, parameters, what it is, and `line`, all of that
 * on one line), sorted by name. Reads only config.json, the safetensors headers and the cards.
 */
export function listPretrained(options: { zooDir?: string } = {}): PretrainedEntry[] {
  const zooDir = options.zooDir ?? ZOO_DIR;
  return zooNames(zooDir).map((name) => {
    const dir = join(zooDir, name);
    let architecture = "?";
    let parameters = 0;
    let summary = "(no model card)";
    try {
      const config = JSON.parse(readFileSync(join(dir, CONFIG_FILE), "utf8")) as { architectures?: string[]; model_type?: string };
      architecture = config.architectures?.[0] ?? config.model_type ?? "?";
      parameters = parameterCount(dir);
      summary = readCard(dir)?.summary ?? summary;
    } catch (e) {
      summary = `(damaged: ${(e as Error).message})`;
    }
    const bytes = readdirSync(dir).reduce((n, f) => n + (isDir(join(dir, f)) ? 0 : statSync(join(dir, f)).size), 0);
    const line = `${name.padEnd(22)} ${architecture.padEnd(30)} ${formatCount(parameters).padStart(11)} params  ${summary}`;
    return { name, dir, architecture, parameters, summary, bytes, line };
  });
}
