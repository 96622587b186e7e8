/**
 * Module: the base class of every layer and model, after torch.nn.Module.
 *
 * A module owns parameters (tensors with requiresGrad, learned by an optimizer) and child modules,
 * each registered under a name. Names join with dots into PyTorch-style paths such as
 * `h.0.attn.c_attn.weight`, which are also the keys of the state dict, so a state dict exported from
 * PyTorch or Hugging Face loads without renaming. Registration is explicit (registerParameter /
 * registerModule) rather than discovered from the object's fields: a tied weight, a cached tensor or
 * a plain option must never turn into a parameter by accident.
 *
 * The TypeScript field and the registered name are the same word (`this.c_attn`, `this.LayerNorm`),
 * so the code, the summary and the state dict all say the same thing.
 */
import { Tensor } from "../tensor/index.js";
import { QkvError, formatShape } from "../tensor/errors.js";
import { shapesEqual } from "../tensor/shape.js";
import type { DType } from "../tensor/dtype.js";
import { checkKeys } from "./options.js";

/** The float types a module's parameters can have: float32 (the default) or float64 (gradient checks, exact comparisons). */
export type ModuleDType = "float32" | "float64";

/**
 * Converts a parameter to `dtype` in place: same Tensor object (so tied weights stay tied and every field
 * and optimizer that holds it sees the change), new storage. Its gradient is dropped (it had the old dtype).
 * Tensor.dtype is readonly for users; a module is the one owner allowed to retype its parameters.
 */
function retypeInPlace(t: Tensor, dtype: ModuleDType): void {
  if (t.dtype === dtype) return;
  const data = dtype === "float64" ? Float64Array.from(t.data) : Float32Array.from(t.data);
  (t as { data: Tensor["data"] }).data = data;
  (t as { dtype: DType }).dtype = dtype;
  t.grad = null;
}

/** A parameter is a Tensor with requiresGrad = true, registered in a Module (there is no separate class). */
export type Parameter = Tensor;

/** Parameter name -> tensor, in registration order (a plain object, as safetensors and JSON store it). */
export type StateDict = Record<string, Tensor>;

export interface LoadStateDictOptions {
  /**
   * true (the default): every key must match exactly; missing or unexpected keys are an error.
   * false: load the keys that match and report the others. Shapes must match either way.
   */
  strict?: boolean;
  /**
   * false (the default): a float64 value that float32 cannot hold exactly, loaded into a float32
   * parameter, is an error (call module.to("float64") first). true: round it to float32.
   */
  allowRounding?: boolean;
}

export interface LoadStateDictResult {
  /** Parameters of the module that the state dict did not provide (left unchanged). */
  missing: string[];
  /** Keys of the state dict that name no parameter of the module (ignored). */
  unexpected: string[];
}

/**
 * One row of a module's state-dict layout: the key, the parameter behind it, and whether the saved
 * tensor is the parameter transposed (GPT-2 stores its Conv1D weights as (in, out)).
 */
export interface StateDictEntry {
  key: string;
  param: Tensor;
  transposed: boolean;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$|^[0-9]+$/;

export class Module {
  /** true in training mode (dropout active); set through train() / eval(), which reach every child. */
  training = true;
  private readonly ownParameters = new Map<string, Tensor>();
  private readonly ownModules = new Map<string, Module>();

  /**
   * Makes `t` a parameter of this module under `name` (no dots: nesting comes from child modules) and
   * returns it, so a constructor reads `this.weight = this.registerParameter("weight", w)`.
   */
  protected registerParameter(name: string, t: Tensor): Tensor {
    this.checkNewName(name, "registerParameter");
    if (t.dtype !== "float32" && t.dtype !== "float64") {
      throw new QkvError(`${this.constructor.name}.registerParameter("${name}"): parameters must be float32 or float64, got ${t.dtype}`);
    }
    t.requiresGrad = true;
    this.ownParameters.set(name, t);
    return t;
  }

  /** Makes `m` a child module under `name` and returns it: `this.attn = this.registerModule("attn", new ...)`. */
  protected registerModule<M extends Module>(name: string, m: M): M {
    this.checkNewName(name, "registerModule");
    if (!(m instanceof Module)) {
      throw new QkvError(`${this.constructor.name}.registerModule("${name}"): expected a Module, got ${String(m)}`);
    }
    this.ownModules.set(name, m);
    return m;
  }

