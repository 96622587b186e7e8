/**
 * Cosine similarity along an axis, as torch.nn.functional.cosine_similarity (1.13):
 *   cos(a, b) = Σ aᵢbᵢ / max(‖a‖·‖b‖, eps)
 * a and b broadcast against each other and `axis` is reduced, so (N, C) with (N, C) gives (N,), and the
 * pairwise similarities of the rows of x (N, C) are cosineSimilarity(x.unsqueeze(1), x.unsqueeze(0)),
 * of shape (N, N). The eps floor makes a zero vector's cosine 0 instead of NaN. Built from
 * differentiable ops, so gradients need no backward of their own.
 */
import { Tensor } from "./tensor.js";
import { broadcastShapes } from "./shape.js";
import { check, formatShape } from "./errors.js";
import { where } from "./where.js";

export function cosineSimilarity(a: Tensor, b: Tensor, axis = -1, eps = 1e-8): Tensor {
  const shape = broadcastShapes(a.shape, b.shape, "cosineSimilarity");
  check(
    Number.isInteger(axis) && axis >= -shape.length && axis < shape.length,
    () => `cosineSimilarity: axis ${axis} is out of range for the broadcast shape ${formatShape(shape)}`,
  );
  const dot = a.mul(b).sum(axis);
  const norms = a.mul(a).sum(axis).sqrt().mul(b.mul(b).sum(axis).sqrt());
  return dot.div(where(norms.gt(eps), norms, eps));
}
