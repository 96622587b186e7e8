/**
 * Fused attention on the wasm kernels: scores, scale, mask, softmax and the weighted sum of values in
 * one pass per (batch, head), forward and backward, reading heads in place through strides (a head of
 * a (B, T, C) or packed (B, T, 3C) tensor needs no split or merge copy) and the mask by broadcast
 * strides (no T×S mask per head is built). The readable composition of ops (matmul, maskedFill,
 * softmax, matmul) is scaledDotProductAttention's js path in nn/attention.ts; both agree within
 * float32 rounding (tests/nn/attention-kernel.test.ts).
 *
 * Autograd sees two ops: the weights P = softmax(mask(QKᵀ·scale)) with parents q and k, and the output
 * O = P V with parents P and v. So a loss that reads the weights as well gets their gradient too.
 */
import { Tensor } from "./tensor.js";
import { broadcastStrides } from "./shape.js";
import { recordOp, accumulateGrad } from "./autograd.js";
import { wasmFrame } from "./kernels.js";

/** Where one operand's heads live: element (b, h, t, j) of it is data[offset + b·sb + h·sh + t·st + j]. */
export interface HeadLayout {
  tensor: Tensor;
  offset: number;
  sb: number;
  sh: number;
  st: number;
}

export interface FusedAttentionSpec {
  q: HeadLayout;
  k: HeadLayout;
  v: HeadLayout;
  /** batches, heads per batch, queries, keys, query/key width, value width */
  nb: number;
  nh: number;
  T: number;
  S: number;
  d: number;
  dv: number;
  /** The output's shape and layout; its data is contiguous in that shape. */
  outShape: number[];
  out: { sb: number; sh: number; st: number };
  /** Shape of the returned weights, (…, T, S) with nb·nh·T·S elements. */
  weightsShape: number[];
  /** Bool, true = may attend; broadcastable to (nb, nh, T, S) once left-padded to 4 axes. */
  mask: Tensor | null;
  causal: boolean;
  /** Multiplies the scores before the softmax (1/√d usually). */
  scale: number;
}

const F = 4; // bytes per float32

/** { output, weights }, or null when the wasm kernels are not in use for these tensors. */
export function fusedAttention(spec: FusedAttentionSpec): { output: Tensor; weights: Tensor } | null {
  const { q, k, v, nb, nh, T, S, d, dv } = spec;
  const f = wasmFrame(q.tensor, k.tensor, v.tensor);
  if (f === null) return null;
  const sources = unique([q.tensor, k.tensor, v.tensor]);
  const at = new Map<Tensor, number>();
  for (const t of sources) at.set(t, f.alloc(F * t.size));
  const nP = nb * nh * T * S;
  const pP = f.alloc(F * nP);
  const nO = nb * nh * T * dv;
  const pO = f.alloc(F * nO);
  const mask = spec.mask;
  const pM = mask ? f.alloc(mask.size) : 0;
  const scratch = f.alloc(f.k.gemmScratchBytes(Math.max(T, S), Math.max(d, S, T), Math.max(S, dv, d)) + F * T * S);
  f.ready();
  for (const t of sources) f.put(at.get(t)!, t.data as Float32Array);
  let ms = [0, 0, 0, 0];
  if (mask) {
    f.u8(pM, mask.size).set(mask.data as Uint8Array);
    const lead = 4 - mask.ndim;
    ms = broadcastStrides(Array(Math.max(0, lead)).fill(1).concat(mask.shape), [nb, nh, T, S]);
  }
  const base = (l: HeadLayout) => at.get(l.tensor)! + F * l.offset;
  const scale = spec.scale;
  const o = spec.out;
  f.k.attentionForward(
    nb, nh, T, S, d, dv, scale,
    base(q), q.sb, q.sh, q.st, base(k), k.sb, k.sh, k.st, base(v), v.sb, v.sh, v.st,
    pO, o.sb, o.sh, o.st, pP, pM, ms[0], ms[1], ms[2], ms[3], spec.causal ? 1 : 0, scratch,
  );
  const weights = new Tensor(f.take(pP, nP), [...spec.weightsShape]);
  const output = new Tensor(f.take(pO, nO), [...spec.outShape]);

  recordOp(weights, "attentionWeights", unique([q.tensor, k.tensor]), () => {
    const needQ = q.tensor.requiresGrad;
    const needK = k.tensor.requiresGrad;
    const g = wasmFrame()!;
    const qkSources = unique([q.tensor, k.tensor]);
    const where = new Map<Tensor, number>();
    for (const t of qkSources) where.set(t, g.alloc(F * t.size));
    const grads = new Map<Tensor, number>();
    for (const t of qkSources) if (t.requiresGrad) grads.set(t, g.alloc(F * t.size));
    const p = g.alloc(F * nP);
    const dp = g.alloc(F * nP);
    const s2 = g.alloc(g.k.gemmScratchBytes(Math.max(T, S), Math.max(S, T), d) + F * T * S + 64);
    g.ready();
    for (const t of qkSources) g.put(where.get(t)!, t.data as Float32Array);
    for (const [t, ptr] of grads) g.f32(ptr, t.size).fill(0);
    g.put(p, weights.data as Float32Array);
    g.put(dp, weights.grad!.data as Float32Array);
    const b = (l: HeadLayout) => where.get(l.tensor)! + F * l.offset;
    const gb = (l: HeadLayout) => grads.get(l.tensor)! + F * l.offset;
    g.k.attentionBackwardScores(
      nb, nh, T, S, d, scale, p, dp,
      b(q), q.sb, q.sh, q.st, b(k), k.sb, k.sh, k.st,
      needQ ? gb(q) : 0, needK ? gb(k) : 0, s2,
    );
    for (const [t, ptr] of grads) accumulateGrad(t, new Tensor(g.take(ptr, t.size), [...t.shape]), true);
  });

  return {
    weights,
    output: recordOp(output, "attentionOutput", unique([weights, v.tensor]), () => {
      const needP = weights.requiresGrad;
      const needV = v.tensor.requiresGrad;
      const g = wasmFrame()!;
      const p = g.alloc(F * nP);
      const dO = g.alloc(F * nO);
      const pv = g.alloc(F * v.tensor.size);
      const dp = needP ? g.alloc(F * nP) : 0;
      const dV = needV ? g.alloc(F * v.tensor.size) : 0;
      const s2 = g.alloc(g.k.gemmScratchBytes(Math.max(T, S), Math.max(T, dv), Math.max(S, dv)));
      g.ready();
      g.put(p, weights.data as Float32Array);
      g.put(dO, output.grad!.data as Float32Array);
      g.put(pv, v.tensor.data as Float32Array);
      if (needV) g.f32(dV, v.tensor.size).fill(0);
      const vb = pv + F * v.offset;
      g.k.attentionBackwardValues(
        nb, nh, T, S, dv, p, dO, o.sb, o.sh, o.st, vb, v.sb, v.sh, v.st,
        dp, needV ? dV + F * v.offset : 0, s2,
      );
      // Copy both results out before either accumulateGrad: they allocate nothing in wasm memory, but keep it simple.
      const dpData = needP ? g.take(dp, nP) : null;
      const dvData = needV ? g.take(dV, v.tensor.size) : null;
      if (dpData) accumulateGrad(weights, new Tensor(dpData, [...weights.shape]), true);
      if (dvData) accumulateGrad(v.tensor, new Tensor(dvData, [...v.tensor.shape]), true);
    }),
  };
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
