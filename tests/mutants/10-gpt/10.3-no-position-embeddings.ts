// Mutant of 10.3: forgets the position embedding table wpe (P·C numbers).
export * from "../../../solutions/10-gpt.js";
import type { GPTSizes } from "../../../solutions/10-gpt.js";

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
  return V * C + L * block + layerNorm + (tied ? 0 : V * C);
}
