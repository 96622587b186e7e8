/**
 * Optimizers with PyTorch's update rules (torch.optim.SGD, Adam, AdamW; the tests replay PyTorch's
 * steps on the same parameters and gradients). An optimizer takes a list of parameters or a Module
 * (anything with parameters()). At each step it skips a parameter that has requiresGrad = false
 * (frozen) or no gradient, so freezing a layer after building the optimizer works too.
 *
 * Updates write into each parameter's data in place: they are not recorded by autograd.
 */
import { QkvError, Tensor } from "../tensor/index.js";
import { checkNumber, checkOptionsObject, describeValue } from "../tensor/errors.js";

/** Where an optimizer finds its parameters: a list, or a Module. */
export type ParameterSource = Iterable<Tensor> | { parameters(): Iterable<Tensor> };

/**
 * A group of parameters with its own settings, e.g. a pretrained backbone fine-tuned 10x slower than
 * a new head, or biases and LayerNorm weights without weight decay (as nanoGPT does):
 *   new AdamW([{ params: backbone, lrScale: 0.1 }, { params: head }], { lr: 1e-3 })
 */
export interface ParameterGroup {
  params: ParameterSource;
  /** This group's learning rate is the optimizer's lr × lrScale (default 1), so a schedule moves all groups together. */
  lrScale?: number;
  /** Overrides the optimizer's weightDecay for this group. */
  weightDecay?: number;
}

/** What an optimizer takes: a list of parameters, a Module, or parameter groups. */
export type OptimizerParameters = ParameterSource | ParameterGroup[];

/** The per-parameter settings a step uses. */
interface StepSettings {
  lr: number;
  weightDecay: number;
}

function isGroupList(x: OptimizerParameters): x is ParameterGroup[] {
  return Array.isArray(x) && x.length > 0 && !(x[0] instanceof Tensor) && typeof x[0] === "object" && x[0] !== null && "params" in x[0];
}

/** The parameters of a source, each once (a tied weight appears in a module twice). */
export function collectParameters(source: ParameterSource, op = "optimizer"): Tensor[] {
  const list =
    typeof (source as { parameters?: unknown }).parameters === "function"
      ? (source as { parameters(): Iterable<Tensor> }).parameters()
      : (source as Iterable<Tensor>);
  if (list === null || list === undefined || list instanceof Tensor || typeof (list as Iterable<Tensor>)[Symbol.iterator] !== "function") {
    throw new QkvError(`${op}: expected a list of parameters or a Module with parameters(), got ${describeValue(list)}${list instanceof Tensor ? " (put it in a list: [t])" : ""}`);
  }
  const seen = new Set<Tensor>();
  const out: Tensor[] = [];
  let i = 0;
  for (const p of list) {
    if (!(p instanceof Tensor)) throw new QkvError(`${op}: parameter ${i} is not a Tensor, got ${describeValue(p)}`);
    if (p.dtype !== "float32" && p.dtype !== "float64") throw new QkvError(`${op}: parameter ${i} has dtype ${p.dtype}; only float tensors can be trained`);
    if (!seen.has(p)) {
      seen.add(p);
      out.push(p);
    }
    i++;
  }
  return out;
}

/** Sets every parameter's gradient to null (PyTorch's zero_grad(set_to_none=True)): the next backward starts fresh. */
export function zeroGrad(source: ParameterSource): void {
  for (const p of collectParameters(source, "zeroGrad")) p.grad = null;
}

/**
 * Scales all gradients together so that their joint L2 norm is at most maxNorm (torch.nn.utils.clip_grad_norm_):
 * total = sqrt(Σ_p ‖grad_p‖²); if total > maxNorm every gradient is multiplied by maxNorm / (total + 1e-6).
 * Returns the total norm before clipping (worth plotting: spikes show unstable training).
 */
export function clipGradNorm(source: ParameterSource, maxNorm: number): number {
  // +Infinity is allowed, as in PyTorch: it measures the norm and never clips.
  if (maxNorm !== Infinity) checkNumber("clipGradNorm", "maxNorm", maxNorm, (m) => m > 0, "> 0 (or Infinity: never clip)");
  const params = collectParameters(source, "clipGradNorm").filter((p) => p.grad !== null);
  let sumSquares = 0;
  for (const p of params) {
    const g = (p.grad as Tensor).data;
    for (let i = 0; i < g.length; i++) sumSquares += g[i] * g[i];
  }
  const total = Math.sqrt(sumSquares);
  const coef = maxNorm / (total + 1e-6);
  if (coef < 1) {
    for (const p of params) {
      const g = (p.grad as Tensor).data;
      for (let i = 0; i < g.length; i++) g[i] *= coef;
    }
  }
  return total;
}

