/**
 * Loss functions. Each is built from differentiable tensor ops (logSoftmax, gather, sum, ...), so
 * autograd gives its gradient; the tests compare values and gradients with PyTorch.
 */
import { QkvError, Tensor, gather, tensor, where } from "../tensor/index.js";
import { checkInteger, checkOptionsObject, formatShape } from "../tensor/errors.js";
import { checkTensorArg } from "../tensor/validate.js";
import { shapesEqual } from "../tensor/shape.js";

export type Reduction = "mean" | "sum" | "none";

export interface CrossEntropyOptions {
  /** Targets equal to this contribute nothing and do not count in the mean (PyTorch's default -100). */
  ignoreIndex?: number;
  /**
   * ε in [0, 1): the target distribution becomes (1 - ε)·one_hot + ε/C (Szegedy et al. 2016),
   * so loss = (1 - ε)·(-log p[y]) + ε·mean_c(-log p[c]), as torch.nn.functional.cross_entropy does.
   */
  labelSmoothing?: number;
  reduction?: Reduction;
}

/**
 * Checks that logits (N, C) or (B, T, C) and int32 targets (N) or (B, T) agree; returns the logits as
 * rows (N, C) and the class count C.
 */
function flattenForClasses(op: string, logits: Tensor, targets: Tensor, names = ["logits", "targets"]): { rows: Tensor; c: number } {
  checkTensorArg(logits, op, names[0]);
  checkTensorArg(targets, op, names[1]);
  if (logits.dtype !== "float32" && logits.dtype !== "float64") {
    throw new QkvError(`${op}: logits must be float32 or float64, got ${logits.dtype}`);
  }
  if (logits.ndim < 2) throw new QkvError(`${op}: logits ${formatShape(logits.shape)} must be (N, C) or (B, T, C)`);
  const c = logits.shape[logits.ndim - 1];
  const lead = logits.shape.slice(0, -1);
  if (targets.dtype !== "int32") throw new QkvError(`${op}: targets must be int32 class indices, got ${targets.dtype}`);
  if (!shapesEqual(targets.shape, lead)) {
    throw new QkvError(`${op}: logits ${formatShape(logits.shape)} need targets of shape ${formatShape(lead)}, got ${formatShape(targets.shape)}`);
  }
  return { rows: logits.reshape([targets.size, c]), c };
}

/**
 * Validates targets and splits them into safe gather indices (ignored positions -> class 0) and a
 * 0/1 weight per row (1 = counts). Returns how many rows count.
 */
function targetIndexAndWeight(op: string, targets: Tensor, c: number, ignoreIndex: number, dtype: "float32" | "float64") {
  const n = targets.size;
  const index = new Int32Array(n);
  const weight = dtype === "float64" ? new Float64Array(n) : new Float32Array(n);
  const keep = new Uint8Array(n);
  let counted = 0;
  const t = targets.data;
  for (let i = 0; i < n; i++) {
    const y = t[i];
    if (y === ignoreIndex) continue;
    if (y < 0 || y >= c) {
      throw new QkvError(`${op}: target ${y} at flat position ${i} is outside [0, ${c}) and is not ignoreIndex ${ignoreIndex}`);
    }
    index[i] = y;
    weight[i] = 1;
    keep[i] = 1;
    counted++;
  }
  return {
    index: tensor(index, { shape: [n, 1], dtype: "int32" }),
    weight: tensor(weight, { shape: [n], dtype }),
    /** (N, 1) bool, true on the rows that count. */
    keep: tensor(keep, { shape: [n, 1], dtype: "bool" }),
    counted,
  };
}

/**
 * The rows that count, with every ignored row replaced by zeros. PyTorch never computes an ignored
 * row; computing it and multiplying by 0 would turn a −∞ logit there into ∞·0 = NaN. Zeros are
 * harmless, and `where` passes an ignored row no gradient.
 */
function withoutIgnoredRows(rows: Tensor, keep: Tensor, counted: number): Tensor {
  return counted === rows.shape[0] ? rows : where(keep, rows, 0);
}

