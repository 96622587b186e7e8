/**
 * Checkpoints: a folder laid out as a Hugging Face model repository, so the same folder opens in
 * qkv and in `transformers`:
 *
 *   <dir>/config.json          the model's configuration (pretty-printed JSON)
 *   <dir>/model.safetensors    the state dict, with metadata { format: "pt" } (transformers checks it)
 *   <dir>/tokenizer.json       optional: the tokenizer, copied through as given
 *
 * The parameter names are the model's stateDict() names, which follow PyTorch / Hugging Face.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { QkvError, Rng, Tensor } from "../tensor/index.js";
import { BERT, GPT, Transformer, configToJSON, modelFromConfig } from "../models/index.js";
import { readSafetensors, writeSafetensors, type SafetensorsDType } from "./safetensors.js";

export const CONFIG_FILE = "config.json";
export const WEIGHTS_FILE = "model.safetensors";
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
}

export interface Checkpoint {
  dir: string;
  config: Record<string, unknown>;
  stateDict: Record<string, Tensor>;
  /** model.safetensors' "__metadata__". */
  metadata: Record<string, string>;
  /** tokenizer.json parsed, or null when the folder has none. */
  tokenizer: unknown;
}

function isHasStateDict(x: unknown): x is HasStateDict {
  return typeof x === "object" && x !== null && typeof (x as { stateDict?: unknown }).stateDict === "function";
}

/**
 * Writes <dir>/config.json, <dir>/model.safetensors and (if given) <dir>/tokenizer.json.
 * `model` is a Module (its stateDict() is saved) or a state dict itself. `config` is written as given;
 * for a GPT, BERT or Transformer it may be omitted and is then the model's Hugging Face-style config
 * (configToJSON), which loadModel() reads back. Creates `dir` if needed.
 */
export function saveCheckpoint(
  dir: string,
  model: HasStateDict | StateDict,
  config?: object,
  options: SaveCheckpointOptions = {},
): void {
  if (config === undefined) {
    if (!(model instanceof GPT || model instanceof BERT || model instanceof Transformer)) {
      throw new QkvError(`saveCheckpoint: ${dir}: give a config (it becomes config.json); only a GPT, BERT or Transformer can supply its own`);
    }
    config = configToJSON(model);
  }
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new QkvError(`saveCheckpoint: ${dir}: config must be an object (it becomes config.json)`);
  }
  const stateDict = isHasStateDict(model) ? model.stateDict() : model;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, CONFIG_FILE), JSON.stringify(config, null, 2) + "\n");
  const metadata = { format: "pt", ...(options.metadata ?? {}) };
  writeFileSync(join(dir, WEIGHTS_FILE), writeSafetensors(stateDict, metadata, { dtypes: options.dtypes }));
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

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new QkvError(`loadCheckpoint: ${path} is not valid JSON (${(e as Error).message})`);
  }
}

/**
 * Reads a checkpoint folder. With `model`, also loads the weights into it via model.loadStateDict
 * (strict: a missing, unexpected or mis-shaped key is an error naming it).
 */
export function loadCheckpoint(dir: string, model?: LoadsStateDict): Checkpoint {
  const configPath = join(dir, CONFIG_FILE);
  const weightsPath = join(dir, WEIGHTS_FILE);
  for (const p of [configPath, weightsPath]) {
    if (!existsSync(p)) throw new QkvError(`loadCheckpoint: ${dir}: missing ${p} (a checkpoint folder holds ${CONFIG_FILE} and ${WEIGHTS_FILE})`);
  }
  const config = readJson(configPath);
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new QkvError(`loadCheckpoint: ${configPath} must hold a JSON object`);
  }
  const { tensors, metadata } = readSafetensors(weightsPath);
  const tokenizerPath = join(dir, TOKENIZER_FILE);
  const tokenizer = existsSync(tokenizerPath) ? readJson(tokenizerPath) : null;
  if (model !== undefined) model.loadStateDict(tensors);
  return { dir, config: config as Record<string, unknown>, stateDict: tensors, metadata, tokenizer };
}

/**
 * Builds the model a checkpoint's config.json describes (model_type "gpt2", "bert" or "qkv-transformer",
 * see modelFromConfig) and loads its weights (strictly). Returns the model (in eval mode) and the checkpoint.
 */
export function loadModel(dir: string): { model: GPT | BERT | Transformer } & Checkpoint {
  const checkpoint = loadCheckpoint(dir);
  // The initial values are overwritten by the checkpoint; the seed only makes construction deterministic.
  const model = modelFromConfig(checkpoint.config, new Rng(0));
  model.loadStateDict(checkpoint.stateDict);
  model.eval();
  return { model, ...checkpoint };
}