  private checkNewName(name: string, op: string): void {
    if (!NAME.test(name)) {
      throw new QkvError(`${this.constructor.name}.${op}: name "${name}" must be an identifier or an index (no dots)`);
    }
    if (this.ownParameters.has(name) || this.ownModules.has(name)) {
      throw new QkvError(`${this.constructor.name}.${op}: "${name}" is already registered`);
    }
  }

  /** Direct children as [name, module] pairs, in registration order. */
  namedChildren(): [string, Module][] {
    return [...this.ownModules.entries()];
  }

  /** This module and all its descendants as [dotted name, module] ("" for this module itself). */
  namedModules(prefix = ""): [string, Module][] {
    const out: [string, Module][] = [[prefix, this]];
    for (const [name, child] of this.ownModules) out.push(...child.namedModules(prefix ? `${prefix}.${name}` : name));
    return out;
  }

  /**
   * Every parameter with its dotted path, e.g. `["layers.0.self_attn.in_proj_weight", t]`. A tensor
   * registered twice (a tied weight) is listed once, under its first name, so an optimizer updates it once.
   */
  namedParameters(): [string, Tensor][] {
    const seen = new Set<Tensor>();
    const out: [string, Tensor][] = [];
    for (const [prefix, m] of this.namedModules()) {
      for (const [name, p] of m.ownParameters) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push([prefix ? `${prefix}.${name}` : name, p]);
      }
    }
    return out;
  }

  /** The parameters, each once: what an optimizer is given. */
  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Number of scalar parameters (all, or only those that train). Tied weights count once. */
  numParameters(opts: { trainableOnly?: boolean } = {}): number {
    let n = 0;
    for (const p of this.parameters()) if (!opts.trainableOnly || p.requiresGrad) n += p.size;
    return n;
  }

  /** Training mode: dropout is active. Reaches every descendant. Returns this, for chaining. */
  train(mode = true): this {
    for (const [, m] of this.namedModules()) m.training = mode;
    return this;
  }

  /** Evaluation mode (dropout off): same as train(false). */
  eval(): this {
    return this.train(false);
  }

  /**
   * Stops the parameters of this module (and its children) from learning: requiresGrad becomes false,
   * so backward() computes no gradient for them and optimizers, which skip parameters without
   * requiresGrad, leave them bit-identical. Used to train a new head on a frozen backbone.
   */
  freeze(): this {
    for (const p of this.parameters()) p.requiresGrad = false;
    return this;
  }

  /** Undoes freeze(): every parameter of this module learns again. */
  unfreeze(): this {
    for (const p of this.parameters()) p.requiresGrad = true;
    return this;
  }

  /**
   * The dtype of the parameters: "float32" unless to("float64") was called. A module without
   * parameters reports "float32".
   */
  get dtype(): ModuleDType {
    const first = this.parameters()[0];
    return first && first.dtype === "float64" ? "float64" : "float32";
  }

  /**
   * Converts every parameter (and every fixed table a layer keeps, such as the sinusoidal positions)
   * to `dtype`, in place, and returns this: `new GPT(config, rng).to("float64")` runs the whole model in
   * float64 (inputs of either float type then give float64 outputs). The Tensor objects stay the same,
   * so tied weights stay tied; gradients are dropped. Make the optimizer after this call (its moment
   * buffers take the parameters' dtype when they are created).
   */
  to(dtype: ModuleDType): this {
    if (dtype !== "float32" && dtype !== "float64") {
      throw new QkvError(`${this.constructor.name}.to: dtype must be "float32" or "float64", got ${JSON.stringify(dtype)}`);
    }
    for (const p of this.parameters()) retypeInPlace(p, dtype);
    for (const [, m] of this.namedModules()) m.applyDtype(dtype);
    return this;
  }

  /** Hook for to(): a layer that keeps non-parameter tensors (a fixed table) converts them here. */
  protected applyDtype(_dtype: ModuleDType): void {}

  /** Forgets the gradients of all parameters (before the next backward()). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.zeroGrad();
  }

  /**
   * How the parameters appear in a saved state dict. The default is one entry per registered
   * name (a tied weight appears under each of its names, as in PyTorch). A model whose checkpoint
   * format stores some weights differently (GPT-2's (in, out) Conv1D weights) overrides this.
   */
  stateDictEntries(prefix = ""): StateDictEntry[] {
    const out: StateDictEntry[] = [];
    for (const [name, p] of this.ownParameters) out.push({ key: prefix + name, param: p, transposed: false });
    for (const [name, child] of this.ownModules) out.push(...child.stateDictEntries(`${prefix}${name}.`));
    return out;
  }

