/**
 * Data types and their storage. float32 is the default; float64 exists for gradient checks;
 * int32 holds token ids and indices; bool holds masks (stored as 0/1 bytes).
 */
import { QkvError } from "./errors.js";

export type DType = "float32" | "float64" | "int32" | "bool";

export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

export const DTYPES: readonly DType[] = ["float32", "float64", "int32", "bool"];

/** A zero-filled array of `size` elements for `dtype`. */
export function allocate(dtype: DType, size: number): TypedArray {
  try {
    switch (dtype) {
      case "float32":
        return new Float32Array(size);
      case "float64":
        return new Float64Array(size);
      case "int32":
        return new Int32Array(size);
      case "bool":
        return new Uint8Array(size);
    }
  } catch (e) {
    // A bare "RangeError: Invalid typed array length" / "Array buffer allocation failed" says nothing
    // about which tensor; callers check their sizes first, this is the last line.
    throw new QkvError(`cannot allocate a ${dtype} tensor of ${size} elements: ${(e as Error).message}`);
  }
}

export function isFloat(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float64";
}

/** The dtype whose storage is `data`'s kind of array (Uint8Array is bool). */
export function dtypeOfArray(data: TypedArray): DType {
  if (data instanceof Float32Array) return "float32";
  if (data instanceof Float64Array) return "float64";
  if (data instanceof Int32Array) return "int32";
  return "bool";
}

/**
 * Type promotion for arithmetic between two dtypes. The rule (documented in the README of the
 * tensor area and tested): float64 wins over everything, then float32; int32 and bool combine to
 * int32. Mixing float32 and float64 therefore promotes to float64 and never loses precision.
 */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === "float64" || b === "float64") return "float64";
  if (a === "float32" || b === "float32") return "float32";
  return "int32";
}

/** The float dtype an op like exp() or division produces from `dtype`. */
export function floatTypeOf(dtype: DType): DType {
  return dtype === "float64" ? "float64" : "float32";
}
