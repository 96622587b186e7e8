/**
 * Matrix multiplication: (…, M, K) x (…, K, N) -> (…, M, N), batch axes broadcast like NumPy.
 *
 * Speed: the kernel computes a 4×4 block of C at a time with its 16 running sums in local variables
 * (which the JIT keeps in registers), so every value loaded from A or B feeds 4 multiply-adds instead
 * of 1. The 4 columns of B a block needs are first copied into a small contiguous buffer ("packing"),
 * so the inner loop reads memory strictly in order. See bench/run.ts for the measured speed.
 */
import { Tensor } from "./tensor.js";
import { checkTensorArg } from "./validate.js";
import { type TypedArray, allocate, floatTypeOf, isFloat, promoteTypes } from "./dtype.js";
import { check, formatShape } from "./errors.js";
import { broadcastShapes, sizeOf } from "./shape.js";
import { recordOp, accumulateGrad } from "./autograd.js";
import { broadcastOffsets, unbroadcast } from "./broadcast.js";
import { reshape, transpose } from "./shape-ops.js";

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
  const out = new Tensor(C as TypedArray, [...batch, M, N]);
  return recordOp(out, "matmul", [a, b], () => {
    const g = out.grad!;
    // C = A B  =>  dA = dC Bᵀ, dB = Aᵀ dC (then summed over any broadcast batch axes)
    if (a.requiresGrad) accumulateGrad(a, unbroadcast(matmul(g, transpose(b)), a.shape));
    if (b.requiresGrad) {
      if (b.ndim === 2) {
        // Sum over the batch inside one product: (B·T, K)ᵀ x (B·T, N) -> (K, N).
        accumulateGrad(b, matmul(transpose(reshape(a, [-1, K])), reshape(g, [-1, N])));
      } else {
        accumulateGrad(b, unbroadcast(matmul(transpose(a), g), b.shape));
      }
    }
  });
}

/**
 * a Wᵀ without materialising Wᵀ: a (…, M, K), w (N, K) -> (…, M, N). It is what a Linear layer (weight
 * (out, in)) and a tied LM head (embedding (V, C)) compute; building transpose(w) first copied the whole
 * weight on every call, which costs as much as the product itself when one token is decoded at a time.
 * Gives the same bits as matmul(a, transpose(w)): every element is the same sum in the same order.
 */
export function matmulTransposed(a: Tensor, w: Tensor): Tensor {
  checkTensorArg(a, "matmul", "a");
  checkTensorArg(w, "matmul", "w");
  check(
    a.ndim >= 2 && w.ndim === 2,
    () => `matmul: ${formatShape(a.shape)} x ${formatShape(w.shape)}ᵀ: needs (…, M, K) and a (N, K) matrix`,
  );
  const K = a.shape[a.ndim - 1];
  const [N, K2] = w.shape;
  check(K === K2, () => `matmul: ${formatShape(a.shape)} x ${formatShape(w.shape)}ᵀ: inner dimensions ${K} != ${K2}`);
  const lead = a.shape.slice(0, -1);
  const rows = sizeOf(lead);
  const dtype = floatTypeOf(promoteTypes(a.dtype, w.dtype));
  const C = allocate(dtype, rows * N) as FloatArray;
  // w (N, K) read as its transpose (K, N): B(p, j) = w[j*K + p].
  matmulKernel(asFloat(a).data as FloatArray, 0, asFloat(w).data as FloatArray, 0, C, 0, rows, K, N, new Float64Array(4 * K), 1, K);
  const out = new Tensor(C as TypedArray, [...lead, N]);
  return recordOp(out, "matmulTransposed", [a, w], () => {
    const g = out.grad!;
    // C = A Wᵀ  =>  dA = dC W, dW = dCᵀ A = (Aᵀ dC)ᵀ, summed over every row of the batch in one product.
    // Whichever of A (rows, K) and dC (rows, N) is narrower is the one copied transposed (an LM head's
    // dC is (rows, V)): the same sums either way.
    if (a.requiresGrad) accumulateGrad(a, matmul(g, w));
    if (w.requiresGrad) {
      const a2 = reshape(a, [-1, K]);
      const g2 = reshape(g, [-1, N]);
      accumulateGrad(w, K <= N ? transpose(matmul(transpose(a2), g2)) : matmul(transpose(g2), a2));
    }
  });
}
