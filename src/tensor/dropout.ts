/**
 * Inverted dropout: in training, each element is zeroed with probability p and the survivors are
 * scaled by 1/(1 − p), so the expected value is unchanged and evaluation needs no rescaling.
 */
import { allocate, floatTypeOf } from "./dtype.js";
import { check } from "./errors.js";
import { Tensor } from "./tensor.js";
import { checkTensorArg } from "./validate.js";
import { mul } from "./elementwise.js";
import { Rng } from "./random.js";

/** Identity when `training` is false or p is 0. Draws one number from `rng` per element otherwise. */
export function dropout(x: Tensor, p: number, rng: Rng, training: boolean): Tensor {
  checkTensorArg(x, "dropout", "x");
  check(typeof p === "number" && p >= 0 && p <= 1, () => `dropout: p must be a probability in [0, 1], got ${p}`);
  if (!training || p === 0) return x;
  check(rng instanceof Rng, () => `dropout: needs an Rng in training mode (e.g. new Rng(0)), got ${String(rng)}`);
  const keepScale = p === 1 ? 0 : 1 / (1 - p);
  const mask = allocate(floatTypeOf(x.dtype), x.size);
  for (let i = 0; i < mask.length; i++) mask[i] = rng.next() < p ? 0 : keepScale;
  return mul(x, new Tensor(mask, [...x.shape]));
}