  /**
   * Maps a key of an incoming state dict to this module's key, or null to ignore it. The default keeps
   * every key; GPT and BERT override it to accept Hugging Face's prefixes, buffers and tied copies.
   */
  protected normalizeStateDictKey(key: string): string | null {
    return key;
  }

  /**
   * For a key that a checkpoint stores as a copy of a tied weight (GPT-2's lm_head.weight = wte.weight),
   * the model key it must equal; null otherwise. loadStateDict checks that the copy really equals the
   * weight it is tied to: a checkpoint whose copy differs was saved untied, and loading it into a tied
   * model would silently compute something else.
   */
  protected tiedCopyOf(_key: string): string | null {
    return null;
  }

  /**
   * The parameters by name, as saved in a checkpoint. The tensors share storage with the parameters
   * (except transposed entries, which are copies): clone() them to keep a snapshot.
   */
  stateDict(): StateDict {
    const sd: StateDict = {};
    for (const { key, param, transposed } of this.stateDictEntries()) {
      sd[key] = transposed ? param.detach().transpose(0, 1) : param.detach();
    }
    return sd;
  }

  /**
   * Copies the tensors of `sd` into the parameters (in place, so an optimizer holding them keeps working).
   * Accepts the names and layouts PyTorch and Hugging Face use for the same modules. With strict (the
   * default) any missing, unexpected or mis-shaped key is an error whose message lists all of them;
   * nothing is copied in that case. Values are converted to the parameter's dtype; float64 values that a
   * float32 parameter cannot hold exactly are an error unless { allowRounding: true } (never rounded silently).
   */
  loadStateDict(sd: StateDict | Map<string, Tensor>, opts: LoadStateDictOptions = {}): LoadStateDictResult {
    const who = `loadStateDict(${this.constructor.name})`;
    checkKeys(who, opts, ["strict", "allowRounding"]);
    const strict = opts.strict ?? true;
    const incoming = new Map<string, Tensor>();
    const tiedCopies: [string, string, Tensor][] = [];
    const rawEntries = sd instanceof Map ? [...sd.entries()] : Object.entries(sd);
    for (const [rawKey, t] of rawEntries) {
      if (!(t instanceof Tensor)) throw new QkvError(`${who}: value of "${rawKey}" is not a Tensor`);
      const tiedTo = this.tiedCopyOf(rawKey);
      if (tiedTo !== null) {
        tiedCopies.push([rawKey, tiedTo, t]);
        continue;
      }
      const key = this.normalizeStateDictKey(rawKey);
      if (key === null) continue;
      if (incoming.has(key)) throw new QkvError(`${who}: keys "${rawKey}" and another key both map to "${key}"`);
      incoming.set(key, t);
    }
    for (const [rawKey, tiedTo, copy] of tiedCopies) {
      const source = incoming.get(tiedTo);
      if (!source) continue; // reported as missing below
      const same = shapesEqual(copy.shape, source.shape) && copy.data.every((v, i) => v === source.data[i]);
      if (!same) {
        throw new QkvError(`${who}: "${rawKey}" differs from "${tiedTo}", but this model ties them (one shared weight); ` +
          `the checkpoint was saved with untied weights: build the model with tieWordEmbeddings: false ` +
          `(config.json "tie_word_embeddings": false) to load both; nothing was loaded`);
      }
    }
    const entries = this.stateDictEntries();
    const known = new Set(entries.map((e) => e.key));
    const missing = entries.filter((e) => !incoming.has(e.key)).map((e) => e.key);
    const unexpected = [...incoming.keys()].filter((k) => !known.has(k));
    const misShaped: string[] = [];
    for (const { key, param, transposed } of entries) {
      const t = incoming.get(key);
      if (!t) continue;
      const expected = transposed ? [...param.shape].reverse() : param.shape;
      if (!shapesEqual(t.shape, expected)) {
        misShaped.push(`${key}: got ${formatShape(t.shape)}, expected ${formatShape(expected)}`);
      }
    }
    const rounded: string[] = [];
    if (!opts.allowRounding) {
      for (const { key, param } of entries) {
        const t = incoming.get(key);
        if (!t || t.dtype !== "float64" || param.dtype !== "float32") continue;
        const i = t.data.findIndex((v) => Math.fround(v) !== v && !Number.isNaN(v));
        if (i >= 0) rounded.push(`${key}: element ${i} = ${t.data[i]} is float64 and would round to ${Math.fround(t.data[i])}`);
      }
    }
    if (rounded.length > 0) {
      throw new QkvError([
        `${who}: the state dict holds float64 values but the model is float32; nothing was loaded`,
        ...rounded.slice(0, 5).map((r) => `  ${r}`),
        ...(rounded.length > 5 ? [`  ... (${rounded.length - 5} more keys)`] : []),
        `  call model.to("float64") before loading, or pass { allowRounding: true } to round to float32`,
      ].join("\n"));
    }
    if (misShaped.length > 0 || (strict && (missing.length > 0 || unexpected.length > 0))) {
      const lines = [`${who}: the state dict does not match the model${strict ? " (strict)" : ""}; nothing was loaded`];
      const list = (what: string, keys: string[]) => {
        if (keys.length === 0) return;
        const shown = keys.slice(0, 20).join(", ") + (keys.length > 20 ? `, ... (${keys.length - 20} more)` : "");
        lines.push(`  ${what} (${keys.length}): ${shown}`);
      };
      list("missing keys", strict ? missing : []);
      list("unexpected keys", strict ? unexpected : []);
      list("mis-shaped keys", misShaped);
      if (strict && misShaped.length === 0) lines.push("  pass { strict: false } to load only the keys that match");
      throw new QkvError(lines.join("\n"));
    }
    for (const { key, param, transposed } of entries) {
      const t = incoming.get(key);
      if (!t) continue;
      const src = transposed ? t.detach().transpose(0, 1) : t;
      param.data.set(src.data); // converts to the parameter's dtype (float32 -> float64 is exact)
    }
    return { missing, unexpected };
  }

