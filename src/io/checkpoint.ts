/**
 * Checkpoints: a folder laid out as a Hugging Face model repository, so the same folder opens in
 * qkv and in `transformers`:
 *
 *   <dir>/config.json          the model's configuration (pretty-printed JSON)
 *   <dir>/model.safetensors    the state dict, with metadata { format: "pt" } (transformers checks it)
 *   <dir>/tokenizer.json       optional: the tokenizer, copied through as given
 *
 * or, for a large model, the weights split into shards as transformers writes them:
 *
 *   <dir>/model.safetensors.index.json        { "metadata": { "total_size": bytes }, "weight_map": { key: shard file } }
 *   <dir>/model-00001-of-00002.safetensors    ...
 *
 * A GPT or BERT is saved with the keys and config.json of the Hugging Face class it corresponds to
 * (toHuggingFace in src/models/hf-config.ts): GPT2LMHeadModel, BertForMaskedLM,
 * BertForSequenceClassification or BertModel, so transformers loads it without warnings.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { QkvError, Rng, Tensor } from "../tensor/index.js";
import {
  BERT, GPT, Transformer, modelFromConfig, toHuggingFace, architectureOf,
} from "../models/index.js";
import type { ModuleDType } from "../nn/index.js";
import { readSafetensors, writeSafetensors, type SafetensorsDType } from "./safetensors.js";

export const CONFIG_FILE = "config.json";
export const WEIGHTS_FILE = "model.safetensors";
export const WEIGHTS_INDEX_FILE = "model.safetensors.index.json";
export const TOKENIZER_FILE = "tokenizer.json";

type StateDict = Record<string, Tensor> | Map<string, Tensor>;

/** Anything with a state dict: a qkv Module, or a plain object of tensors. */
export interface HasStateDict {
  stateDict(): StateDict;
}

/** Anything that can take a state dict back: a qkv Module. */
export interface LoadsStateDict {
  loadStateDict(stateDict: Record<string, Tensor>): unknown;
}

export interface SaveCheckpointOptions {
  /** tokenizer.json: a path to copy, or an object (anything JSON.stringify accepts, e.g. with toJSON()). */
  tokenizer?: string | object;
  /** Extra string metadata stored in model.safetensors next to { format: "pt" }. */
  metadata?: Record<string, string>;
  /** Store these tensors with these dtypes, e.g. { "position_ids": "I64" } (see writeSafetensors). */
  dtypes?: Record<string, SafetensorsDType>;
  /**
   * Split the weights into shards of at most this many bytes of tensor data (a single tensor larger
   * than that gets a shard of its own), with model.safetensors.index.json, as transformers'
   * max_shard_size. Default: one model.safetensors.
   */
  maxShardSize?: number;
}

export interface Checkpoint {
  dir: string;
  config: Record<string, unknown>;
  stateDict: Record<string, Tensor>;
  /** model.safetensors' "__metadata__" (the first shard's, for a sharded checkpoint). */
  metadata: Record<string, string>;
  /** The dtype each tensor had in its file. */
  dtypes: Record<string, SafetensorsDType>;
  /** The weight files read, in order (one, or the shards). */
  files: string[];
  /** tokenizer.json parsed, or null when the folder has none. */
  tokenizer: unknown;
}

function isHasStateDict(x: unknown): x is HasStateDict {
  return typeof x === "object" && x !== null && typeof (x as { stateDict?: unknown }).stateDict === "function";
}

const SHARD_NAME = /^model-[0-9]{5}-of-[0-9]{5}\.safetensors$/;

/** Bytes of tensor data (what transformers' index calls total_size). */
function dataBytes(t: Tensor): number {
  return t.size * (t.dtype === "float64" ? 8 : t.dtype === "bool" ? 1 : 4);
}

/**
 * Writes <dir>/config.json, the weights (model.safetensors, or shards + index with maxShardSize) and
 * (if given) <dir>/tokenizer.json. `model` is a Module or a state dict. `config` is written as given,
 * with the model's stateDict() keys; for a GPT, BERT or Transformer it may be omitted: config.json and
 * the keys are then those of the matching Hugging Face class (see toHuggingFace: GPT2LMHeadModel,
 * BertForSequenceClassification without an MLM head, BertForMaskedLM without a pooler, BertModel), plus
 * "torch_dtype". Creates `dir` if needed; weight files of an earlier save in another layout are removed,
 * so the folder never holds two disagreeing copies.
 */
