// Mutant of 10.4: appends the new keys to both the cached keys and the cached values.
import { concat, type Tensor } from "qkv";
export * from "../../../solutions/10-gpt.js";
import type { CachedKV } from "../../../solutions/10-gpt.js";

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
  return { k: concat([past.k, k], 2), v: concat([past.v, k], 2) }; // (B, nh, S, hs) ++ (B, nh, T, hs)
}
