/**
 * Beam search: keep the beamWidth most probable partial sequences at every step instead of one.
 * Greedy decoding commits to the best next token; beam search can take a slightly less likely
 * token whose continuations are much more likely, so it finds sequences of higher total probability
 * (with beamWidth = 1 it is greedy decoding). Deterministic: no sampling.
 *
 * A hypothesis' score is its log-probability divided by (generated length)^lengthPenalty, as in
 * Hugging Face's beam search; lengthPenalty 0 ranks by raw log-probability (which favours short outputs
 * when a stop token exists), 1 (the default) by the mean log-probability per token.
 */
import { QkvError } from "../tensor/index.js";
import { type LanguageModel, checkTokenIds, contextLengthOf, inference, lastPositionLogits } from "./generate.js";
import { describeValue } from "../tensor/errors.js";

export interface BeamSearchOptions {
  /** How many hypotheses to keep at each step (default 4). */
  beamWidth?: number;
  /** How many tokens to add at most. */
  maxNewTokens: number;
  /** A hypothesis ends when it produces this token (kept in its tokens). */
  stopToken?: number;
  /** Exponent of the length normalisation (default 1). */
  lengthPenalty?: number;
  /** The most positions the model reads (sliding window); default as generate(). */
  contextLength?: number;
}

export interface BeamHypothesis {
  /** Prompt + generated tokens. */
  tokens: number[];
  /** Sum of the log-probabilities of the generated tokens. */
  logProb: number;
  /** logProb / (generated length)^lengthPenalty: what the hypotheses are ranked by. */
  score: number;
}

/** log-softmax of one row, in float64. */
function logSoftmaxRow(row: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) if (row[i] > max) max = row[i];
  let total = 0;
  for (let i = 0; i < row.length; i++) total += Math.exp(row[i] - max);
  const logZ = max + Math.log(total);
  return Float64Array.from(row, (x) => x - logZ);
}

/**
 * Beam search from one prompt (number[]) with any forward(ids (B, T)) -> logits (B, T, V) model; the
 * live hypotheses are run together as one batch. Returns the final hypotheses, best first (up to beamWidth).
 */
export function beamSearch(model: LanguageModel, prompt: number[], options: BeamSearchOptions): BeamHypothesis[] {
  const op = "beamSearch";
  if (typeof options !== "object" || options === null) {
    throw new QkvError(`${op}: needs options with maxNewTokens, e.g. beamSearch(model, prompt, { maxNewTokens: 20, beamWidth: 4 }), got ${describeValue(options)}`);
  }
  const { maxNewTokens, stopToken, lengthPenalty = 1, beamWidth = 4 } = options;
  if (!(Number.isInteger(beamWidth) && beamWidth >= 1)) throw new QkvError(`${op}: beamWidth must be an integer >= 1, got ${beamWidth}`);
  if (!(Number.isInteger(maxNewTokens) && maxNewTokens >= 1)) throw new QkvError(`${op}: maxNewTokens must be an integer >= 1, got ${maxNewTokens}`);
  if (!Array.isArray(prompt) || prompt.length === 0) throw new QkvError(`${op}: the prompt needs at least one token id (number[]), got ${describeValue(prompt)}`);
  checkTokenIds(op, prompt, "prompt");
  if (!(typeof lengthPenalty === "number" && Number.isFinite(lengthPenalty))) throw new QkvError(`${op}: lengthPenalty must be a finite number, got ${describeValue(lengthPenalty)}`);
  const contextLength = contextLengthOf(model, options.contextLength);
  const score = (logProb: number, generated: number) => logProb / Math.pow(generated, lengthPenalty);

  let alive: { tokens: number[]; logProb: number }[] = [{ tokens: prompt.slice(), logProb: 0 }];
  const finished: BeamHypothesis[] = [];
  inference(model, () => {
    for (let step = 1; step <= maxNewTokens && alive.length > 0; step++) {
      const last = lastPositionLogits(model, alive.map((h) => h.tokens.slice(-contextLength)), op);
      const candidates: { beam: number; token: number; logProb: number }[] = [];
      alive.forEach((h, b) => {
        const logp = logSoftmaxRow(last[b]);
        for (let token = 0; token < logp.length; token++) candidates.push({ beam: b, token, logProb: h.logProb + logp[token] });
      });
      // Best first; ties broken by beam, then token, so the result does not depend on sort stability.
      candidates.sort((a, b) => b.logProb - a.logProb || a.beam - b.beam || a.token - b.token);
      const next: { tokens: number[]; logProb: number }[] = [];
      for (let rank = 0; rank < candidates.length && next.length < beamWidth; rank++) {
        const c = candidates[rank];
        const tokens = [...alive[c.beam].tokens, c.token];
        if (c.token === stopToken) {
          if (rank < beamWidth) finished.push({ tokens, logProb: c.logProb, score: score(c.logProb, step) });
        } else {
          next.push({ tokens, logProb: c.logProb });
        }
      }
      alive = next;
      if (finished.length >= beamWidth) break; // enough complete hypotheses (HF's early stopping)
    }
  });
  const all = [
    ...finished,
    ...alive.map((h) => ({ ...h, score: score(h.logProb, h.tokens.length - prompt.length) })),
  ];
  all.sort((a, b) => b.score - a.score);
  return all.slice(0, beamWidth);
}
