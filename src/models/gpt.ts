/**
 * GPT: a decoder-only Transformer that predicts the next token (GPT-2's architecture).
 *
 * Token + position embeddings, a stack of pre-norm blocks (causal self-attention, then an MLP, each in
 * a residual connection), a final LayerNorm, and an LM head that reuses the token embedding matrix
 * (weight tying: the same table maps ids to vectors and vectors back to scores over ids; with
 * tieWordEmbeddings: false it is a separate `lm_head`, as GPT-2 configs with tie_word_embeddings false).
 *
 * Parameter names are GPT-2's (wte, wpe, h.N.ln_1, h.N.attn.c_attn, ..., ln_f), so a Hugging Face GPT-2
 * state dict loads without renaming. One layout differs: GPT-2 keeps its projections in "Conv1D"
 * modules whose weight is (in, out); here they are ordinary Linear layers, (out, in). The state dict
 * uses GPT-2's layout (stateDict() transposes those four weights on the way out, loadStateDict() on
 * the way in), so checkpoints are interchangeable with Hugging Face's. loadStateDict also accepts
 * GPT2LMHeadModel's "transformer." prefix and ignores the causal-mask buffers "h.N.attn.bias" /
 * "h.N.attn.masked_bias"; in a tied model an "lm_head.weight" must equal wte.weight (it is then dropped).
 *
 * File order follows nanoGPT's model.py: attention, MLP, block, config, model.
 */
import { Rng, Tensor, concat } from "../tensor/index.js";
import { QkvError, checkPositiveIntegers, formatShape } from "../tensor/errors.js";
import { Module, ModuleList, type StateDictEntry } from "../nn/module.js";
import { checkKeys } from "../nn/options.js";
import { type Activation, activate, checkActivation } from "../nn/activation.js";
import { tokenLoss, checkLabels } from "./loss.js";
import { Linear, linear } from "../nn/linear.js";
import { Embedding } from "../nn/embedding.js";
import { LayerNorm } from "../nn/layer-norm.js";
import { Dropout } from "../nn/dropout.js";
import { positionIds } from "../nn/positional.js";
import { scaledDotProductAttention, splitHeads, mergeHeads, attendHeads } from "../nn/attention.js";
import { fillNormal, fillConstant } from "../nn/init.js";
import { checkTensorArg } from "../tensor/validate.js";

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
 *
 * Memory: in eval() mode the cache stores detached keys and values, so it never keeps the autograd graph
 * of earlier steps alive (even outside noGrad). In train() mode it keeps them attached, so a loss on later
 * tokens can backpropagate into the earlier ones; drop the cache (or clear() it) after backward().
 */
export class KVCache {
  readonly layers: LayerKV[];
  /** The model's nPositions: the cache cannot grow beyond it. */
  readonly maxLength: number;

  constructor(nLayer: number, maxLength: number) {
    this.layers = Array.from({ length: nLayer }, () => ({ k: null, v: null }));
    this.maxLength = maxLength;
  }

