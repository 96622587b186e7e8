/**
 * The WebAssembly kernels (kernels/assembly/index.ts, built by `npm run kernels`), loaded synchronously
 * from the base64 copy in kernels-wasm.ts, so the same import works in Node, tsx, vitest and tslab.
 *
 * Memory: one wasm memory, grown when an op needs more and never shrunk. An op lays out its operands
 * in a Frame (addresses from heapBase() up), makes sure the memory is big enough, copies its inputs in
 * with TypedArray.set, runs a kernel and copies the results out. Ops do not nest, so every Frame starts
 * at the same address.
 */
import { KERNELS_WASM_BASE64 } from "./kernels-wasm.js";

/** The kernels' exports; addresses and sizes are in bytes. See kernels/assembly/index.ts for each contract. */
export interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  gemmScratchBytes(M: number, K: number, N: number): number;
  gemm(
    M: number, K: number, N: number, a: number, ars: number, acs: number, b: number, brs: number, bcs: number,
    c: number, ldc: number, bias: number, accumulate: number, scratch: number,
  ): void;
  softmaxRows(x: number, y: number, rows: number, n: number): void;
  softmaxBackwardRows(y: number, g: number, dx: number, rows: number, n: number): void;
  layerNormForward(x: number, w: number, b: number, y: number, stats: number, rows: number, D: number, eps: number): void;
  layerNormBackward(g: number, x: number, stats: number, w: number, dx: number, dw: number, db: number, rows: number, D: number): void;
  geluTanhForward(x: number, y: number, n: number): void;
  geluTanhBackward(x: number, g: number, dx: number, n: number): void;
  attentionForward(
    nb: number, nh: number, T: number, S: number, d: number, dv: number, scale: number,
    q: number, qsb: number, qsh: number, qst: number, k: number, ksb: number, ksh: number, kst: number,
    v: number, vsb: number, vsh: number, vst: number, o: number, osb: number, osh: number, ost: number,
    p: number, mask: number, msb: number, msh: number, mst: number, mss: number, causal: number, scratch: number,
  ): void;
  attentionBackwardValues(
    nb: number, nh: number, T: number, S: number, dv: number, p: number, dout: number, dsb: number, dsh: number, dst: number,
    v: number, vsb: number, vsh: number, vst: number, dp: number, dvOut: number, scratch: number,
  ): void;
  attentionBackwardScores(
    nb: number, nh: number, T: number, S: number, d: number, scale: number, p: number, dp: number,
    q: number, qsb: number, qsh: number, qst: number, k: number, ksb: number, ksh: number, kst: number,
    dq: number, dk: number, scratch: number,
  ): void;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

let kernels: KernelExports | null = null;
let loadError: unknown = null;

/** The instantiated kernels, or null when this JavaScript engine cannot run them (no wasm SIMD). */
export function loadKernels(): KernelExports | null {
  if (kernels === null && loadError === null) {
    try {
      const module = new WebAssembly.Module(decodeBase64(KERNELS_WASM_BASE64));
      kernels = new WebAssembly.Instance(module, {}).exports as unknown as KernelExports;
    } catch (e) {
      loadError = e;
    }
  }
  return kernels;
}

const PAGE = 65536;

/** A layout of one op's buffers in wasm memory. alloc() hands out 16-byte-aligned addresses; ready() grows the memory to fit. */
export class Frame {
  readonly k: KernelExports;
  private top: number;

  constructor(k: KernelExports) {
    this.k = k;
    this.top = k.heapBase();
  }

  alloc(bytes: number): number {
    const at = (this.top + 15) & ~15;
    this.top = at + bytes;
    return at;
  }

  /** Grows the memory to hold everything allocated so far. Views made before a grow are detached: make them after. */
  ready(): void {
    const memory = this.k.memory;
    const need = this.top - memory.buffer.byteLength;
    if (need > 0) memory.grow(Math.ceil(need / PAGE));
  }

  f32(at: number, n: number): Float32Array {
    return new Float32Array(this.k.memory.buffer, at, n);
  }

  f64(at: number, n: number): Float64Array {
    return new Float64Array(this.k.memory.buffer, at, n);
  }

  u8(at: number, n: number): Uint8Array {
    return new Uint8Array(this.k.memory.buffer, at, n);
  }

  /** Allocates room for `data`; copy it in with put() after ready(). */
  place(data: ArrayLike<number>, bytesPerElement = 4): number {
    return this.alloc(data.length * bytesPerElement);
  }

  put(at: number, data: Float32Array): void {
    this.f32(at, data.length).set(data);
  }

  /** A fresh Float32Array holding n floats copied out of wasm memory. */
  take(at: number, n: number): Float32Array {
    return new Float32Array(this.k.memory.buffer.slice(at, at + 4 * n));
  }
}
