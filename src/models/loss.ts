/**
 * The losses the models compute when given labels (Hugging Face's `labels=` argument): a mean
 * cross-entropy over the targets that are not IGNORE_INDEX (-100). Written here from tensor ops, because
 * models may not import src/train (the layering puts train above models); src/train's crossEntropy is
 * the general one. Ignored rows are dropped before the softmax (as PyTorch skips them), so a row of
 * -Infinity logits at an ignored position cannot turn the loss into NaN.
 */
import { Tensor, embedding, gather } from "../tensor/index.js";
import { QkvError, formatShape } from "../tensor/errors.js";

/** Hugging Face's and PyTorch's ignore_index: a label that contributes nothing to the loss. */
export const IGNORE_INDEX = -100;

/** labels must be int32 of `shape`, each an id in [0, numClasses) or -100. */
export function checkLabels(who: string, labels: Tensor, shape: number[], numClasses: number): void {
  if (!(labels instanceof Tensor) || labels.dtype !== "int32" || labels.shape.length !== shape.length || labels.shape.some((d, i) => d !== shape[i])) {
    const got = labels instanceof Tensor ? `${labels.dtype} of shape ${formatShape(labels.shape)}` : String(labels);
    throw new QkvError(`${who}: labels must be an int32 tensor of shape ${formatShape(shape)}, got ${got}`);
  }
  const i = labels.data.findIndex((v) => v !== IGNORE_INDEX && !(v >= 0 && v < numClasses));
  if (i >= 0) throw new QkvError(`${who}: labels[${i}] = ${labels.data[i]} must be in [0, ${numClasses}) or ${IGNORE_INDEX} (ignored)`);
}

/**
 * logits (..., C), targets (...) int32 -> the mean over kept targets of -log softmax(logits)[target],
 * a scalar. Targets equal to -100 are skipped; if every target is skipped the result is NaN (as PyTorch).
 */
export function tokenLoss(logits: Tensor, targets: Tensor): Tensor {
  const C = logits.shape[logits.ndim - 1];
  const rows = logits.reshape(-1, C); // (N, C)
  const flat = targets.reshape(-1); // (N)
  const kept: number[] = [];
  const kTargets: number[] = [];
  for (let i = 0; i < flat.size; i++) {
    if (flat.data[i] !== IGNORE_INDEX) {
      kept.push(i);
      kTargets.push(flat.data[i]);
    }
  }
  if (kept.length === 0) return new Tensor(logits.dtype === "float64" ? Float64Array.of(NaN) : Float32Array.of(NaN), []);
  const picked = embedding(rows, new Tensor(Int32Array.from(kept), [kept.length])); // (K, C), gradient flows back to rows
  const logp = gather(picked.logSoftmax(-1), 1, new Tensor(Int32Array.from(kTargets), [kTargets.length, 1])); // (K, 1)
  return logp.mean().neg();
}

/** Mean squared error of (N, 1) predictions against (N) float targets (Hugging Face's regression head, num_labels = 1). */
export function squaredErrorLoss(pred: Tensor, targets: Tensor): Tensor {
  return pred.reshape(-1).sub(targets.reshape(-1)).pow(2).mean();
}