  /** The part inside the parentheses of this module's summary line, e.g. `in=8, out=16, bias`. */
  protected extraRepr(): string {
    return "";
  }

  /**
   * The module tree, PyTorch style: a leaf on one line, `Linear(in=8, out=16)`; a module with children
   * lists its settings, its own parameters with their shapes, then its children, with repeated
   * identical children folded: `(0-5): 6 x Block(...)`.
   */
  protected reprTree(): string {
    const children = this.namedChildren();
    const extra = this.extraRepr();
    if (children.length === 0) return `${this.constructor.name}(${extra})`;
    const lines: string[] = extra ? [extra] : [];
    for (const [name, p] of this.ownParameters) lines.push(`(${name}): ${formatShape(p.shape)}`);
    let i = 0;
    while (i < children.length) {
      const text = children[i][1].reprTree();
      let j = i + 1;
      const numbered = /^[0-9]+$/.test(children[i][0]);
      while (numbered && j < children.length && /^[0-9]+$/.test(children[j][0]) && children[j][1].reprTree() === text) j++;
      const label = j - i > 1 ? `(${children[i][0]}-${children[j - 1][0]}): ${j - i} x ` : `(${children[i][0]}): `;
      lines.push(label + text.split("\n").join("\n  "));
      i = j;
    }
    return `${this.constructor.name}(\n  ${lines.join("\n  ")}\n)`;
  }

  /**
   * A readable summary for notebooks: the module tree and the parameter count.
   *
   *     GPT(
   *       vocabSize=32, nPositions=128, nEmbd=16, nLayer=2, nHead=4
   *       (wte): Embedding(32, 16)
   *       ...
   *     )
   *     parameters: 7,392 (trainable 7,392)
   */
  toString(): string {
    const total = this.numParameters();
    const trainable = this.numParameters({ trainableOnly: true });
    return `${this.reprTree()}\nparameters: ${total.toLocaleString("en-US")} (trainable ${trainable.toLocaleString("en-US")})`;
  }

  /** console.log(model) prints the summary. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** A list of modules registered as "0", "1", ... (torch.nn.ModuleList): the layers of a stack. */
export class ModuleList<M extends Module = Module> extends Module {
  private readonly items: M[] = [];

  constructor(modules: M[] = []) {
    super();
    for (const m of modules) this.append(m);
  }

  append(m: M): this {
    this.items.push(this.registerModule(String(this.items.length), m));
    return this;
  }

  get length(): number {
    return this.items.length;
  }

  get(i: number): M {
    if (!Number.isInteger(i) || i < 0 || i >= this.items.length) {
      throw new QkvError(`ModuleList.get: index ${i} out of range for ${this.items.length} modules`);
    }
    return this.items[i];
  }

  [Symbol.iterator](): Iterator<M> {
    return this.items[Symbol.iterator]();
  }
}
