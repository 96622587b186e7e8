/**
 * Matrix multiplication: (…, M, K) x (…, K, N) -> (…, M, N), batch axes broadcast like NumPy.
 *
 * Speed: the kernel computes a 4×4 block of C at a time with its 16 running sums in local variables
 * (which the JIT keeps in registers), so every value loaded from A or B feeds 4 multiply-adds instead
 * of 1. The 4 columns of B a block needs are first copied into a small contiguous buffer ("packing"),
 * so the inner loop reads memory strictly in order. See bench/run.ts for the measured speed.
 *
 * That kernel is the plain-TypeScript path (QKV_KERNELS=js, and float64). By default float32 products
 * run in the WebAssembly SIMD gemm (kernels/assembly/index.ts): the same idea with a 4×8 block of C in
 * eight 4-lane vectors, about 10× faster. It reads either operand transposed through strides, so the
 * backward passes (dA = dC Bᵀ, dB = Aᵀ dC) make no transposed copies, and adds a bias in the same pass
 * (linearOp, what a Linear layer computes).
 */
import { Tensor } from "./tensor.js";
import { checkTensorArg } from "./validate.js";
import { type TypedArray, allocate, floatTypeOf, isFloat, promoteTypes } from "./dtype.js";
import { check, formatShape } from "./errors.js";
import { broadcastShapes, sizeOf } from "./shape.js";
import { recordOp, accumulateGrad } from "./autograd.js";
import { broadcastOffsets, unbroadcast } from "./broadcast.js";
import { reshape, transpose } from "./shape-ops.js";
import { wasmFrame } from "./kernels.js";
import { broadcastStrides } from "./shape.js";

type FloatArray = Float32Array | Float64Array;

/**
 * C[cOff + i*N + j] = Σ_p A[aOff + i*K + p] · B(p, j) for one (M,K) x (K,N) product, where B(p, j) is
 * B[bOff + p*N + j] (a (K, N) matrix; the default strides) or, with strides (1, K), B[bOff + j*K + p]:
 * the (K, N) transpose of an (N, K) matrix read in place (see matmulTransposed).
 * `packed` is scratch space of at least 4·K numbers.
 */
export function matmulKernel(
  A: FloatArray, aOff: number, B: FloatArray, bOff: number, C: FloatArray, cOff: number,
  M: number, K: number, N: number, packed: Float64Array, strideP = N, strideJ = 1,
): void {
  const N4 = N - (N % 4);
  const M4 = M - (M % 4);
  for (let j = 0; j < N4; j += 4) {
    // Pack B(:, j..j+3) as K rows of 4 contiguous numbers.
    for (let p = 0, src = bOff + j * strideJ; p < K; p++, src += strideP) {
      packed[4 * p] = B[src];
      packed[4 * p + 1] = B[src + strideJ];
      packed[4 * p + 2] = B[src + 2 * strideJ];
      packed[4 * p + 3] = B[src + 3 * strideJ];
    }
    for (let i = 0; i < M4; i += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      const a0 = aOff + i * K;
      const a1 = a0 + K;
      const a2 = a1 + K;
      const a3 = a2 + K;
      for (let p = 0; p < K; p++) {
        const b0 = packed[4 * p], b1 = packed[4 * p + 1], b2 = packed[4 * p + 2], b3 = packed[4 * p + 3];
        const x0 = A[a0 + p], x1 = A[a1 + p], x2 = A[a2 + p], x3 = A[a3 + p];
        c00 += x0 * b0; c01 += x0 * b1; c02 += x0 * b2; c03 += x0 * b3;
        c10 += x1 * b0; c11 += x1 * b1; c12 += x1 * b2; c13 += x1 * b3;
        c20 += x2 * b0; c21 += x2 * b1; c22 += x2 * b2; c23 += x2 * b3;
        c30 += x3 * b0; c31 += x3 * b1; c32 += x3 * b2; c33 += x3 * b3;
      }
      const c0 = cOff + i * N + j;
      const c1 = c0 + N;
      const c2 = c1 + N;
      const c3 = c2 + N;
      C[c0] = c00; C[c0 + 1] = c01; C[c0 + 2] = c02; C[c0 + 3] = c03;
      C[c1] = c10; C[c1 + 1] = c11; C[c1 + 2] = c12; C[c1 + 3] = c13;
      C[c2] = c20; C[c2 + 1] = c21; C[c2 + 2] = c22; C[c2 + 3] = c23;
      C[c3] = c30; C[c3 + 1] = c31; C[c3 + 2] = c32; C[c3 + 3] = c33;
    }
    // Rows left over when M is not a multiple of 4: one row at a time, 4 columns.
    for (let i = M4; i < M; i++) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      const a = aOff + i * K;
      for (let p = 0; p < K; p++) {
        const x = A[a + p];
        s0 += x * packed[4 * p]; s1 += x * packed[4 * p + 1]; s2 += x * packed[4 * p + 2]; s3 += x * packed[4 * p + 3];
      }
      const c = cOff + i * N + j;
      C[c] = s0; C[c + 1] = s1; C[c + 2] = s2; C[c + 3] = s3;
    }
  }
  // Columns left over when N is not a multiple of 4: plain dot products.
  for (let j = N4; j < N; j++) {
    for (let i = 0; i < M; i++) {
      let s = 0;
      const a = aOff + i * K;
      for (let p = 0, b = bOff + j * strideJ; p < K; p++, b += strideP) s += A[a + p] * B[b];
      C[cOff + i * N + j] = s;
    }
  }
}