export function saveCheckpoint(
  dir: string,
  model: HasStateDict | StateDict,
  config?: object,
  options: SaveCheckpointOptions = {},
): void {
  let stateDict: StateDict;
  if (config === undefined) {
    if (!(model instanceof GPT || model instanceof BERT || model instanceof Transformer)) {
      throw new QkvError(`saveCheckpoint: ${dir}: give a config (it becomes config.json); only a GPT, BERT or Transformer can supply its own`);
    }
    const hf = toHuggingFace(model);
    config = { ...hf.config, torch_dtype: model.dtype };
    stateDict = hf.stateDict;
  } else {
    stateDict = isHasStateDict(model) ? model.stateDict() : model;
  }
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new QkvError(`saveCheckpoint: ${dir}: config must be an object (it becomes config.json)`);
  }
  const max = options.maxShardSize;
  if (max !== undefined && !(Number.isInteger(max) && max > 0)) {
    throw new QkvError(`saveCheckpoint: maxShardSize must be a positive integer number of bytes, got ${String(max)}`);
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, CONFIG_FILE), JSON.stringify(config, null, 2) + "\n");
  const metadata = { format: "pt", ...(options.metadata ?? {}) };
  const entries = stateDict instanceof Map ? [...stateDict.entries()] : Object.entries(stateDict);
  removeWeights(dir);
  if (max === undefined) {
    writeFileSync(join(dir, WEIGHTS_FILE), writeSafetensors(stateDict, metadata, { dtypes: options.dtypes }));
  } else {
    const shards: [string, Tensor][][] = [[]];
    let bytes = 0;
    for (const [k, t] of entries) {
      const b = dataBytes(t);
      if (shards[shards.length - 1].length > 0 && bytes + b > max) {
        shards.push([]);
        bytes = 0;
      }
      shards[shards.length - 1].push([k, t]);
      bytes += b;
    }
    const pad = (i: number) => String(i).padStart(5, "0");
    const weightMap: Record<string, string> = {};
    shards.forEach((shard, i) => {
      const name = `model-${pad(i + 1)}-of-${pad(shards.length)}.safetensors`;
      const dtypes = options.dtypes ? Object.fromEntries(shard.filter(([k]) => k in options.dtypes!).map(([k]) => [k, options.dtypes![k]])) : undefined;
      writeFileSync(join(dir, name), writeSafetensors(Object.fromEntries(shard), metadata, { dtypes }));
      for (const [k] of shard) weightMap[k] = name;
    });
    const totalSize = entries.reduce((n, [, t]) => n + dataBytes(t), 0);
    writeFileSync(join(dir, WEIGHTS_INDEX_FILE), JSON.stringify({ metadata: { total_size: totalSize }, weight_map: weightMap }, null, 2) + "\n");
  }
  if (options.tokenizer !== undefined) {
    const target = join(dir, TOKENIZER_FILE);
    if (typeof options.tokenizer === "string") {
      if (!existsSync(options.tokenizer)) throw new QkvError(`saveCheckpoint: tokenizer file ${options.tokenizer} does not exist`);
      copyFileSync(options.tokenizer, target);
    } else {
      writeFileSync(target, JSON.stringify(options.tokenizer, null, 2) + "\n");
    }
  }
}

/** Deletes model.safetensors, or an index and the shards it lists (before writing the other layout). */
function removeWeights(dir: string): void {
  const single = join(dir, WEIGHTS_FILE);
  if (existsSync(single)) rmSync(single);
  const index = join(dir, WEIGHTS_INDEX_FILE);
  if (!existsSync(index)) return;
  try {
    const map = (JSON.parse(readFileSync(index, "utf8")) as { weight_map?: Record<string, string> }).weight_map ?? {};
    for (const f of new Set(Object.values(map))) if (typeof f === "string" && SHARD_NAME.test(f) && existsSync(join(dir, f))) rmSync(join(dir, f));
  } catch {
    // an unreadable index is replaced below; its shards (if any) stay
  }
  rmSync(index);
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new QkvError(`loadCheckpoint: ${path} is not valid JSON (${(e as Error).message})`);
  }
}

/** Reads the shards an index lists, checking that the index and the shards agree key by key. */
function readSharded(dir: string): { tensors: Record<string, Tensor>; metadata: Record<string, string>; dtypes: Record<string, SafetensorsDType>; files: string[] } {
  const indexPath = join(dir, WEIGHTS_INDEX_FILE);
  const index = readJson(indexPath) as { weight_map?: unknown };
  const map = index && typeof index === "object" ? index.weight_map : undefined;
  if (!map || typeof map !== "object" || Array.isArray(map)) {
    throw new QkvError(`loadCheckpoint: ${indexPath}: needs a "weight_map" object { tensor name: shard file }`);
  }
  const weightMap = map as Record<string, unknown>;
  const files: string[] = [];
  for (const [key, file] of Object.entries(weightMap)) {
    if (typeof file !== "string" || file !== basename(file) || file.startsWith(".") || !file.endsWith(".safetensors")) {
      throw new QkvError(`loadCheckpoint: ${indexPath}: "${key}" maps to ${JSON.stringify(file)}, which is not a .safetensors file name in the folder`);
    }
    if (!files.includes(file)) files.push(file);
  }
  if (files.length === 0) throw new QkvError(`loadCheckpoint: ${indexPath}: "weight_map" lists no tensors`);
  files.sort(); // model-00001-of-0000n first (transformers sorts the index's keys, not its files)
  const tensors: Record<string, Tensor> = {};
  const dtypes: Record<string, SafetensorsDType> = {};
  let metadata: Record<string, string> = {};
  for (const file of files) {
    const path = join(dir, file);
    if (!existsSync(path)) throw new QkvError(`loadCheckpoint: ${indexPath} lists ${file}, but ${path} does not exist`);
    const shard = readSafetensors(path);
    if (file === files[0]) metadata = shard.metadata;
    for (const [key, t] of Object.entries(shard.tensors)) {
      if (weightMap[key] !== file) {
        throw new QkvError(`loadCheckpoint: ${path} holds "${key}", but ${WEIGHTS_INDEX_FILE} ${key in weightMap ? `puts it in ${weightMap[key]}` : "does not list it"}: the index and the shards disagree`);
      }
      Object.defineProperty(tensors, key, { value: t, enumerable: true, writable: true, configurable: true });
      dtypes[key] = shard.dtypes[key];
    }
  }
  for (const [key, file] of Object.entries(weightMap)) {
    if (!Object.prototype.hasOwnProperty.call(tensors, key)) throw new QkvError(`loadCheckpoint: ${WEIGHTS_INDEX_FILE} puts "${key}" in ${file as string}, but that shard does not hold it`);
  }
  return { tensors, metadata, dtypes, files: files.map((f) => join(dir, f)) };
}

