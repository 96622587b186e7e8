/**
 * Multi-head attention: nh attentions side by side, each on its own hs = E / nh slice of learned
 * projections of the inputs, so different heads can follow different relations (the previous word,
 * the subject of the verb, ...). Their outputs are concatenated and mixed by out_proj.
 *
 * Parameter names and layouts are torch.nn.MultiheadAttention's (query, key and value projections
 * packed in in_proj_weight (3E, E) and in_proj_bias (3E), then out_proj), so its state dict loads as is.
 */
import { Rng, Tensor, zeros } from "../tensor/index.js";
import { QkvError, formatShape } from "../tensor/errors.js";
import { Module } from "./module.js";
import { Linear, linear } from "./linear.js";
import { Dropout } from "./dropout.js";
import { uniformInit, fillConstant } from "./init.js";
import { checkKeys } from "./options.js";
import { attendHeads, checkMask, type AttentionResult } from "./attention.js";
import { checkTensorArg } from "../tensor/validate.js";

export interface MultiHeadAttentionOptions {
  /** Dropout on the attention weights while training; 0 by default. */
  dropout?: number;
  /** Biases on the projections (default true, as in PyTorch). */
  bias?: boolean;
}

/**
 * Masks for MultiHeadAttention.forward. All bool, TRUE = the key may be attended to (qkv's and Hugging
 * Face's convention, the opposite of torch.nn.MultiheadAttention's). Masked scores become -Infinity
 * before the softmax; a query whose keys are all masked gets zero weights and a zero output, not NaN.
 */
export interface AttentionMasks {
  /** (B, S): false on padding keys; see paddingMask(). */
  keyPaddingMask?: Tensor | null;
  /** (T, S), (B, T, S) or (B, nh, T, S): e.g. causalMask(T). */
  attnMask?: Tensor | null;
  /** Block later keys (the decoder's self-attention); same as attnMask = causalMask(T, S). */
  causal?: boolean;
  /**
   * PyTorch's average_attn_weights: true returns the weights averaged over the heads, (B, T, S);
   * false (qkv's default, unlike PyTorch's true) returns each head's, (B, nh, T, S), which the lessons plot.
   * Only the returned weights change; the output does not.
   */
  averageAttnWeights?: boolean;
}

const MASK_KEYS = ["keyPaddingMask", "attnMask", "causal", "averageAttnWeights"] as const;

export class MultiHeadAttention extends Module {
  readonly embedDim: number;
  readonly numHeads: number;
  readonly headDim: number;
  /** (3E, E): rows [0, E) project queries, [E, 2E) keys, [2E, 3E) values. */
  in_proj_weight: Tensor;
  /** (3E) or null */
  in_proj_bias: Tensor | null;
  out_proj: Linear;
  dropout: Dropout;
  /** The per-head weights (B, nh, T, S) of the last forward(), detached, for plots. */
  lastWeights: Tensor | null = null;

  /** Weights drawn from `rng`; without one they are zeros, to be filled by loadStateDict. */
  constructor(embedDim: number, numHeads: number, rng?: Rng | null, opts: MultiHeadAttentionOptions = {}) {
    super();
    checkKeys("MultiHeadAttention", opts, ["dropout", "bias"]);
    if (!Number.isInteger(embedDim) || !Number.isInteger(numHeads) || embedDim <= 0 || numHeads <= 0 || embedDim % numHeads !== 0) {
      throw new QkvError(`MultiHeadAttention: embedDim=${embedDim} must be divisible by numHeads=${numHeads} (each head gets embedDim / numHeads features)`);
    }
    this.embedDim = embedDim;
    this.numHeads = numHeads;
    this.headDim = embedDim / numHeads;
    const bias = opts.bias ?? true;
    // Xavier-uniform over the packed matrix and zero biases, as PyTorch initialises it.
    this.in_proj_weight = this.registerParameter("in_proj_weight", uniformInit([3 * embedDim, embedDim], Math.sqrt(6 / (4 * embedDim)), rng));
    this.in_proj_bias = bias ? this.registerParameter("in_proj_bias", zeros([3 * embedDim])) : null;
    this.out_proj = this.registerModule("out_proj", new Linear(embedDim, embedDim, rng, { bias }));
    if (this.out_proj.bias) fillConstant(this.out_proj.bias, 0);
    this.dropout = this.registerModule("dropout", new Dropout(opts.dropout ?? 0, rng?.fork()));
  }

