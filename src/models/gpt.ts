/**
 * GPT: a decoder-only Transformer that predicts the next token (GPT-2's architecture).
 *
 * Token + position embeddings, a stack of pre-norm blocks (causal self-attention, then an MLP, each in
 * a residual connection), a final LayerNorm, and an LM head that reuses the token embedding matrix
 * (weight tying: the same table maps ids to vectors and vectors back to scores over ids).
 *
 * Parameter names are GPT-2's (wte, wpe, h.N.ln_1, h.N.attn.c_attn, ..., ln_f), so a Hugging Face GPT-2
 * state dict loads without renaming. One layout differs: GPT-2 keeps its projections in "Conv1D"
 * modules whose weight is (in, out); here they are ordinary Linear layers, (out, in). The state dict
 * uses GPT-2's layout (stateDict() transposes those four weights on the way out, loadStateDict() on
 * the way in), so checkpoints are interchangeable with Hugging Face's. loadStateDict also accepts
 * GPT2LMHeadModel's "transformer." prefix and ignores its tied "lm_head.weight" and the causal-mask
 * buffers "h.N.attn.bias" / "h.N.attn.masked_bias".
 *
 * File order follows nanoGPT's model.py: attention, MLP, block, config, model.
 */
import { Rng, Tensor, concat } from "../tensor/index.js";
import { QkvError, checkPositiveIntegers, formatShape } from "../tensor/errors.js";
import { Module, ModuleList, type StateDictEntry } from "../nn/module.js";
import { Linear, linear } from "../nn/linear.js";
import { Embedding } from "../nn/embedding.js";
import { LayerNorm } from "../nn/layer-norm.js";
import { Dropout } from "../nn/dropout.js";
import { positionIds } from "../nn/positional.js";
import { scaledDotProductAttention, splitHeads, mergeHeads, attendHeads } from "../nn/attention.js";
import { fillNormal, fillConstant } from "../nn/init.js";

/** Marks `<prefix>name.weight` as stored transposed (GPT-2's Conv1D layout (in, out)). */
function conv1dEntries(entries: StateDictEntry[], prefix: string, names: string[]): StateDictEntry[] {
  const keys = new Set(names.map((n) => `${prefix}${n}.weight`));
  return entries.map((e) => (keys.has(e.key) ? { ...e, transposed: true } : e));
}

/** The keys and values of one layer for the tokens seen so far: (B, nh, S, hs) each. */
export interface LayerKV {
  k: Tensor | null;
  v: Tensor | null;
}

/**
 * A KV cache: each layer's keys and values of the tokens already processed, so that generating one
 * more token costs one token's work instead of re-running the whole prefix. Make one with
 * gpt.newCache(), then call gpt.forward(ids, { cache }) with the prompt and afterwards with one new
 * token at a time; the cache grows by the number of tokens fed each time.
 */
export class KVCache {
  readonly layers: LayerKV[];
  /** The model's nPositions: the cache cannot grow beyond it. */
  readonly maxLength: number;

  constructor(nLayer: number, maxLength: number) {
    this.layers = Array.from({ length: nLayer }, () => ({ k: null, v: null }));
    this.maxLength = maxLength;
  }

  /** Positions already cached = the position of the next token fed (read off the keys, so it cannot drift from them). */
  get length(): number {
    return this.layers[0]?.k?.shape[2] ?? 0;
  }
}

export class CausalSelfAttention extends Module {
  readonly nHead: number;
  readonly nEmbd: number;
  /** (3C, C): queries, keys and values of all heads in one matmul */
  c_attn: Linear;
  /** (C, C): mixes the heads' outputs */
  c_proj: Linear;
  attn_dropout: Dropout;
  resid_dropout: Dropout;
  /** Per-head attention weights (B, nh, T, S) of the last forward(), detached, for plots. */
  lastWeights: Tensor | null = null;

  constructor(config: GPTConfig, rng: Rng) {
    super();
    this.nHead = config.nHead;
    this.nEmbd = config.nEmbd;
    this.c_attn = this.registerModule("c_attn", new Linear(config.nEmbd, 3 * config.nEmbd, rng));
    this.c_proj = this.registerModule("c_proj", new Linear(config.nEmbd, config.nEmbd, rng));
    this.attn_dropout = this.registerModule("attn_dropout", new Dropout(config.dropout, rng.fork()));
    this.resid_dropout = this.registerModule("resid_dropout", new Dropout(config.dropout, rng.fork()));
  }

