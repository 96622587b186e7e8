/**
 * Autoregressive generation: feed the sequence, pick the next token from the last position's logits,
 * append it, repeat.
 *
 * Works with any model whose forward(ids (B, T) int32) returns logits (B, T, V). A model that also has
 * newCache() (GPT) is run with its KV cache: the prompt is fed once, then one new token per step, and
 * each step reuses the keys and values of everything before it. Both paths give the same tokens.
 *
 * An encoder-decoder model fits the same mould through a small adapter that holds the encoded
 * source:   const memory = model.encode(src);
 *           generate({ forward: (tgt) => model.generator.forward(model.decode(tgt, memory)) }, [bos], ...)
 */
import { QkvError, Tensor, noGrad, tensor } from "../tensor/index.js";
import { formatShape, describeValue } from "../tensor/errors.js";
import { checkSamplingOptions, pickToken, type SamplingOptions } from "./sampling.js";

/** What generate() needs from a model. */
export interface LanguageModel {
  forward(ids: Tensor, options?: { cache?: unknown }): Tensor;
  /** A fresh KV cache for forward(ids, { cache }); present on GPT. */
  newCache?(): unknown;
  /** Read for the context length: nPositions (GPT) or maxLen (Transformer). */
  config?: { nPositions?: number; maxLen?: number };
  training?: boolean;
  train?(mode?: boolean): unknown;
  eval?(): unknown;
}

export interface GenerateOptions extends SamplingOptions {
  /** How many tokens to add (at most: a stop token ends a sequence earlier). */
  maxNewTokens: number;
  /** A sequence ends after producing this token (it is kept in the output). */
  stopToken?: number;
  /** Use the model's KV cache (default: when the model has newCache()). */
  useCache?: boolean;
  /**
   * The most positions the model reads. Without the cache, longer sequences are cut to their last
   * contextLength tokens (a sliding window); with it, exceeding the length is an error.
   * Default: model.config.nPositions or model.config.maxLen; unlimited if neither exists.
   */
  contextLength?: number;
  /** Called after each step with the new token of every row (in batch order). */
  onToken?: (tokens: number[], step: number) => void;
}

/** The option if given, else the model's nPositions (GPT) or maxLen (Transformer), else unlimited. */
export function contextLengthOf(model: LanguageModel, contextLength?: number): number {
  return contextLength ?? model.config?.nPositions ?? model.config?.maxLen ?? Infinity;
}

/** Throws unless every id is an integer >= 0 (a fractional id would be truncated silently by the model's int32 input). */
export function checkTokenIds(op: string, ids: readonly unknown[], name: string): void {
  if (!Array.isArray(ids)) throw new QkvError(`${op}: ${name} must be an array of token ids, got ${describeValue(ids)}`);
  ids.forEach((id, i) => {
    if (!(Number.isInteger(id) && (id as number) >= 0)) throw new QkvError(`${op}: ${name} must hold integer token ids >= 0, got ${describeValue(id)} at position ${i}`);
  });
}

/** Runs `fn` with the model in eval mode (dropout off) and no autograd, then restores training mode if it was on. */
export function inference<T>(model: LanguageModel, fn: () => T): T {
  const wasTraining = model.training === true;
  model.eval?.(); // decoding reads the model, it does not train it
  try {
    return noGrad(fn);
  } finally {
    if (wasTraining) model.train?.(true);
  }
}

/**
 * Runs the model on B rows of T ids and returns each row's logits at the last position (a view of V values
 * per row): what the next token is chosen from. Checks that the model returned logits (B, T, V).
 */
export function lastPositionLogits(model: LanguageModel, rows: number[][], op: string, cache?: unknown): ArrayLike<number>[] {
  const batch = rows.length;
  const t = rows[0].length;
  const ids = tensor(Int32Array.from(rows.flat()), { shape: [batch, t], dtype: "int32" });
  const logits = cache === undefined ? model.forward(ids) : model.forward(ids, { cache });
  const [lb, lt, v] = logits.shape;
  if (logits.ndim !== 3 || lb !== batch || lt !== t) {
    throw new QkvError(`${op}: the model returned logits of shape ${formatShape(logits.shape)} for ids (${batch},${t}); expected (${batch},${t},V)`);
  }
  return rows.map((_, b) => logits.data.subarray((b * t + t - 1) * v, (b * t + t) * v));
}

