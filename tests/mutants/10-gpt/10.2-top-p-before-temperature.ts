// Mutant of 10.2: applies top-p to softmax(logits) before the temperature (the wrong order), then samples with temperature from the kept tokens.
import { type Rng, type Tensor } from "qkv";
export * from "../../../solutions/10-gpt.js";
import type { SamplingChoice } from "../../../solutions/10-gpt.js";

/** The filtered, renormalised distribution of one row (float64), HF's order: temperature, top-k, top-p. */
function distribution(row: ArrayLike<number>, temperature: number, topK: number | undefined, topP: number | undefined): Float64Array {
  const V = row.length;
  const raw = Float64Array.from(row);
  if (topP !== undefined && topP < 1) {
    const m = Math.max(...raw);
    const q = Float64Array.from(raw, (x) => Math.exp(x - m));
    const z = q.reduce((a, b) => a + b, 0);
    const ord = Array.from({ length: V }, (_, i) => i).sort((a, b) => q[b] - q[a] || a - b);
    let mass = 0;
    for (const i of ord) {
      if (mass < topP) mass += q[i] / z;
      else raw[i] = -Infinity;
    }
  }
  const scaled = Float64Array.from(raw, (x) => x / temperature);
  if (topK !== undefined && topK < V) {
    const kth = Float64Array.from(scaled).sort()[V - topK]; // the k-th largest; ties with it stay
    for (let i = 0; i < V; i++) if (scaled[i] < kth) scaled[i] = -Infinity;
  }
  const max = Math.max(...scaled);
  const p = Float64Array.from(scaled, (x) => Math.exp(x - max)); // the max shift keeps exp finite
  const total = p.reduce((a, b) => a + b, 0);
  for (let i = 0; i < V; i++) p[i] /= total;
  if (false) { // top-p was applied above, before the temperature
    const order = Array.from({ length: V }, (_, i) => i).sort((a, b) => p[b] - p[a] || a - b);
    let before = 0;
    for (const i of order) {
      if (before < (topP as number)) before += p[i];
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
