/**
 * Choosing the next token from a row of logits. The filters follow Hugging Face's logits warpers
 * (temperature, then top-k, then top-p) and the draw uses a seeded Rng, so a given seed gives the
 * same tokens on every machine. Arithmetic is in float64 on plain arrays: one row at a time, no autograd.
 */
import { QkvError, Rng, Tensor } from "../tensor/index.js";
import { describeValue, formatShape } from "../tensor/errors.js";

export type SamplingStrategy = "greedy" | "temperature" | "topK" | "topP";

export interface SamplingOptions {
  /**
   * "greedy": the most likely token (argmax), no randomness.
   * "temperature": sample from softmax(logits / temperature).
   * "topK": sample among the topK most likely tokens (ties with the k-th are kept).
   * "topP" (nucleus sampling, Holtzman et al. 2020): sample among the fewest most-likely tokens whose
   * probabilities add up to at least topP.
   * Default: "greedy". temperature applies to every sampling strategy; topK and topP, when set, filter
   * in any sampling strategy (HF order: temperature, top-k, top-p).
   */
  strategy?: SamplingStrategy;
  /** > 0; below 1 sharpens the distribution, above 1 flattens it. Default 1. 0 means greedy. */
  temperature?: number;
  topK?: number;
  /** In (0, 1]. */
  topP?: number;
  /** The seeded generator every sampling strategy needs. */
  rng?: Rng;
}