/**
 * Reads a checkpoint folder: config.json and model.safetensors, or (when there is no
 * model.safetensors, as transformers looks for them) model.safetensors.index.json and its shards. With
 * `model`, also loads the weights into it via model.loadStateDict (strict: a missing, unexpected or
 * mis-shaped key is an error naming it).
 */
export function loadCheckpoint(dir: string, model?: LoadsStateDict): Checkpoint {
  const configPath = join(dir, CONFIG_FILE);
  const weightsPath = join(dir, WEIGHTS_FILE);
  const indexPath = join(dir, WEIGHTS_INDEX_FILE);
  if (!existsSync(configPath)) throw new QkvError(`loadCheckpoint: ${dir}: missing ${configPath} (a checkpoint folder holds ${CONFIG_FILE} and ${WEIGHTS_FILE})`);
  if (!existsSync(weightsPath) && !existsSync(indexPath)) {
    throw new QkvError(`loadCheckpoint: ${dir}: missing ${weightsPath} (a checkpoint folder holds ${CONFIG_FILE} and ${WEIGHTS_FILE}, or ${WEIGHTS_INDEX_FILE} and its shards)`);
  }
  const config = readJson(configPath);
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new QkvError(`loadCheckpoint: ${configPath} must hold a JSON object`);
  }
  const weights = existsSync(weightsPath) ? { ...readSafetensors(weightsPath), files: [weightsPath] } : readSharded(dir);
  const tokenizerPath = join(dir, TOKENIZER_FILE);
  const tokenizer = existsSync(tokenizerPath) ? readJson(tokenizerPath) : null;
  if (model !== undefined) model.loadStateDict(weights.tensors);
  return {
    dir, config: config as Record<string, unknown>, stateDict: weights.tensors, metadata: weights.metadata,
    dtypes: weights.dtypes, files: weights.files, tokenizer,
  };
}

export interface LoadModelOptions {
  /** The model's dtype; default float64 if any floating-point tensor in the checkpoint is F64, else float32. */
  dtype?: ModuleDType;
  /** A seeded Rng for the model's dropout layers, to fine-tune it with dropout > 0 (loading needs none). */
  rng?: Rng;
}

/**
 * config.json without "architectures" (hand-written, or by an older tool): the BERT class whose keys the
 * checkpoint holds.
 */
function withArchitecture(config: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  if (config.model_type !== "bert" || architectureOf(config) !== undefined) return config;
  const has = (prefix: string) => keys.some((k) => k.startsWith(prefix));
  if (has("cls.seq_relationship.")) return { ...config, architectures: ["BertForPreTraining"] };
  const arch = has("classifier.") ? "BertForSequenceClassification" : has("cls.predictions.") ? "BertForMaskedLM" : "BertModel";
  return { ...config, architectures: [arch] };
}

/**
 * Builds the model a checkpoint's config.json describes (model_type "gpt2", "bert" or "qkv-transformer";
 * "architectures" decides the parts, see modelFromConfig) and loads its weights strictly. No Rng is
 * needed. A checkpoint with float64 weights gives a float64 model (never rounded). Returns the model
 * (in eval mode) and the checkpoint.
 */
export function loadModel(dir: string, opts: LoadModelOptions = {}): { model: GPT | BERT | Transformer } & Checkpoint {
  const unknown = Object.keys(opts).filter((k) => k !== "dtype" && k !== "rng");
  if (unknown.length > 0) throw new QkvError(`loadModel: unknown option "${unknown[0]}" (known: dtype, rng)`);
  const checkpoint = loadCheckpoint(dir);
  const config = withArchitecture(checkpoint.config, Object.keys(checkpoint.stateDict));
  const model = modelFromConfig(config, opts.rng ?? null);
  const f64 = Object.entries(checkpoint.dtypes).some(([, d]) => d === "F64");
  model.to(opts.dtype ?? (f64 ? "float64" : "float32"));
  model.loadStateDict(checkpoint.stateDict);
  model.eval();
  return { model, ...checkpoint };
}