function asFloat(t: Tensor): Tensor {
  return isFloat(t.dtype) ? t : new Tensor(Float32Array.from(t.data), [...t.shape]);
}

/** Flat offsets of each batch matrix of an operand with batch shape `inShape` read as `outShape` (broadcast). */
function batchOffsets(inShape: number[], outShape: number[], matrixSize: number): number[] {
  const n = sizeOf(outShape);
  const offsets = new Array<number>(n);
  const strides = broadcastStrides(inShape, outShape);
  const index = new Array<number>(outShape.length).fill(0);
  let offset = 0;
  for (let i = 0; i < n; i++) {
    offsets[i] = offset * matrixSize;
    for (let d = outShape.length - 1; d >= 0; d--) {
      index[d]++;
      offset += strides[d];
      if (index[d] < outShape[d]) break;
      offset -= strides[d] * outShape[d];
      index[d] = 0;
    }
  }
  return offsets;
}

/**
 * op(a) op(b) [+ bias] with the wasm gemm, no autograd: a (…, M, K), or (…, K, M) read transposed when
 * `ta`; b (…, K, N), or (…, N, K) read transposed when `tb`; batch axes broadcast; bias (N) or null.
 * Returns null when the wasm kernels are not in use for these tensors (then the caller takes the js path).
 */
export function wasmProduct(a: Tensor, ta: boolean, b: Tensor, tb: boolean, bias: Tensor | null = null): Tensor | null {
  const f = wasmFrame(a, b, bias);
  if (f === null) return null;
  const ra = a.shape[a.ndim - 2], ca = a.shape[a.ndim - 1];
  const rb = b.shape[b.ndim - 2], cb = b.shape[b.ndim - 1];
  const [M, K] = ta ? [ca, ra] : [ra, ca];
  const N = tb ? rb : cb;
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const batch = broadcastShapes(batchA, batchB, "matmul");
  const nBatch = sizeOf(batch);
  // A shared right operand and a plain left one: all batch rows form one (nBatch·M, K) matrix.
  const flat = batchB.length === 0 && !ta;
  const pa = f.alloc(4 * a.size);
  const pb = b === a ? pa : f.alloc(4 * b.size);
  const pc = f.alloc(4 * nBatch * M * N);
  const pbias = bias ? f.alloc(4 * N) : 0;
  const scratch = f.alloc(f.k.gemmScratchBytes(flat ? nBatch * M : M, K, N));
  f.ready();
  f.put(pa, a.data as Float32Array);
  if (pb !== pa) f.put(pb, b.data as Float32Array);
  if (bias) f.put(pbias, bias.data as Float32Array);
  const [ars, acs] = ta ? [1, M] : [K, 1];
  const [brs, bcs] = tb ? [1, K] : [N, 1];
  if (flat) {
    f.k.gemm(nBatch * M, K, N, pa, ars, acs, pb, brs, bcs, pc, N, pbias, 0, scratch);
  } else {
    const offA = batchOffsets(batchA, batch, M * K);
    const offB = batchOffsets(batchB, batch, K * N);
    for (let n = 0; n < nBatch; n++) {
      f.k.gemm(M, K, N, pa + 4 * offA[n], ars, acs, pb + 4 * offB[n], brs, bcs, pc + 4 * n * M * N, N, pbias, 0, scratch);
    }
  }
  return new Tensor(f.take(pc, nBatch * M * N), [...batch, M, N]);
}