function toRows(prompt: number[] | number[][] | Tensor): number[][] {
  if (prompt instanceof Tensor) {
    if (prompt.ndim !== 2 || prompt.dtype !== "int32") {
      throw new QkvError(`generate: prompt ids must be int32 (B, T), got ${prompt.dtype} of shape ${formatShape(prompt.shape)}`);
    }
    const [b, t] = prompt.shape;
    return Array.from({ length: b }, (_, i) => Array.from(prompt.data.subarray(i * t, (i + 1) * t)));
  }
  if (!Array.isArray(prompt)) {
    throw new QkvError(`generate: prompt must be token ids: number[], number[][] or an int32 Tensor (B, T), got ${describeValue(prompt)}${typeof prompt === "string" ? " (encode the text with a tokenizer first)" : ""}`);
  }
  const rows = prompt.length > 0 && Array.isArray(prompt[0]) ? (prompt as number[][]).map((r) => r.slice()) : [(prompt as number[]).slice()];
  rows.forEach((row, b) => checkTokenIds("generate", row, rows.length > 1 ? `prompt[${b}]` : "prompt"));
  return rows;
}

/** Continues `prompt`: number[] -> number[]; number[][] -> number[][] (each row ends at its stop token); Tensor (B, T) -> Tensor (B, T + n), rows that stopped early padded with the stop token. */
export function generate(model: LanguageModel, prompt: number[], options: GenerateOptions): number[];
export function generate(model: LanguageModel, prompt: number[][], options: GenerateOptions): number[][];
export function generate(model: LanguageModel, prompt: Tensor, options: GenerateOptions): Tensor;
export function generate(model: LanguageModel, prompt: number[] | number[][] | Tensor, options: GenerateOptions): number[] | number[][] | Tensor {
  const op = "generate";
  if (typeof options !== "object" || options === null) {
    throw new QkvError(`${op}: needs options with maxNewTokens, e.g. generate(model, prompt, { maxNewTokens: 20 }), got ${describeValue(options)}`);
  }
  const { maxNewTokens, stopToken, onToken } = options;
  if (stopToken !== undefined && !(Number.isInteger(stopToken) && stopToken >= 0)) throw new QkvError(`${op}: stopToken must be a token id (an integer >= 0), got ${describeValue(stopToken)}`);
  if (onToken !== undefined && typeof onToken !== "function") throw new QkvError(`${op}: onToken must be a function (tokens, step) => void, got ${describeValue(onToken)}`);
  if (!(Number.isInteger(maxNewTokens) && maxNewTokens >= 0)) throw new QkvError(`${op}: maxNewTokens must be an integer >= 0, got ${maxNewTokens}`);
  if (typeof model?.forward !== "function") throw new QkvError(`${op}: the model needs forward(ids (B, T) int32) -> logits (B, T, V)`);
  const greedy = checkSamplingOptions(op, options);
  const rows = toRows(prompt);
  const batch = rows.length;
  const promptLength = rows[0]?.length ?? 0;
  if (batch === 0 || promptLength === 0) throw new QkvError(`${op}: the prompt needs at least one token (the model predicts from it)`);
  if (rows.some((r) => r.length !== promptLength)) {
    throw new QkvError(`${op}: prompt rows have different lengths (${rows.map((r) => r.length).join(", ")}); give rows of equal length`);
  }
  const useCache = options.useCache ?? typeof model.newCache === "function";
  if (useCache && typeof model.newCache !== "function") throw new QkvError(`${op}: useCache needs a model with newCache() (GPT has one)`);
  const contextLength = contextLengthOf(model, options.contextLength);
  if (useCache && promptLength + maxNewTokens - 1 > contextLength) {
    throw new QkvError(
      `${op}: prompt (${promptLength}) + maxNewTokens (${maxNewTokens}) - 1 positions exceed the model's context of ${contextLength} with the KV cache; use fewer tokens or useCache: false (a sliding window)`,
    );
  }

  inference(model, () => {
    const finished = new Array<boolean>(batch).fill(false);
    const cache = useCache ? (model.newCache as () => unknown)() : undefined;
    // The ids fed next: the whole prompt first; with the cache, afterwards only the newest tokens.
    let feed = rows.map((r) => r.slice(-contextLength));
    for (let step = 0; step < maxNewTokens; step++) {
      const last = lastPositionLogits(model, feed, op, cache);
      const next: number[] = [];
      for (let b = 0; b < batch; b++) {
        const token = finished[b] && stopToken !== undefined ? stopToken : pickToken(last[b], options, greedy);
        next.push(token);
        rows[b].push(token);
        if (token === stopToken) finished[b] = true;
      }
      onToken?.(next, step);
      if (finished.every(Boolean)) break;
      feed = cache === undefined ? rows.map((r) => r.slice(-contextLength)) : next.map((token) => [token]);
    }
  });

  if (prompt instanceof Tensor) {
    const total = rows[0].length;
    return tensor(Int32Array.from(rows.flatMap((r) => [...r, ...new Array<number>(total - r.length).fill(stopToken ?? 0)])), { shape: [batch, total], dtype: "int32" });
  }
  const trimmed = rows.map((r) => {
    if (stopToken === undefined) return r;
    const at = r.indexOf(stopToken, promptLength);
    return at === -1 ? r : r.slice(0, at + 1);
  });
  return Array.isArray(prompt[0]) ? trimmed : trimmed[0];
}
