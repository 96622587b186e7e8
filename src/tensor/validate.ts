/**
 * Checks at the entry of public functions, for what TypeScript cannot promise at run time (notebooks
 * run through tsx, which strips types; configs come from JSON): that an argument is a Tensor, of the
 * right dtype, with the right number of axes. Each error names the function, the argument, what was
 * given and what is allowed.
 */
import { Tensor } from "./tensor.js";
import type { DType } from "./dtype.js";
import { check, describeValue, formatShape } from "./errors.js";

/** Throws unless `v` is a Tensor: `relu: x must be a Tensor, got [1,2] (an array) (wrap it: tensor([...]))`. */
export function checkTensorArg(v: unknown, who: string, name: string): asserts v is Tensor {
  check(
    v instanceof Tensor,
    () => `${who}: ${name} must be a Tensor, got ${describeValue(v)}${Array.isArray(v) || typeof v === "number" ? " (wrap it: tensor(...))" : ""}`,
  );
}

/** Throws unless `v` is a Tensor of one of `dtypes`. */
export function checkTensorDType(v: unknown, who: string, name: string, dtypes: readonly DType[], hint = ""): asserts v is Tensor {
  checkTensorArg(v, who, name);
  check(
    dtypes.includes(v.dtype),
    () => `${who}: ${name} must be a ${dtypes.join(" or ")} tensor, got dtype ${v.dtype} of shape ${formatShape(v.shape)}${hint}`,
  );
}

/** Throws unless `v` is a Tensor with `ndim` axes (`dims` names them in the caller's terms, e.g. "(B, T)"). */
export function checkTensorRank(v: unknown, who: string, name: string, ndim: number | number[], dims: string): asserts v is Tensor {
  checkTensorArg(v, who, name);
  const ok = Array.isArray(ndim) ? ndim.includes(v.ndim) : v.ndim === ndim;
  check(ok, () => `${who}: ${name} must be ${dims}, got shape ${formatShape(v.shape)}`);
}