  /** Forgets the cached keys and values (the next forward starts at position 0 again). */
  clear(): void {
    for (const layer of this.layers) layer.k = layer.v = null;
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

  /** 1/√hs, or as GPT2's scale_attn_weights / scale_attn_by_inverse_layer_idx ask (layer counts from 0). */
  readonly scale: number;

  constructor(config: GPTConfig, rng?: Rng | null, layerIndex = 0) {
    super();
    this.nHead = config.nHead;
    this.nEmbd = config.nEmbd;
    const hs = config.nEmbd / config.nHead;
    this.scale = (config.scaleAttnWeights ? 1 / Math.sqrt(hs) : 1) / (config.scaleAttnByInverseLayerIdx ? layerIndex + 1 : 1);
    this.c_attn = this.registerModule("c_attn", new Linear(config.nEmbd, 3 * config.nEmbd, rng));
    this.c_proj = this.registerModule("c_proj", new Linear(config.nEmbd, config.nEmbd, rng));
    this.attn_dropout = this.registerModule("attn_dropout", new Dropout(config.dropout, rng?.fork()));
    this.resid_dropout = this.registerModule("resid_dropout", new Dropout(config.dropout, rng?.fork()));
  }

  /** x (B, T, C) -> (B, T, C). With `kv`, the new keys/values are appended to it and attention covers them all. */
  forward(x: Tensor, kv?: LayerKV): Tensor {
    const C = this.nEmbd;
    const qkv = this.c_attn.forward(x); // (B, T, C) -> (B, T, 3C)
    if (!kv) {
      // No cache: heads are read straight from the packed projection (no split/merge copies with the wasm kernels).
      const part = (i: number) => ({ tensor: qkv, start: i * C, width: C });
      const { output, weights } = attendHeads(part(0), part(1), part(2), this.nHead, { causal: true, dropout: this.attn_dropout, scale: this.scale });
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
      // eval(): store detached copies of the graph nodes, so the cache does not keep earlier steps' graphs alive
      kv.k = this.training ? k : k.detach();
      kv.v = this.training ? v : v.detach();
    }
    // causal with S >= T: query i (absolute position S-T+i) sees keys 0 .. S-T+i
    const { output, weights } = scaledDotProductAttention(q, k, v, { causal: true, dropout: this.attn_dropout, scale: this.scale });
    this.lastWeights = weights.detach();
    return this.resid_dropout.forward(this.c_proj.forward(mergeHeads(output))); // (B, nh, T, hs) -> (B, T, C)
  }

  stateDictEntries(prefix = ""): StateDictEntry[] {
    return conv1dEntries(super.stateDictEntries(prefix), prefix, ["c_attn", "c_proj"]);
  }
}

export class MLP extends Module {
  readonly activation: Activation;
  /** (nInner, C), nInner = 4C by default */
  c_fc: Linear;
  /** (C, nInner) */
  c_proj: Linear;
  dropout: Dropout;

  constructor(config: GPTConfig, rng?: Rng | null) {
    super();
    this.activation = config.activation;
    this.c_fc = this.registerModule("c_fc", new Linear(config.nEmbd, config.nInner, rng));
    this.c_proj = this.registerModule("c_proj", new Linear(config.nInner, config.nEmbd, rng));
    this.dropout = this.registerModule("dropout", new Dropout(config.dropout, rng?.fork()));
  }