/** (…, M, K) x (…, K, N) -> (…, M, N); batch axes broadcast. 1-D inputs are not accepted: reshape to (1, K) or (K, 1). */
export function matmul(a: Tensor, b: Tensor): Tensor {
  checkTensorArg(a, "matmul", "a");
  checkTensorArg(b, "matmul", "b");
  check(
    a.ndim >= 2 && b.ndim >= 2,
    () => `matmul: ${formatShape(a.shape)} x ${formatShape(b.shape)}: both operands need at least 2 axes (reshape a vector to (1,K) or (K,1))`,
  );
  const M = a.shape[a.ndim - 2];
  const K = a.shape[a.ndim - 1];
  const K2 = b.shape[b.ndim - 2];
  const N = b.shape[b.ndim - 1];
  check(K === K2, () => `matmul: ${formatShape(a.shape)} x ${formatShape(b.shape)}: inner dimensions ${K} != ${K2}`);
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const batch = broadcastShapes(batchA, batchB, `matmul: ${formatShape(a.shape)} x ${formatShape(b.shape)}: batch axes`);
  const fast = wasmProduct(a, false, b, false);
  let out: Tensor;
  if (fast !== null) {
    out = fast;
  } else {
    const dtype = floatTypeOf(promoteTypes(a.dtype, b.dtype));
    const A = asFloat(a).data as FloatArray;
    const B = asFloat(b).data as FloatArray;
    const C = allocate(dtype, sizeOf(batch) * M * N) as FloatArray;
    const packed = new Float64Array(4 * K);
    if (b.ndim === 2) {
      // A weight matrix shared by the whole batch, (B, T, C) x (C, N): one product of (B·T, C) x (C, N).
      matmulKernel(A, 0, B, 0, C, 0, sizeOf(batch) * M, K, N, packed);
    } else {
      const offA = broadcastOffsets(batchA, batch);
      const offB = broadcastOffsets(batchB, batch);
      for (let n = 0; n < offA.length; n++) {
        matmulKernel(A, offA[n] * M * K, B, offB[n] * K * N, C, n * M * N, M, K, N, packed);
      }
    }
    out = new Tensor(C as TypedArray, [...batch, M, N]);
  }
  return recordOp(out, "matmul", [a, b], () => {
    const g = out.grad!;
    // C = A B  =>  dA = dC Bᵀ, dB = Aᵀ dC (then summed over any broadcast batch axes)
    // (each product is a fresh tensor: accumulateGrad may keep it as the gradient without a copy)
    if (a.requiresGrad) {
      accumulateGrad(a, unbroadcast(wasmProduct(g, false, b, true) ?? matmul(g, transpose(b)), a.shape), true);
    }
    if (b.requiresGrad) {
      if (b.ndim === 2) {
        // Sum over the batch inside one product: (B·T, K)ᵀ x (B·T, N) -> (K, N).
        const a2 = reshape(a, [-1, K]);
        const g2 = reshape(g, [-1, N]);
        accumulateGrad(b, wasmProduct(a2, true, g2, false) ?? matmul(transpose(a2), g2), true);
      } else {
        accumulateGrad(b, unbroadcast(wasmProduct(a, true, g, false) ?? matmul(transpose(a), g), b.shape), true);
      }
    }
  });
}

function checkTransposedOperands(a: Tensor, w: Tensor): void {
  checkTensorArg(a, "matmul", "a");
  checkTensorArg(w, "matmul", "w");
  check(
    a.ndim >= 2 && w.ndim === 2,
    () => `matmul: ${formatShape(a.shape)} x ${formatShape(w.shape)}ᵀ: needs (…, M, K) and a (N, K) matrix`,
  );
  const K = a.shape[a.ndim - 1];
  const K2 = w.shape[1];
  check(K === K2, () => `matmul: ${formatShape(a.shape)} x ${formatShape(w.shape)}ᵀ: inner dimensions ${K} != ${K2}`);
}