type FloatArray = Float32Array | Float64Array;

function sameKindZeros(data: Tensor["data"]): FloatArray {
  return data instanceof Float64Array ? new Float64Array(data.length) : new Float32Array(data.length);
}

/** What every optimizer shares: the parameters, the learning rate, step() and zeroGrad(). */
export abstract class Optimizer {
  /** Every parameter, each once (all groups together). */
  readonly params: Tensor[];
  /** The learning rate of the next step; a schedule (or you) may change it between steps. */
  lr: number;
  /** Weight decay of the parameters whose group does not set its own. */
  weightDecay = 0;
  /** How many steps have been taken. */
  stepCount = 0;
  /** Per-parameter group settings (absent = lrScale 1, the optimizer's weightDecay). */
  private readonly groupOf = new Map<Tensor, { lrScale: number; weightDecay?: number }>();

  constructor(source: OptimizerParameters, lr: number, name: string) {
    checkNumber(name, "lr", lr, (x) => x >= 0, ">= 0");
    this.lr = lr;
    if (!isGroupList(source)) {
      this.params = collectParameters(source, name);
      // As PyTorch ("optimizer got an empty parameter list"): an optimizer of nothing trains nothing.
      if (this.params.length === 0) throw new QkvError(`${name}: got an empty parameter list (nothing to train; did the model register its parameters?)`);
      return;
    }
    this.params = [];
    source.forEach((group, g) => {
      const { lrScale = 1, weightDecay } = group;
      checkNumber(name, `group ${g}: lrScale`, lrScale, (x) => x >= 0, ">= 0");
      if (weightDecay !== undefined) checkNumber(name, `group ${g}: weightDecay`, weightDecay, (x) => x >= 0, ">= 0");
      for (const p of collectParameters(group.params, `${name}: group ${g}`)) {
        if (this.groupOf.has(p)) throw new QkvError(`${name}: a parameter appears in group ${g} and in an earlier group`);
        this.groupOf.set(p, { lrScale, weightDecay });
        this.params.push(p);
      }
    });
    if (this.params.length === 0) throw new QkvError(`${name}: got an empty parameter list (every group is empty)`);
  }

  /** Sets the gradients of this optimizer's parameters to null. */
  zeroGrad(): void {
    for (const p of this.params) p.grad = null;
  }

  /** Applies one update to every trainable parameter that has a gradient. */
  step(): void {
    this.stepCount++;
    for (const p of this.params) {
      if (!p.requiresGrad || p.grad === null) continue;
      const grad = p.grad.data;
      if (grad.length !== p.data.length) {
        throw new QkvError(`${this.constructor.name}.step: a parameter of ${p.data.length} values has a gradient of ${grad.length}`);
      }
      const group = this.groupOf.get(p);
      const settings = { lr: this.lr * (group?.lrScale ?? 1), weightDecay: group?.weightDecay ?? this.weightDecay };
      this.update(p, p.data as FloatArray, grad as FloatArray, settings);
    }
  }

  protected abstract update(p: Tensor, param: FloatArray, grad: FloatArray, settings: StepSettings): void;
}

export interface SGDOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  nesterov?: boolean;
}

/**
 * Stochastic gradient descent, torch.optim.SGD:
 *   g = grad + weightDecay·p;  b = g (first step) or momentum·b + (1 - dampening)·g;
 *   g = nesterov ? g + momentum·b : b;  p = p - lr·g
 */
export class SGD extends Optimizer {
  momentum: number;
  dampening: number;
  nesterov: boolean;
  private readonly buffers = new Map<Tensor, FloatArray>();

  constructor(params: OptimizerParameters, options: SGDOptions) {
    if (typeof options !== "object" || options === null) {
      throw new QkvError(`SGD: needs options with a learning rate, e.g. new SGD(params, { lr: 0.1 }), got ${describeValue(options)}`);
    }
    super(params, options.lr, "SGD");
    this.momentum = options.momentum ?? 0;
    this.dampening = options.dampening ?? 0;
    this.weightDecay = options.weightDecay ?? 0;
    this.nesterov = options.nesterov ?? false;
    // PyTorch's checks: momentum and weight decay >= 0.
    checkNumber("SGD", "momentum", this.momentum, (x) => x >= 0, ">= 0");
    checkNumber("SGD", "dampening", this.dampening, (x) => x >= 0 && x <= 1, "in [0, 1]");
    checkNumber("SGD", "weightDecay", this.weightDecay, (x) => x >= 0, ">= 0");
    if (typeof this.nesterov !== "boolean") throw new QkvError(`SGD: nesterov must be true or false, got ${describeValue(this.nesterov)}`);
    if (this.nesterov && (this.momentum <= 0 || this.dampening !== 0)) {
      throw new QkvError(`SGD: nesterov needs momentum > 0 and dampening = 0 (momentum ${this.momentum}, dampening ${this.dampening})`);
    }
  }

