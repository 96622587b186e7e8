// Lesson 10 — reference answers. Same exports as exercises/10-gpt.ts; the graders check them too
// (`npm run grade -- --solutions 10`).
import { concat, tensor, type Rng, type Tensor } from "qkv";

/** Options of sampleNextToken, applied in this order: temperature, then top-k, then top-p. */
export interface SamplingChoice {
  temperature?: number;
  topK?: number;
  topP?: number;
}

/** The sizes that decide a GPT's parameter count. */
export interface GPTSizes {
  vocabSize: number;
  nPositions: number;
  nEmbd: number;
  nLayer: number;
  nInner?: number;
  tieWordEmbeddings?: boolean;
}

/** One layer's cache: (B, nh, S, hs) keys and values, or null before the first token. */
export interface CachedKV {
  k: Tensor | null;
  v: Tensor | null;
}

const IGNORE = -100;

function isId(id: unknown, vocabSize: number): boolean {
  return Number.isInteger(id) && (id as number) >= 0 && (id as number) < vocabSize;
}

/** 10.1 — inputs s[0 .. L-2], targets s[1 .. L-1], right-padded with padId / -100 to (B, max L - 1). */
export function nextTokenTargets(sequences: number[][], vocabSize: number, padId: number): { inputIds: Tensor; targets: Tensor } {
  if (!Number.isInteger(vocabSize) || vocabSize < 1) throw new Error(`nextTokenTargets: vocabSize must be a positive integer, got ${vocabSize}`);
  if (!isId(padId, vocabSize)) throw new Error(`nextTokenTargets: padId ${padId} must be an integer id in [0, ${vocabSize})`);
  if (!Array.isArray(sequences) || sequences.length === 0) throw new Error("nextTokenTargets: needs at least one sequence");
  sequences.forEach((s, b) => {
    if (s.length < 2) throw new Error(`nextTokenTargets: sequence ${b} has ${s.length} id(s); next-token pairs need at least 2`);
    // Every id, the last one included: it is a target even though it is never an input.
    s.forEach((id, t) => {
      if (!isId(id, vocabSize)) throw new Error(`nextTokenTargets: sequence ${b} has id ${id} at position ${t}; ids must be integers in [0, ${vocabSize})`);
    });
  });
  const B = sequences.length;
  const T = Math.max(...sequences.map((s) => s.length)) - 1;
  const inputs = new Int32Array(B * T).fill(padId);
  const targets = new Int32Array(B * T).fill(IGNORE);
  sequences.forEach((s, b) => {
    for (let t = 0; t + 1 < s.length; t++) {
      inputs[b * T + t] = s[t];
      targets[b * T + t] = s[t + 1];
    }
  });
  return {
    inputIds: tensor(inputs, { shape: [B, T], dtype: "int32" }),
    targets: tensor(targets, { shape: [B, T], dtype: "int32" }),
  };
}

/** The filtered, renormalised distribution of one row (float64), HF's order: temperature, top-k, top-p. */
function distribution(row: ArrayLike<number>, temperature: number, topK: number | undefined, topP: number | undefined): Float64Array {
  const V = row.length;
  const scaled = Float64Array.from(row, (x) => x / temperature);
  if (topK !== undefined && topK < V) {
    const kth = Float64Array.from(scaled).sort()[V - topK]; // the k-th largest; ties with it stay
    for (let i = 0; i < V; i++) if (scaled[i] < kth) scaled[i] = -Infinity;
  }
  const max = Math.max(...scaled);
  const p = Float64Array.from(scaled, (x) => Math.exp(x - max)); // the max shift keeps exp finite
  const total = p.reduce((a, b) => a + b, 0);
  for (let i = 0; i < V; i++) p[i] /= total;
  if (topP !== undefined && topP < 1) {
    const order = Array.from({ length: V }, (_, i) => i).sort((a, b) => p[b] - p[a] || a - b);
    let before = 0;
    for (const i of order) {
      if (before < topP) before += p[i];
      else p[i] = 0;
    }
    for (let i = 0; i < V; i++) p[i] /= before; // `before` is now the kept mass
  }
  return p;
}