  /** (B, T, C) -> (B, T, 4C) -> (B, T, C), with GPT-2's tanh-approximated GELU unless the config says otherwise */
  forward(x: Tensor): Tensor {
    return this.dropout.forward(this.c_proj.forward(activate(this.c_fc.forward(x), this.activation)));
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

  constructor(config: GPTConfig, rng?: Rng | null, layerIndex = 0) {
    super();
    this.ln_1 = this.registerModule("ln_1", new LayerNorm(config.nEmbd, { eps: config.layerNormEps }));
    this.attn = this.registerModule("attn", new CausalSelfAttention(config, rng, layerIndex));
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
  /** Width of the MLP's hidden layer: 4 x nEmbd, GPT-2's ratio (3072 / 768). Hugging Face's n_inner. */
  nInner: number;
  /** The MLP's activation: "gelu_tanh", GPT-2's (Hugging Face "gelu_new"). */
  activation: Activation;
  /** true: the LM head is wte (GPT-2's weight tying, fewer parameters). false: a separate lm_head (V, C). */
  tieWordEmbeddings: boolean;
  /** true: scores are divided by √hs (GPT-2 and the paper). false: unscaled (a GPT-2 config option). */
  scaleAttnWeights: boolean;
  /** true: layer i's scores are also divided by i + 1 (Hugging Face's scale_attn_by_inverse_layer_idx; false in GPT-2). */
  scaleAttnByInverseLayerIdx: boolean;
  /** Id of the beginning-of-text token, or null if the vocabulary has none; written to config.json. GPT-2: 50256. */
  bosTokenId: number | null;
  /** Id of the end-of-text token (generation stops there), or null; written to config.json. GPT-2: 50256. */
  eosTokenId: number | null;
}

export const GPT_CONFIG_KEYS: readonly (keyof GPTConfig)[] = [
  "vocabSize", "nPositions", "nEmbd", "nLayer", "nHead", "dropout", "layerNormEps", "nInner", "activation",
  "tieWordEmbeddings", "scaleAttnWeights", "scaleAttnByInverseLayerIdx", "bosTokenId", "eosTokenId",
];

/** The defaults above; vocabSize must be given. An unknown key is an error (naming the key it probably meant). */
export function gptConfig(c: Partial<GPTConfig> & { vocabSize: number }): GPTConfig {
  checkKeys("GPTConfig", c, GPT_CONFIG_KEYS);
  const nEmbd = c.nEmbd ?? 64;
  const config: GPTConfig = {
    nPositions: 128, nEmbd, nLayer: 2, nHead: 4, dropout: 0, layerNormEps: 1e-5, nInner: 4 * nEmbd, activation: "gelu_tanh",
    tieWordEmbeddings: true, scaleAttnWeights: true, scaleAttnByInverseLayerIdx: false, bosTokenId: null, eosTokenId: null,
    ...c,
  };
  checkPositiveIntegers("GPTConfig", config, ["vocabSize", "nPositions", "nEmbd", "nLayer", "nHead", "nInner"]);
  checkActivation(config.activation, "GPTConfig");
  for (const key of ["tieWordEmbeddings", "scaleAttnWeights", "scaleAttnByInverseLayerIdx"] as const) {
    if (typeof config[key] !== "boolean") throw new QkvError(`GPTConfig: ${key} must be true or false, got ${JSON.stringify(config[key])}`);
  }
  for (const key of ["bosTokenId", "eosTokenId"] as const) {
    const id = config[key];
    if (id !== null && !(Number.isInteger(id) && id >= 0 && id < config.vocabSize)) {
      throw new QkvError(`GPTConfig: ${key}=${JSON.stringify(id)} must be null or a token id in [0, vocabSize=${config.vocabSize})`);
    }
  }
  if (!(typeof config.layerNormEps === "number" && config.layerNormEps > 0)) throw new QkvError(`GPTConfig: layerNormEps must be a positive number, got ${config.layerNormEps}`);
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
  /**
   * (B, T) int32 target ids, usually the input ids themselves (Hugging Face's labels): forward then returns
   * a GPTOutput whose loss is the mean cross-entropy of logits[:, t] against labels[:, t+1] (the shift is
   * done here), skipping targets equal to -100.
   */
  labels?: Tensor | null;
  /** true: forward returns a GPTOutput with hiddenStates (one per layer, plus the embeddings). */
  outputHiddenStates?: boolean;
}

const FORWARD_KEYS = ["cache", "labels", "outputHiddenStates"] as const;

/** What forward returns when asked for a loss or hidden states (Hugging Face's CausalLMOutput). */
export interface GPTOutput {
  /** (B, T, V) */
  logits: Tensor;
  /** Mean next-token cross-entropy over the labels that are not -100 (a scalar), or null without labels; NaN if all are -100, as PyTorch. */
  loss: Tensor | null;
  /**
   * nLayer + 1 tensors (B, T, C), as Hugging Face's hidden_states: [0] the embeddings (token + position),
   * [i] the output of block i - 1, and the last one after the final LayerNorm ln_f. Null unless asked.
   */
  hiddenStates: Tensor[] | null;
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
  /** (V, C) when tieWordEmbeddings is false; null when the LM head is wte. */
  lm_head: Linear | null;

  /**
   * Weights start N(0, 0.02) (GPT-2's init), residual projections N(0, 0.02/√(2·nLayer)), biases 0.
   * Without `rng` the weights are zeros, for a model about to be loaded (loadModel needs no seed); such a
   * model cannot train with dropout > 0.
   */
  constructor(config: Partial<GPTConfig> & { vocabSize: number }, rng?: Rng | null) {
    super();
    const c = gptConfig(config);
    this.config = c;
    this.wte = this.registerModule("wte", new Embedding(c.vocabSize, c.nEmbd, rng));
    this.wpe = this.registerModule("wpe", new Embedding(c.nPositions, c.nEmbd, rng));
    this.drop = this.registerModule("drop", new Dropout(c.dropout, rng?.fork()));
    this.h = this.registerModule("h", new ModuleList(Array.from({ length: c.nLayer }, (_, i) => new Block(c, rng, i))));
    this.ln_f = this.registerModule("ln_f", new LayerNorm(c.nEmbd, { eps: c.layerNormEps }));
    this.lm_head = c.tieWordEmbeddings ? null : this.registerModule("lm_head", new Linear(c.nEmbd, c.vocabSize, rng, { bias: false }));
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
   * With { labels } or { outputHiddenStates: true }: a GPTOutput { logits, loss, hiddenStates }.
   */
  forward(ids: Tensor, opts?: { cache?: KVCache; labels?: null; outputHiddenStates?: false }): Tensor;
  forward(ids: Tensor, opts: GPTForwardOptions & ({ labels: Tensor } | { outputHiddenStates: true })): GPTOutput;
  forward(ids: Tensor, opts: GPTForwardOptions = {}): Tensor | GPTOutput {
    checkTensorArg(ids, "GPT.forward", "ids");
    checkKeys("GPT.forward", opts, FORWARD_KEYS);
    if (!(ids instanceof Tensor) || ids.ndim !== 2 || ids.dtype !== "int32") {
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
    const labels = opts.labels ?? null;
    if (labels) checkLabels("GPT.forward", labels, [B, T], this.config.vocabSize);
    const hidden: Tensor[] | null = opts.outputHiddenStates ? [] : null;
    const tok = this.wte.forward(ids); // (B, T, C)
    const pos = this.wpe.forward(positionIds(T, offset)); // (T, C)
    let x = this.drop.forward(tok.add(pos)); // (B, T, C)
    let i = 0;
    for (const block of this.h) {
      hidden?.push(x);
      x = block.forward(x, cache ? cache.layers[i++] : undefined);
    }
    x = this.ln_f.forward(x);
    hidden?.push(x);
    // (B, T, C) x (V, C)ᵀ -> (B, T, V)
    const logits = this.lm_head ? this.lm_head.forward(x) : linear(x, this.wte.weight, null, "GPT lm head");
    if (!labels && !hidden) return logits;
    // HF's shift: position t predicts label t+1 (B, T-1, V) vs (B, T-1)
    const loss = labels ? tokenLoss(logits.slice(1, 0, T - 1), labels.slice(1, 1, T)) : null;
    return { logits, loss, hiddenStates: hidden };
  }

  /** GPT2LMHeadModel's keys: strip "transformer.", drop the causal-mask buffers. */
  protected normalizeStateDictKey(key: string): string | null {
    const k = key.startsWith("transformer.") ? key.slice("transformer.".length) : key;
    if (/^h\.[0-9]+\.attn\.(bias|masked_bias)$/.test(k)) return null;
    return k;
  }

  /** In a tied model, a saved lm_head.weight is a copy of wte.weight (checked, then dropped). */
  protected tiedCopyOf(key: string): string | null {
    return this.lm_head === null && (key === "lm_head.weight" || key === "transformer.lm_head.weight") ? "wte.weight" : null;
  }

  protected extraRepr(): string {
    const c = this.config;
    return `vocabSize=${c.vocabSize}, nPositions=${c.nPositions}, nEmbd=${c.nEmbd}, nLayer=${c.nLayer}, nHead=${c.nHead}${c.tieWordEmbeddings ? "" : ", untied lm_head"}`;
  }
}
