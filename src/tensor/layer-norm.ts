/**
 * Layer normalization (torch.nn.functional.layer_norm): over the last axes given by normalizedShape,
 *   y = (x − mean) / √(var + eps) · weight + bias,   var the population variance.
 * Built from primitive ops, so its gradient comes from theirs.
 */
import type { Tensor } from "./tensor.js";
import { check, formatShape } from "./errors.js";
import { shapesEqual } from "./shape.js";
import { add, sub, mul, div, sqrt } from "./elementwise.js";
import { mean, variance } from "./reduce.js";

export function layerNorm(x: Tensor, normalizedShape: number[], weight?: Tensor | null, bias?: Tensor | null, eps = 1e-5): Tensor {
  const k = normalizedShape.length;
  check(
    k > 0 && k <= x.ndim && shapesEqual(x.shape.slice(x.ndim - k), normalizedShape),
    () => `layerNorm: input ${formatShape(x.shape)} must end with normalizedShape ${formatShape(normalizedShape)}`,
  );
  for (const [name, p] of [["weight", weight], ["bias", bias]] as const) {
    if (p) {
      check(
        shapesEqual(p.shape, normalizedShape),
        () => `layerNorm: ${name} has shape ${formatShape(p.shape)} but normalizedShape is ${formatShape(normalizedShape)}`,
      );
    }
  }
  check(eps >= 0, () => `layerNorm: eps must be >= 0, got ${eps}`);
  const axes = normalizedShape.map((_, i) => x.ndim - k + i);
  const mu = mean(x, axes, true);
  const sigma = sqrt(add(variance(x, axes, true), eps));
  let y = div(sub(x, mu), sigma);
  if (weight) y = mul(y, weight);
  if (bias) y = add(y, bias);
  return y;
}