/** 10.2 — one token per row: filter, renormalise, then one rng.next() per row, cumulative sum in id order. */
export function sampleNextToken(logits: Tensor, choice: SamplingChoice, rng: Rng): number[] {
  const { temperature = 1, topK, topP } = choice;
  if (!(temperature > 0) || !Number.isFinite(temperature)) throw new Error(`sampleNextToken: temperature must be a finite number > 0, got ${temperature}`);
  if (topK !== undefined && !(Number.isInteger(topK) && topK >= 1)) throw new Error(`sampleNextToken: topK must be an integer >= 1, got ${topK}`);
  if (topP !== undefined && !(topP > 0 && topP <= 1)) throw new Error(`sampleNextToken: topP must be in (0, 1], got ${topP}`);
  if (logits.ndim !== 2 || logits.shape[1] < 1) throw new Error(`sampleNextToken: logits must be (B, V), got shape [${logits.shape.join(", ")}]`);
  const [B, V] = logits.shape;
  const out: number[] = [];
  for (let b = 0; b < B; b++) {
    const p = distribution(logits.data.subarray(b * V, (b + 1) * V), temperature, topK, topP);
    const u = rng.next();
    let cumulative = 0;
    let chosen = -1;
    for (let i = 0; i < V; i++) {
      if (p[i] <= 0) continue;
      cumulative += p[i];
      chosen = i;
      if (u < cumulative) break; // rounding may leave the total just under u: then the last kept id
    }
    out.push(chosen);
  }
  return out;
}

function positiveInteger(value: unknown, name: string): number {
  if (!Number.isInteger(value) || (value as number) < 1) throw new Error(`countParameters: ${name} must be a positive integer, got ${value}`);
  return value as number;
}

/** 10.3 — embeddings + L blocks + ln_f (+ an untied LM head). */
export function countParameters(sizes: GPTSizes): number {
  const V = positiveInteger(sizes.vocabSize, "vocabSize");
  const P = positiveInteger(sizes.nPositions, "nPositions");
  const C = positiveInteger(sizes.nEmbd, "nEmbd");
  const L = positiveInteger(sizes.nLayer, "nLayer");
  const F = sizes.nInner === undefined ? 4 * C : positiveInteger(sizes.nInner, "nInner");
  const tied = sizes.tieWordEmbeddings ?? true;
  const layerNorm = 2 * C; // weight and bias
  const attention = (C * 3 * C + 3 * C) + (C * C + C); // c_attn, c_proj
  const mlp = (C * F + F) + (F * C + C); // c_fc, c_proj
  const block = layerNorm + attention + layerNorm + mlp;
  return V * C + P * C + L * block + layerNorm + (tied ? 0 : V * C);
}

/** 10.4 — concatenate along the sequence axis, old first, into a new entry. */
export function appendToCache(past: CachedKV, k: Tensor, v: Tensor, maxLength: number): { k: Tensor; v: Tensor } {
  const shape = (t: Tensor) => `[${t.shape.join(", ")}]`;
  if (k.ndim !== 4 || v.ndim !== 4) throw new Error(`appendToCache: k and v must be (B, nh, T, hs), got ${shape(k)} and ${shape(v)}`);
  if (k.shape.some((n, i) => n !== v.shape[i])) throw new Error(`appendToCache: k ${shape(k)} and v ${shape(v)} must have the same shape`);
  if ((past.k === null) !== (past.v === null)) throw new Error("appendToCache: past.k and past.v must both be null or both tensors");
  const S = past.k === null ? 0 : past.k.shape[2];
  if (past.k !== null && past.v !== null) {
    for (const [name, old] of [["k", past.k], ["v", past.v]] as const) {
      const [B, nh, , hs] = old.shape;
      if (old.ndim !== 4 || B !== k.shape[0] || nh !== k.shape[1] || hs !== k.shape[3] || old.shape[2] !== S) {
        throw new Error(`appendToCache: past.${name} ${shape(old)} does not fit new keys ${shape(k)} (B, nh and hs must agree)`);
      }
    }
  }
  const T = k.shape[2];
  if (S + T > maxLength) throw new Error(`appendToCache: ${S} cached + ${T} new positions exceed maxLength ${maxLength}`);
  if (past.k === null || past.v === null) return { k: k.clone(), v: v.clone() };
  return { k: concat([past.k, k], 2), v: concat([past.v, v], 2) }; // (B, nh, S, hs) ++ (B, nh, T, hs)
}

// ---- 10.5 review ------------------------------------------------------------------------------

/** A multiple-choice answer: one letter. */
type Choice = "a" | "b" | "c" | "d";

/** 10.5 — the answers to the lesson's "Check your understanding" questions. */
export const review: {
  q1: number | undefined;
  q2: Choice | undefined;
  q3: number | undefined;
  q4: Choice | undefined;
  q5: number | undefined;
} = {
  q1: 5, // ".emma." gives the pairs (., e) (e, m) (m, m) (m, a) (a, .)
  q2: "b", // the causal mask: each position sees exactly its prefix
  q3: Math.exp(2), // perplexity = e^loss
  q4: "b", // 0.5 < 0.8, so the 0.3 token is kept too; then 0.8 is reached
  q5: 100 * 16 + 32 * 16 + 2 * (12 * 16 * 16 + 13 * 16) + 2 * 16, // 8,704
};
