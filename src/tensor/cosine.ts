/**
 * Cosine similarity along an axis, as torch.nn.functional.cosine_similarity:
 *   cos(a, b) = Σ aᵢbᵢ / (max(‖a‖, eps) · max(‖b‖, eps))
 * a and b broadcast against each other and `axis` is reduced, so (N, C) with (N, C) gives (N,), and the
 * pairwise similarities of the rows of x (N, C) are cosineSimilarity(x.unsqueeze(1), x.unsqueeze(0)),
 * of shape (N, N). The eps floor on each norm makes a zero vector's cosine 0 instead of
 * NaN, and leaves vectors that are merely small (norm 1e-6, say) their true cosine. Built from
 * differentiable ops, so gradients need no backward of their own.
 */
import { Tensor } from "./tensor.js";
import { checkTensorArg } from "./validate.js";
import { broadcastShapes } from "./shape.js";
import { check, formatShape, checkNumber } from "./errors.js";
import { where } from "./where.js";

export function cosineSimilarity(a: Tensor, b: Tensor, axis = -1, eps = 1e-8): Tensor {
  checkTensorArg(a, "cosineSimilarity", "a");
  checkTensorArg(b, "cosineSimilarity", "b");
  checkNumber("cosineSimilarity", "eps", eps, (e) => e > 0, "> 0");
  const shape = broadcastShapes(a.shape, b.shape, "cosineSimilarity");
  check(
    Number.isInteger(axis) && axis >= -shape.length && axis < shape.length,
    () => `cosineSimilarity: axis ${axis} is out of range for the broadcast shape ${formatShape(shape)}`,
  );
  // max(‖a‖, eps) = √max(‖a‖², eps²): flooring the squared norm keeps sqrt away from 0, whose
  // derivative 1/(2√0) would turn the zero gradient of the floored branch into 0·∞ = NaN at a zero
  // vector. The gradient there is then b/(eps·‖b‖), PyTorch's value.
  const flooredNorm = (v: Tensor) => {
    const squared = v.mul(v).sum(axis);
    return where(squared.gt(eps * eps), squared, eps * eps).sqrt();
  };
  const dot = a.mul(b).sum(axis);
  return dot.div(flooredNorm(a).mul(flooredNorm(b)));
}