  protected update(p: Tensor, param: FloatArray, grad: FloatArray, { lr, weightDecay }: StepSettings): void {
    const { momentum, dampening, nesterov } = this;
    let buf = this.buffers.get(p);
    const first = buf === undefined;
    if (momentum !== 0 && buf === undefined) {
      buf = sameKindZeros(param);
      this.buffers.set(p, buf);
    }
    for (let i = 0; i < param.length; i++) {
      let g = grad[i] + weightDecay * param[i];
      if (buf !== undefined) {
        buf[i] = first ? g : momentum * buf[i] + (1 - dampening) * g;
        g = nesterov ? g + momentum * buf[i] : buf[i];
      }
      param[i] -= lr * g;
    }
  }
}

export interface AdamOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
}

/**
 * Adam (Kingma & Ba 2015), torch.optim.Adam: with g = grad + weightDecay·p (L2 penalty),
 *   m = β1·m + (1-β1)·g;  v = β2·v + (1-β2)·g²;
 *   p = p - lr/(1-β1^t) · m / (sqrt(v)/sqrt(1-β2^t) + eps)
 */
export class Adam extends Optimizer {
  beta1: number;
  beta2: number;
  eps: number;
  /** AdamW decays the weights directly instead of adding weightDecay·p to the gradient. */
  protected readonly decoupled: boolean = false;
  private readonly moments = new Map<Tensor, { m: FloatArray; v: FloatArray; t: number }>();

  constructor(params: OptimizerParameters, options: AdamOptions = {}, name = "Adam", defaultWeightDecay = 0) {
    checkOptionsObject(name, "options", options);
    super(params, options.lr ?? 1e-3, name);
    const betas = options.betas ?? [0.9, 0.999];
    if (!Array.isArray(betas) || betas.length !== 2) {
      throw new QkvError(`${name}: betas must be a pair [beta1, beta2] in [0, 1), e.g. [0.9, 0.999], got ${describeValue(betas)}`);
    }
    [this.beta1, this.beta2] = betas;
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? defaultWeightDecay;
    for (const b of [this.beta1, this.beta2]) {
      if (!(typeof b === "number" && b >= 0 && b < 1)) throw new QkvError(`${name}: betas must be in [0, 1), got [${this.beta1}, ${this.beta2}]`);
    }
    // PyTorch's checks: eps and weight decay >= 0.
    checkNumber(name, "eps", this.eps, (x) => x >= 0, ">= 0");
    checkNumber(name, "weightDecay", this.weightDecay, (x) => x >= 0, ">= 0");
  }

  protected update(p: Tensor, param: FloatArray, grad: FloatArray, { lr, weightDecay }: StepSettings): void {
    let state = this.moments.get(p);
    if (state === undefined) {
      state = { m: sameKindZeros(param), v: sameKindZeros(param), t: 0 };
      this.moments.set(p, state);
    }
    state.t++;
    const { beta1, beta2, eps } = this;
    const { m, v, t } = state;
    const stepSize = lr / (1 - beta1 ** t);
    const sqrtCorrection2 = Math.sqrt(1 - beta2 ** t);
    const decay = this.decoupled ? 1 - lr * weightDecay : 1;
    const l2 = this.decoupled ? 0 : weightDecay;
    for (let i = 0; i < param.length; i++) {
      param[i] *= decay;
      const g = grad[i] + l2 * param[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      param[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / sqrtCorrection2 + eps);
    }
  }
}

/**
 * AdamW (Loshchilov & Hutter 2019), torch.optim.AdamW: first p = p·(1 - lr·weightDecay), then the
 * Adam step on the raw gradient. Default weightDecay 0.01, as in PyTorch.
 */
export class AdamW extends Adam {
  protected override readonly decoupled: boolean = true;

  constructor(params: OptimizerParameters, options: AdamOptions = {}) {
    super(params, options, "AdamW", 0.01);
  }
}