  /**
   * query (B, T, E), key (B, S, E), value (B, S, E) -> { output (B, T, E), weights (B, nh, T, S) },
   * or weights (B, T, S) (the mean over heads) with { averageAttnWeights: true }.
   * Self-attention: forward(x, x, x). Cross-attention: forward(x, memory, memory).
   * Masks (true = may be attended to; a fully masked query row gives zeros): see AttentionMasks.
   */
  forward(query: Tensor, key: Tensor, value: Tensor, masks: AttentionMasks = {}): AttentionResult {
    const who = "MultiHeadAttention";
    checkKeys(`${who}.forward`, masks, MASK_KEYS);
    const E = this.embedDim;
    for (const [name, t] of [["query", query], ["key", key], ["value", value]] as const) {
      checkTensorArg(t, who, name);
      if (t.ndim !== 3 || t.shape[2] !== E) throw new QkvError(`${who}: ${name} ${formatShape(t.shape)} must be (B, L, embedDim=${E})`);
    }
    const [B, T] = query.shape;
    const S = key.shape[1];
    if (key.shape[0] !== B || value.shape[0] !== B || value.shape[1] !== S) {
      throw new QkvError(`${who}: query ${formatShape(query.shape)}, key ${formatShape(key.shape)}, value ${formatShape(value.shape)}: batch sizes must agree and key/value lengths must agree`);
    }
    const w = this.in_proj_weight;
    const b = this.in_proj_bias;
    const part = (t: Tensor | null, i: number) => (t ? t.slice(0, i * E, (i + 1) * E) : null);
    const q = linear(query, part(w, 0)!, part(b, 0), who); // (B, T, E)
    const k = linear(key, part(w, 1)!, part(b, 1), who); // (B, S, E)
    const v = linear(value, part(w, 2)!, part(b, 2), who); // (B, S, E)
    const mask = this.combineMasks(masks, B, T, S);
    // split into heads (B, nh, T, hs), attend, merge back to (B, T, E); the wasm kernels read heads in place
    const { output, weights } = attendHeads(q, k, v, this.numHeads, { mask, causal: masks.causal, dropout: this.dropout });
    this.lastWeights = weights.detach();
    const out = this.out_proj.forward(output); // (B, T, E)
    return { output: out, weights: masks.averageAttnWeights ? weights.mean(1) : weights }; // (B, nh, T, S) -> (B, T, S)
  }

  /** One bool mask broadcastable to (B, nh, T, S), or null. */
  private combineMasks(masks: AttentionMasks, B: number, T: number, S: number): Tensor | null {
    const who = "MultiHeadAttention";
    let mask: Tensor | null = null;
    const kpm = masks.keyPaddingMask;
    if (kpm) {
      if (kpm.ndim !== 2 || kpm.shape[0] !== B || kpm.shape[1] !== S) {
        throw new QkvError(`${who}: keyPaddingMask ${formatShape(kpm.shape)} must be (B, S) = (${B},${S})`);
      }
      checkMask(kpm, [B, S], who, "keyPaddingMask");
      mask = kpm.reshape(B, 1, 1, S);
    }
    const am = masks.attnMask;
    if (am) {
      const ok = (am.ndim === 2) || (am.ndim === 3 && am.shape[0] === B) || am.ndim === 4;
      if (!ok) throw new QkvError(`${who}: attnMask ${formatShape(am.shape)} must be (T, S), (B, T, S) or (B, nh, T, S) with T=${T}, S=${S}, B=${B}`);
      const am4 = am.ndim === 3 ? am.reshape(B, 1, T, S) : am;
      checkMask(am4, [B, this.numHeads, T, S], who, "attnMask");
      mask = mask ? mask.logicalAnd(am4) : am4;
    }
    return mask;
  }

  protected extraRepr(): string {
    return `embedDim=${this.embedDim}, numHeads=${this.numHeads}`;
  }
}