  /** x (B, T, C) -> (B, T, C). With `kv`, the new keys/values are appended to it and attention covers them all. */
  forward(x: Tensor, kv?: LayerKV): Tensor {
    const C = this.nEmbd;
    const qkv = this.c_attn.forward(x); // (B, T, C) -> (B, T, 3C)
    if (!kv) {
      // No cache: heads are read straight from the packed projection (no split/merge copies with the wasm kernels).
      const part = (i: number) => ({ tensor: qkv, start: i * C, width: C });
      const { output, weights } = attendHeads(part(0), part(1), part(2), this.nHead, { causal: true, dropout: this.attn_dropout });
      this.lastWeights = weights.detach();
      return this.resid_dropout.forward(this.c_proj.forward(output)); // (B, T, C)
    }
    const q = splitHeads(qkv.slice(2, 0, C), this.nHead); // (B, nh, T, hs)
    let k = splitHeads(qkv.slice(2, C, 2 * C), this.nHead); // (B, nh, T, hs)
    let v = splitHeads(qkv.slice(2, 2 * C, 3 * C), this.nHead); // (B, nh, T, hs)
    if (kv) {
      if (kv.k && kv.v) {
        k = concat([kv.k, k], 2); // (B, nh, S_past, hs) ++ (B, nh, T, hs) -> (B, nh, S, hs)
        v = concat([kv.v, v], 2);
      }
      kv.k = k;
      kv.v = v;
    }
    // causal with S >= T: query i (absolute position S-T+i) sees keys 0 .. S-T+i
    const { output, weights } = scaledDotProductAttention(q, k, v, { causal: true, dropout: this.attn_dropout });
    this.lastWeights = weights.detach();
    return this.resid_dropout.forward(this.c_proj.forward(mergeHeads(output))); // (B, nh, T, hs) -> (B, T, C)
  }

  stateDictEntries(prefix = ""): StateDictEntry[] {
    return conv1dEntries(super.stateDictEntries(prefix), prefix, ["c_attn", "c_proj"]);
  }
}

export class MLP extends Module {
  /** (4C, C) */
  c_fc: Linear;
  /** (C, 4C) */
  c_proj: Linear;
  dropout: Dropout;

  constructor(config: GPTConfig, rng: Rng) {
    super();
    this.c_fc = this.registerModule("c_fc", new Linear(config.nEmbd, 4 * config.nEmbd, rng));
    this.c_proj = this.registerModule("c_proj", new Linear(4 * config.nEmbd, config.nEmbd, rng));
    this.dropout = this.registerModule("dropout", new Dropout(config.dropout, rng.fork()));
  }

  /** (B, T, C) -> (B, T, 4C) -> (B, T, C), with GPT-2's tanh-approximated GELU */
  forward(x: Tensor): Tensor {
    return this.dropout.forward(this.c_proj.forward(this.c_fc.forward(x).gelu("tanh")));
  }

  stateDictEntries(prefix = ""): StateDictEntry[] {
    return conv1dEntries(super.stateDictEntries(prefix), prefix, ["c_fc", "c_proj"]);
  }
}

export class Block extends Module {
  ln_1: LayerNorm;
  attn: CausalSelfAttention;
  ln_2: LayerNorm;
  mlp: MLP;

  constructor(config: GPTConfig, rng: Rng) {
    super();
    this.ln_1 = this.registerModule("ln_1", new LayerNorm(config.nEmbd, { eps: config.layerNormEps }));
    this.attn = this.registerModule("attn", new CausalSelfAttention(config, rng));
    this.ln_2 = this.registerModule("ln_2", new LayerNorm(config.nEmbd, { eps: config.layerNormEps }));
    this.mlp = this.registerModule("mlp", new MLP(config, rng));
  }

  /** Pre-norm: each sublayer sees a normalised input and adds its result to the residual stream. */
  forward(x: Tensor, kv?: LayerKV): Tensor {
    x = x.add(this.attn.forward(this.ln_1.forward(x), kv));
    return x.add(this.mlp.forward(this.ln_2.forward(x)));
  }
}

export interface GPTConfig {
  /** Number of token ids; set by the tokenizer (GPT-2: 50257), so it has no default. */
  vocabSize: number;
  /** Longest context (rows of wpe). 128: the course's texts are short and attention costs T². GPT-2: 1024. */
  nPositions: number;
  /** Width of the residual stream. 64 trains in seconds in plain JS; GPT-2 small: 768. */
  nEmbd: number;
  /** Number of blocks. 2: enough for induction-like behaviour in a tiny model; GPT-2 small: 12. */
  nLayer: number;
  /** Heads per block; nEmbd must divide by it. 4 gives 16 features per head here; GPT-2 small: 12 x 64. */
  nHead: number;
  /** Dropout on embeddings, attention weights and residual branches. 0: nanoGPT's choice for pretraining, and it keeps runs deterministic; GPT-2 trained with 0.1. */
  dropout: number;
  /** LayerNorm epsilon, GPT-2's 1e-5. */
  layerNormEps: number;
}

/** The defaults above; vocabSize must be given. */
export function gptConfig(c: Partial<GPTConfig> & { vocabSize: number }): GPTConfig {
  const config: GPTConfig = { nPositions: 128, nEmbd: 64, nLayer: 2, nHead: 4, dropout: 0, layerNormEps: 1e-5, ...c };
  checkPositiveIntegers("GPTConfig", config, ["vocabSize", "nPositions", "nEmbd", "nLayer", "nHead"]);
  if (config.nEmbd % config.nHead !== 0) {
    throw new QkvError(`GPTConfig: nEmbd=${config.nEmbd} must be divisible by nHead=${config.nHead} (each head gets nEmbd / nHead features)`);
  }
  if (!(config.dropout >= 0 && config.dropout < 1)) throw new QkvError(`GPTConfig: dropout must be in [0, 1), got ${config.dropout}`);
  return config;
}