/** Index of the largest value (the first one on ties). */
export function argmaxOf(values: ArrayLike<number>): number {
  checkLogitsRow("argmaxOf", "values", values);
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** One row of logits: a plain array or typed array of numbers, not empty. */
function checkLogitsRow(op: string, name: string, values: unknown): asserts values is ArrayLike<number> {
  const ok = (Array.isArray(values) || (ArrayBuffer.isView(values) && !(values instanceof DataView))) && (values as ArrayLike<number>).length > 0;
  if (!ok) {
    throw new QkvError(
      `${op}: ${name} must be a non-empty array of numbers (one row of logits), got ${describeValue(values)}` +
        (values instanceof Tensor ? " (pass a Tensor to sampleFromLogits, or its .data)" : ""),
    );
  }
}

/**
 * Every option that is given is checked, whatever the strategy: a negative temperature or topP 0 is a
 * mistake even when greedy decoding would ignore it. Returns the options' values.
 */
function checkOptionValues(op: string, options: SamplingOptions) {
  if (typeof options !== "object" || options === null) throw new QkvError(`${op}: options must be an object { strategy, temperature, topK, topP, rng }, got ${describeValue(options)}`);
  const { strategy = "greedy", temperature = 1, topK, topP, rng } = options;
  if (!["greedy", "temperature", "topK", "topP"].includes(strategy)) {
    throw new QkvError(`${op}: strategy must be "greedy", "temperature", "topK" or "topP", got ${describeValue(strategy)}`);
  }
  if (!(typeof temperature === "number" && temperature >= 0 && Number.isFinite(temperature))) {
    throw new QkvError(`${op}: temperature must be a finite number >= 0 (0 = greedy), got ${describeValue(temperature)}`);
  }
  if (topK !== undefined && !(Number.isInteger(topK) && topK >= 1)) throw new QkvError(`${op}: topK must be an integer >= 1, got ${describeValue(topK)}`);
  if (topP !== undefined && !(typeof topP === "number" && topP > 0 && topP <= 1)) throw new QkvError(`${op}: topP must be in (0, 1], got ${describeValue(topP)}`);
  return { strategy, temperature, topK, topP, rng };
}

/** Checks the options once; returns whether sampling is greedy. */
export function checkSamplingOptions(op: string, options: SamplingOptions): boolean {
  const { strategy, temperature, topK, topP, rng } = checkOptionValues(op, options);
  if (strategy === "greedy") return true;
  if (temperature === 0) return true;
  if (strategy === "topK" && topK === undefined) throw new QkvError(`${op}: strategy "topK" needs topK (e.g. { topK: 10 })`);
  if (strategy === "topP" && topP === undefined) throw new QkvError(`${op}: strategy "topP" needs topP (e.g. { topP: 0.9 })`);
  if (!(rng instanceof Rng)) throw new QkvError(`${op}: strategy "${strategy}" samples and needs a seeded generator: pass { rng: new Rng(seed) }`);
  return false;
}

/**
 * The probabilities sampling would use for one row of logits after temperature, top-k and top-p
 * (zeros for filtered tokens). Useful to plot what each strategy keeps.
 */
export function samplingDistribution(logits: ArrayLike<number>, options: SamplingOptions = {}): Float64Array {
  checkLogitsRow("samplingDistribution", "logits", logits);
  const { temperature, topK, topP } = checkOptionValues("samplingDistribution", options);
  const v = logits.length;
  const p = new Float64Array(v);
  if (v === 0) throw new QkvError("samplingDistribution: empty logits");
  if (options.strategy === undefined || options.strategy === "greedy" || temperature === 0) {
    p[argmaxOf(logits)] = 1;
    return p;
  }
  const scaled = Float64Array.from(logits, (x) => x / temperature);
  if (topK !== undefined && topK < v) {
    // Keep every value >= the k-th largest (HF keeps ties with the k-th).
    const kth = Float64Array.from(scaled).sort()[v - topK];
    for (let i = 0; i < v; i++) if (scaled[i] < kth) scaled[i] = -Infinity;
  }
  let max = -Infinity;
  for (let i = 0; i < v; i++) if (scaled[i] > max) max = scaled[i];
  if (max === -Infinity) throw new QkvError("samplingDistribution: every logit is -Infinity: nothing can be sampled");
  let total = 0;
  for (let i = 0; i < v; i++) {
    p[i] = Math.exp(scaled[i] - max);
    total += p[i];
  }
  for (let i = 0; i < v; i++) p[i] /= total;
  if (topP !== undefined && topP < 1) {
    // Walk tokens from most to least likely; keep a token while the mass before it is below topP.
    const order = Array.from({ length: v }, (_, i) => i).sort((a, b) => p[b] - p[a] || a - b);
    let before = 0;
    let kept = 0;
    for (const i of order) {
      if (before < topP) {
        before += p[i];
        kept += p[i];
      } else {
        p[i] = 0;
      }
    }
    for (let i = 0; i < v; i++) p[i] /= kept;
  }
  return p;
}

/** Draws an index from probabilities `p` (summing to 1) with one uniform number from `rng`. */
function draw(p: Float64Array, rng: Rng): number {
  const u = rng.next();
  let cumulative = 0;
  let lastPositive = -1;
  for (let i = 0; i < p.length; i++) {
    if (p[i] <= 0) continue;
    cumulative += p[i];
    lastPositive = i;
    if (u < cumulative) return i;
  }
  return lastPositive; // rounding left the total just under u
}

/**
 * Picks one token from one row of logits (a plain array). `greedy` is what checkSamplingOptions returned
 * for these options: callers check once, then pick a token per row and per step.
 */
export function pickToken(logits: ArrayLike<number>, options: SamplingOptions, greedy: boolean): number {
  if (greedy) return argmaxOf(logits);
  return draw(samplingDistribution(logits, options), options.rng as Rng);
}

/**
 * Picks the next token from logits: a Tensor (V) or a plain array gives one token id; a Tensor (B, V)
 * gives one id per row; a Tensor (B, T, V) uses the last position of each row.
 */
export function sampleFromLogits(logits: ArrayLike<number>, options?: SamplingOptions): number;
export function sampleFromLogits(logits: Tensor, options?: SamplingOptions): number | number[];
export function sampleFromLogits(logits: Tensor | ArrayLike<number>, options: SamplingOptions = {}): number | number[] {
  const greedy = checkSamplingOptions("sampleFromLogits", options);
  if (!(logits instanceof Tensor)) {
    checkLogitsRow("sampleFromLogits", "logits", logits);
    return pickToken(logits, options, greedy);
  }
  const shape = logits.shape;
  const v = shape[shape.length - 1];
  if (shape.length === 1) return pickToken(logits.data, options, greedy);
  if (shape.length !== 2 && shape.length !== 3) {
    throw new QkvError(`sampleFromLogits: logits ${formatShape(shape)} must be (V), (B, V) or (B, T, V)`);
  }
  const b = shape[0];
  const rowStride = shape.length === 3 ? shape[1] * v : v;
  const offset = shape.length === 3 ? (shape[1] - 1) * v : 0;
  const out: number[] = [];
  for (let i = 0; i < b; i++) {
    const start = i * rowStride + offset;
    out.push(pickToken(logits.data.subarray(start, start + v), options, greedy));
  }
  return out;
}