function reduce(op: string, perRow: Tensor, reduction: Reduction, counted: number, shape: number[]): Tensor {
  switch (reduction) {
    case "none":
      return perRow.reshape(shape);
    case "sum":
      return perRow.sum();
    case "mean":
      // Like PyTorch: the mean over the rows that count; if none count, 0/0 = NaN.
      return perRow.sum().div(counted);
    default:
      throw new QkvError(`${op}: reduction must be "mean", "sum" or "none", got ${JSON.stringify(reduction)}`);
  }
}

/**
 * Cross-entropy between logits and integer class targets, as torch.nn.functional.cross_entropy:
 * loss_i = -log softmax(logits_i)[y_i]  (with label smoothing: (1-ε)·that + ε·mean_c(-log softmax(logits_i)[c])).
 *
 * logits (N, C) with targets (N), or (B, T, C) with targets (B, T) (a language model's output; note
 * PyTorch wants (B, C, T) there; qkv keeps classes last). targets: int32 in [0, C) or ignoreIndex.
 * reduction "mean" (default) divides by the number of targets that are not ignored; "none" returns
 * the per-position losses in the targets' shape (0 where ignored).
 */
export function crossEntropy(logits: Tensor, targets: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const op = "crossEntropy";
  checkOptionsObject(op, "options", options);
  const { ignoreIndex = -100, labelSmoothing = 0, reduction = "mean" } = options;
  checkInteger(op, "ignoreIndex", ignoreIndex);
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) throw new QkvError(`${op}: labelSmoothing must be in [0, 1], got ${labelSmoothing}`);
  const { rows, c } = flattenForClasses(op, logits, targets);
  const { index, weight, keep, counted } = targetIndexAndWeight(op, targets, c, ignoreIndex, logits.dtype as "float32" | "float64");
  const logp = withoutIgnoredRows(rows, keep, counted).logSoftmax(-1); // (N, C)
  let perRow = gather(logp, 1, index).reshape([targets.size]).neg(); // (N): -log p[y]
  if (labelSmoothing > 0) {
    const uniform = logp.mean(-1).neg(); // (N): mean_c -log p[c]
    perRow = perRow.mul(1 - labelSmoothing).add(uniform.mul(labelSmoothing));
  }
  return reduce(op, perRow.mul(weight), reduction, counted, targets.shape);
}

export interface MseOptions {
  reduction?: Reduction;
}

/** Mean squared error, as torch.nn.functional.mse_loss: mean((prediction - target)²). Shapes must match. */
export function mse(prediction: Tensor, target: Tensor, options: MseOptions = {}): Tensor {
  checkTensorArg(prediction, "mse", "prediction");
  checkTensorArg(target, "mse", "target");
  checkOptionsObject("mse", "options", options);
  const { reduction = "mean" } = options;
  if (!shapesEqual(prediction.shape, target.shape)) {
    throw new QkvError(`mse: prediction ${formatShape(prediction.shape)} and target ${formatShape(target.shape)} must have the same shape`);
  }
  const squared = prediction.sub(target).pow(2);
  if (reduction === "none") return squared;
  if (reduction === "sum") return squared.sum();
  if (reduction === "mean") return squared.mean();
  throw new QkvError(`mse: reduction must be "mean", "sum" or "none", got ${JSON.stringify(reduction)}`);
}

export interface DistillationOptions {
  /** T > 0: both distributions are softmax(logits / T); larger T shows more of the teacher's "dark knowledge". Default 2. */
  temperature?: number;
  /** Weight of the soft (teacher) term; 1 - alpha weights the hard-label cross-entropy. Default 0.5. */
  alpha?: number;
  /** Rows whose label equals this are left out of both terms (e.g. unmasked tokens in MLM). Default -100. */
  ignoreIndex?: number;
}

/**
 * The soft-target term of distillation: T² · KL(softmax(teacher/T) ‖ softmax(student/T)), averaged over
 * rows (PyTorch: F.kl_div(log_softmax(s/T), softmax(t/T), reduction="batchmean") · T², with logits
 * flattened to rows). The T² keeps its gradient's scale independent of T (Hinton et al. 2015, §2).
 * The teacher is detached: no gradient flows into it. `rowWeight` (0/1 per row) selects rows.
 */
