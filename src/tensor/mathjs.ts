/**
 * Converting to and from mathjs matrices, for lessons that show the math with mathjs. mathjs is
 * loaded on first use only: it takes about half a second to load, which every other user of qkv
 * should not pay.
 */
import { createRequire } from "node:module";
import type { Matrix } from "mathjs";
import { Tensor } from "./tensor.js";
import { check, formatShape } from "./errors.js";
import { tensor } from "./create.js";
import { toArray } from "./convert.js";
import type { NestedArray } from "./convert.js";

let mathjsModule: typeof import("mathjs") | null = null;

function loadMathjs(): typeof import("mathjs") {
  if (mathjsModule === null) mathjsModule = createRequire(import.meta.url)("mathjs") as typeof import("mathjs");
  return mathjsModule;
}

/** A 1-D or 2-D tensor as a mathjs dense Matrix of numbers. */
export function toMathjs(t: Tensor): Matrix {
  check(t instanceof Tensor, () => `toMathjs: expects a Tensor, got ${typeof t}`);
  check(t.ndim === 1 || t.ndim === 2, () => `toMathjs: only 1-D and 2-D tensors convert to a mathjs Matrix, got shape ${formatShape(t.shape)}`);
  const values = t.dtype === "bool" ? (toArray(t.to("int32")) as NestedArray) : toArray(t);
  return loadMathjs().matrix(values as number[][]);
}

/** A mathjs Matrix (or plain nested array) of numbers as a float32 tensor (or `dtype`). */
export function fromMathjs(m: Matrix | number[] | number[][], dtype: "float32" | "float64" = "float32"): Tensor {
  const math = loadMathjs();
  const values = math.isMatrix(m) ? (m.toArray() as NestedArray) : (m as NestedArray);
  const shape = math.isMatrix(m) ? m.size() : undefined;
  check(
    shape === undefined || shape.length === 1 || shape.length === 2,
    () => `fromMathjs: only 1-D and 2-D matrices are supported, got size ${formatShape(shape ?? [])}`,
  );
  return tensor(values, { dtype });
}