/** The js path of a Wᵀ: w (N, K) read as its transpose by the kernel's strides, no copy. */
function matmulTransposedJs(a: Tensor, w: Tensor): Tensor {
  const K = a.shape[a.ndim - 1];
  const N = w.shape[0];
  const lead = a.shape.slice(0, -1);
  const rows = sizeOf(lead);
  const dtype = floatTypeOf(promoteTypes(a.dtype, w.dtype));
  const C = allocate(dtype, rows * N) as FloatArray;
  // w (N, K) read as its transpose (K, N): B(p, j) = w[j*K + p].
  matmulKernel(asFloat(a).data as FloatArray, 0, asFloat(w).data as FloatArray, 0, C, 0, rows, K, N, new Float64Array(4 * K), 1, K);
  return new Tensor(C as TypedArray, [...lead, N]);
}

/**
 * a Wᵀ without materialising Wᵀ: a (…, M, K), w (N, K) -> (…, M, N). It is what a Linear layer (weight
 * (out, in)) and a tied LM head (embedding (V, C)) compute; building transpose(w) first copied the whole
 * weight on every call, which costs as much as the product itself when one token is decoded at a time.
 * Gives the same bits as matmul(a, transpose(w)): every element is the same sum in the same order.
 */
export function matmulTransposed(a: Tensor, w: Tensor): Tensor {
  return linearOp(a, w, null);
}

/**
 * x Wᵀ + bias in one pass (the bias is added as each block of the product is stored): x (…, K),
 * w (N, K), bias (N) or null -> (…, N). What a Linear layer computes. On the js path it is
 * matmulTransposed then add, with the same bits as before.
 */
export function linearOp(a: Tensor, w: Tensor, bias: Tensor | null): Tensor {
  checkTransposedOperands(a, w);
  const K = a.shape[a.ndim - 1];
  const N = w.shape[0];
  const lead = a.shape.slice(0, -1);
  const rows = sizeOf(lead);
  const a2 = reshape(a.detach(), [rows, K]);
  const fast = bias === null || (bias.ndim === 1 && bias.shape[0] === N) ? wasmProduct(a2, false, w.detach(), true, bias) : null;
  if (fast === null) {
    const product = recordTransposed(matmulTransposedJs(a, w), a, w);
    return bias ? product.add(bias) : product;
  }
  const out = new Tensor(fast.data, [...lead, N]);
  return recordTransposed(out, a, w, bias);
}

/** The backward pass of out = a wᵀ (+ bias). */
function recordTransposed(out: Tensor, a: Tensor, w: Tensor, bias: Tensor | null = null): Tensor {
  const K = a.shape[a.ndim - 1];
  const N = w.shape[0];
  const parents = bias ? [a, w, bias] : [a, w];
  return recordOp(out, bias ? "linear" : "matmulTransposed", parents, () => {
    const g = out.grad!;
    // C = A Wᵀ  =>  dA = dC W, dW = dCᵀ A = (Aᵀ dC)ᵀ, summed over every row of the batch in one product.
    // On the js path, whichever of A (rows, K) and dC (rows, N) is narrower is the one copied
    // transposed (an LM head's dC is (rows, V)): the same sums either way.
    if (a.requiresGrad) accumulateGrad(a, reshape(matmul(g.detach(), w.detach()), a.shape), true);
    const a2 = reshape(a.detach(), [-1, K]);
    const g2 = reshape(g.detach(), [-1, N]);
    if (w.requiresGrad) {
      const fast = wasmProduct(g2, true, a2, false);
      accumulateGrad(w, fast ?? (K <= N ? transpose(matmul(transpose(a2), g2)) : matmul(transpose(g2), a2)), true);
    }
    if (bias && bias.requiresGrad) {
      // dbias = Σ_rows dC
      const sums = new Float64Array(N);
      const gd = g2.data;
      const rows = g2.shape[0];
      for (let r = 0; r < rows; r++) for (let j = 0, o = r * N; j < N; j++) sums[j] += gd[o + j];
      const db = allocate(bias.dtype, N);
      db.set(sums);
      accumulateGrad(bias, new Tensor(db, [N]), true);
    }
  });
}