export function softTargetLoss(
  studentLogits: Tensor,
  teacherLogits: Tensor,
  temperature = 2,
  rowWeight?: { weight: Tensor; keep: Tensor; counted: number },
): Tensor {
  const op = "softTargetLoss";
  checkTensorArg(studentLogits, op, "studentLogits");
  checkTensorArg(teacherLogits, op, "teacherLogits");
  if (!(typeof temperature === "number" && temperature > 0 && temperature < Infinity)) throw new QkvError(`${op}: temperature must be > 0, got ${temperature}`);
  const s = studentLogits.shape;
  const t = teacherLogits.shape;
  if (!shapesEqual(s, t)) {
    throw new QkvError(`${op}: student logits ${formatShape(s)} and teacher logits ${formatShape(t)} must have the same shape`);
  }
  if (s.length < 1) throw new QkvError(`${op}: logits must have a class axis, got shape ()`);
  const c = s[s.length - 1];
  const n = studentLogits.size / Math.max(c, 1);
  let student = studentLogits.reshape([n, c]);
  let teacher = teacherLogits.detach().reshape([n, c]);
  if (rowWeight) {
    student = withoutIgnoredRows(student, rowWeight.keep, rowWeight.counted);
    teacher = withoutIgnoredRows(teacher, rowWeight.keep, rowWeight.counted);
  }
  const logPs = student.div(temperature).logSoftmax(-1);
  const logPt = teacher.div(temperature).logSoftmax(-1);
  const pt = logPt.exp();
  // pt · (log pt − log ps), with 0 · log 0 = 0 where the teacher gives a class probability 0 (as
  // PyTorch's kl_div does): there log pt = −∞ and the plain product would be 0 · (−∞) = NaN.
  let klRows = where(pt.gt(0), pt.mul(logPt.sub(logPs)), 0).sum(-1); // (N)
  let counted = n;
  if (rowWeight) {
    klRows = klRows.mul(rowWeight.weight);
    counted = rowWeight.counted;
  }
  return klRows.sum().div(counted).mul(temperature * temperature);
}

/**
 * Knowledge distillation (Hinton, Vinyals & Dean 2015, "Distilling the Knowledge in a Neural Network"):
 *
 *   loss = alpha · T² · KL(softmax(t/T) ‖ softmax(s/T))  +  (1 - alpha) · CE(s, labels)
 *
 * s = student logits, t = teacher logits, both (N, C) or (B, T, C); labels int32 (N) or (B, T).
 * KL is averaged over the rows whose label is not ignoreIndex; CE is the mean cross-entropy over
 * the same rows. With alpha = 1 the labels are not needed and may be null.
 */
export function distillationLoss(studentLogits: Tensor, teacherLogits: Tensor, labels: Tensor | null, options: DistillationOptions = {}): Tensor {
  const op = "distillationLoss";
  checkTensorArg(studentLogits, op, "studentLogits");
  checkTensorArg(teacherLogits, op, "teacherLogits");
  checkOptionsObject(op, "options", options);
  const { temperature = 2, alpha = 0.5, ignoreIndex = -100 } = options;
  checkInteger(op, "ignoreIndex", ignoreIndex);
  if (!(alpha >= 0 && alpha <= 1)) throw new QkvError(`${op}: alpha must be in [0, 1], got ${alpha}`);
  if (labels === null) {
    if (alpha !== 1) throw new QkvError(`${op}: labels are needed for the hard-label term unless alpha = 1 (alpha = ${alpha})`);
    return softTargetLoss(studentLogits, teacherLogits, temperature);
  }
  const { c } = flattenForClasses(op, studentLogits, labels, ["studentLogits", "labels"]);
  const rowWeight = targetIndexAndWeight(op, labels, c, ignoreIndex, studentLogits.dtype as "float32" | "float64");
  const soft = softTargetLoss(studentLogits, teacherLogits, temperature, rowWeight);
  if (alpha === 1) return soft;
  const hard = crossEntropy(studentLogits, labels, { ignoreIndex });
  return soft.mul(alpha).add(hard.mul(1 - alpha));
}