export interface GPTForwardOptions {
  /**
   * A KV cache from newCache(). The ids are then the NEXT tokens after those already in the cache
   * (positions cache.length .., not 0 ..); their keys and values are appended, and cache.length grows
   * by T. Feeding a sequence in pieces (e.g. one token at a time) gives the same logits as one uncached
   * forward of the whole sequence. Use it under noGrad() when generating.
   */
  cache?: KVCache;
}

export class GPT extends Module {
  readonly config: GPTConfig;
  /** (V, C) token embeddings, also the LM head (tied) */
  wte: Embedding;
  /** (nPositions, C) learned position embeddings */
  wpe: Embedding;
  drop: Dropout;
  h: ModuleList<Block>;
  ln_f: LayerNorm;

  /** Weights start N(0, 0.02) (GPT-2's init), residual projections N(0, 0.02/√(2·nLayer)), biases 0. */
  constructor(config: Partial<GPTConfig> & { vocabSize: number }, rng: Rng) {
    super();
    const c = gptConfig(config);
    this.config = c;
    this.wte = this.registerModule("wte", new Embedding(c.vocabSize, c.nEmbd, rng));
    this.wpe = this.registerModule("wpe", new Embedding(c.nPositions, c.nEmbd, rng));
    this.drop = this.registerModule("drop", new Dropout(c.dropout, rng.fork()));
    this.h = this.registerModule("h", new ModuleList(Array.from({ length: c.nLayer }, () => new Block(c, rng))));
    this.ln_f = this.registerModule("ln_f", new LayerNorm(c.nEmbd, { eps: c.layerNormEps }));
    // The residual stream adds 2 branches per block; scaling their last projection keeps its variance flat.
    for (const [name, p] of this.namedParameters()) {
      if (name.endsWith("ln_1.weight") || name.endsWith("ln_2.weight") || name === "ln_f.weight") continue;
      if (name.endsWith(".bias")) fillConstant(p, 0);
      else fillNormal(p, name.endsWith("c_proj.weight") ? 0.02 / Math.sqrt(2 * c.nLayer) : 0.02, rng);
    }
  }

  /** An empty KV cache for forward(ids, { cache }); see GPTForwardOptions. */
  newCache(): KVCache {
    return new KVCache(this.config.nLayer, this.config.nPositions);
  }

  /**
   * ids (B, T) int32 -> logits (B, T, V): row t scores every possible token t+1.
   * With { cache }, the ids continue the cached sequence (see GPTForwardOptions).
   */
  forward(ids: Tensor, opts: GPTForwardOptions = {}): Tensor {
    if (ids.ndim !== 2 || ids.dtype !== "int32") {
      throw new QkvError(`GPT.forward: ids must be an int32 tensor (B, T), got ${ids.dtype} of shape ${formatShape(ids.shape)}`);
    }
    const [B, T] = ids.shape;
    const cache = opts.cache;
    const offset = cache ? cache.length : 0;
    if (offset + T > this.config.nPositions) {
      throw new QkvError(`GPT.forward: positions ${offset}..${offset + T - 1} exceed nPositions=${this.config.nPositions}${cache ? " (the KV cache is full)" : ""}`);
    }
    if (cache) {
      const past = cache.layers[0].k;
      if (past && past.shape[0] !== B) throw new QkvError(`GPT.forward: ids have batch ${B} but the KV cache holds batch ${past.shape[0]}`);
      if (cache.layers.length !== this.config.nLayer) throw new QkvError(`GPT.forward: the KV cache has ${cache.layers.length} layers, the model ${this.config.nLayer}`);
    }
    const tok = this.wte.forward(ids); // (B, T, C)
    const pos = this.wpe.forward(positionIds(T, offset)); // (T, C)
    let x = this.drop.forward(tok.add(pos)); // (B, T, C)
    let i = 0;
    for (const block of this.h) x = block.forward(x, cache ? cache.layers[i++] : undefined);
    x = this.ln_f.forward(x);
    return linear(x, this.wte.weight, null, "GPT lm head"); // (B, T, C) x (V, C)ᵀ -> (B, T, V)
  }

  /** GPT2LMHeadModel's keys: strip "transformer.", drop the tied lm_head.weight and the mask buffers. */
  protected normalizeStateDictKey(key: string): string | null {
    const k = key.startsWith("transformer.") ? key.slice("transformer.".length) : key;
    if (k === "lm_head.weight") return null;
    if (/^h\.[0-9]+\.attn\.(bias|masked_bias)$/.test(k)) return null;
    return k;
  }

  protected extraRepr(): string {
    const c = this.config;
    return `vocabSize=${c.vocabSize}, nPositions=${c.nPositions}, nEmbd=${c.nEmbd}, nLayer=${c.nLayer}, nHead=${c.nHead}`;
  }
}
