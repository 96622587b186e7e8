/**
 * Which kernels run the hot loops: "wasm" (the WebAssembly SIMD kernels built from kernels/assembly,
 * the default) or "js" (the plain-TypeScript loops, kept readable for teaching and as the fallback).
 * Both give the same results within float32 rounding (tests/tensor/kernels.test.ts compares them);
 * each is deterministic: the same bytes on every machine.
 *
 * Choose with the environment variable QKV_KERNELS=js (read once, at load) or setKernelBackend().
 * The wasm kernels work on float32 only: float64 tensors (gradient checks) always take the js path,
 * as does everything when the engine cannot run wasm SIMD.
 */
import { QkvError } from "./errors.js";
import type { Tensor } from "./tensor.js";
import { type KernelExports, Frame, loadKernels } from "./wasm/runtime.js";

export type KernelBackend = "wasm" | "js";

function initialBackend(): KernelBackend {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.QKV_KERNELS;
  if (env !== undefined && env !== "" && env !== "wasm" && env !== "js") {
    throw new QkvError(`QKV_KERNELS: must be "wasm" or "js", got "${env}"`);
  }
  if (env === "js") return "js";
  return loadKernels() ? "wasm" : "js";
}

let backend: KernelBackend = initialBackend();

/** The backend in use: "wasm" or "js". */
export function getKernelBackend(): KernelBackend {
  return backend;
}

/** Switches the kernels ("wasm" or "js") and returns the previous choice. "wasm" fails if the engine cannot run it. */
export function setKernelBackend(name: KernelBackend): KernelBackend {
  if (name !== "wasm" && name !== "js") throw new QkvError(`setKernelBackend: name must be "wasm" or "js", got ${JSON.stringify(name)}`);
  if (name === "wasm" && loadKernels() === null) {
    throw new QkvError(`setKernelBackend: this JavaScript engine cannot run the WebAssembly SIMD kernels; use "js"`);
  }
  const previous = backend;
  backend = name;
  return previous;
}

/** A fresh Frame when the wasm kernels should run on these tensors (all float32), else null. */
export function wasmFrame(...tensors: (Tensor | null | undefined)[]): Frame | null {
  if (backend !== "wasm") return null;
  for (const t of tensors) if (t && t.dtype !== "float32") return null;
  return new Frame(loadKernels() as KernelExports);
}
