/** Metrics: plain numbers computed without autograd, for reports and plots. */
import { QkvError, Tensor, noGrad } from "../tensor/index.js";
import { checkInteger, checkOptionsObject, describeValue, formatShape } from "../tensor/errors.js";
import { checkTensorArg } from "../tensor/validate.js";
import { shapesEqual } from "../tensor/shape.js";
import { crossEntropy } from "./losses.js";

export interface AccuracyOptions {
  /** Positions whose target equals this are not counted (default -100). */
  ignoreIndex?: number;
}

/**
 * The fraction of positions where the prediction equals the target.
 * `predictions` is either logits (..., C), whose argmax over the last axis is the prediction, or
 * int32 class indices with the targets' shape. Ignored positions do not count; with none left, NaN.
 */
export function accuracy(predictions: Tensor, targets: Tensor, options: AccuracyOptions = {}): number {
  checkTensorArg(predictions, "accuracy", "predictions");
  checkTensorArg(targets, "accuracy", "targets");
  checkOptionsObject("accuracy", "options", options);
  const { ignoreIndex = -100 } = options;
  checkInteger("accuracy", "ignoreIndex", ignoreIndex);
  if (targets.dtype !== "int32") throw new QkvError(`accuracy: targets must be int32 class indices, got ${targets.dtype} of shape ${formatShape(targets.shape)}`);
  let predicted: ArrayLike<number>;
  if (predictions.dtype === "int32" && shapesEqual(predictions.shape, targets.shape)) {
    predicted = predictions.data;
  } else {
    if (!shapesEqual(predictions.shape.slice(0, -1), targets.shape)) {
      throw new QkvError(
        `accuracy: predictions ${formatShape(predictions.shape)} must be int32 of the targets' shape ${formatShape(targets.shape)} or logits (${[...targets.shape, "C"].join(",")})`,
      );
    }
    predicted = noGrad(() => predictions.argmax(-1)).data;
  }
  let correct = 0;
  let counted = 0;
  const t = targets.data;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === ignoreIndex) continue;
    counted++;
    if (predicted[i] === t[i]) correct++;
  }
  return correct / counted;
}

/**
 * Perplexity = exp(mean cross-entropy in nats): "as uncertain as a uniform choice among this many tokens".
 * Give the mean loss (a number or a scalar tensor), or logits and targets to compute it.
 */
export function perplexity(lossOrLogits: number | Tensor, targets?: Tensor, options: AccuracyOptions = {}): number {
  if (targets !== undefined) {
    if (typeof lossOrLogits === "number") throw new QkvError("perplexity: with targets, the first argument must be logits");
    const logits = lossOrLogits;
    return Math.exp(noGrad(() => crossEntropy(logits, targets, { ignoreIndex: options.ignoreIndex })).item());
  }
  if (typeof lossOrLogits !== "number") checkTensorArg(lossOrLogits, "perplexity", "loss");
  const loss = typeof lossOrLogits === "number" ? lossOrLogits : lossOrLogits.item();
  if (!(loss >= 0)) {
    throw new QkvError(`perplexity: the loss must be a mean cross-entropy in nats (a number >= 0), got ${describeValue(loss)}`);
  }
  return Math.exp(loss);
}
