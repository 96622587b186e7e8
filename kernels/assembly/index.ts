// qkv's compute kernels, in AssemblyScript, compiled to WebAssembly with 128-bit SIMD (no relaxed
// SIMD: every instruction used here has one exact result, so the output bytes are the same on every
// machine). `npm run kernels` rebuilds src/tensor/wasm/kernels-wasm.ts from this file.
//
// Memory is managed by the caller (src/tensor/wasm/runtime.ts): it copies float32 operands to
// addresses at or above heapBase(), calls a kernel with those addresses (in bytes), and copies the
// results out. Nothing here allocates. Every matrix is float32, addressed as base + 4·(i·rowStride +
// j·colStride), so one kernel reads a matrix or its transpose, a head of a packed (B, T, 3C) tensor, ….

export function heapBase(): usize {
  return __heap_base;
}

// ---------------------------------------------------------------------------------------------
// gemm: C = A B (+ bias) (+ C), the workhorse.
//
// B (K, N) is first copied into column panels of 8: packB[(jb·K + p)·8 + c] = B(p, 8·jb + c), padded
// with zeros; A (M, K) is read in place when its rows are contiguous, else copied into row blocks of 4:
// packA[(ib·K + p)·4 + r] = A(4·ib + r, p) (as when A is read transposed).
// Then each 4×8 tile of C is 8 f32x4 running sums held in registers; one step of p loads 8 numbers
// of B (two vectors) and 4 of A (each splat over a vector) and does 32 multiply-adds. Every C(i, j)
// is the sum over p = 0 .. K-1 in order, in float32: the same bits whatever the shapes around it.

function packA(a: usize, ars: i32, acs: i32, M: i32, K: i32, dst: usize): void {
  const MB = (M + 3) >> 2;
  for (let ib = 0; ib < MB; ib++) {
    for (let r = 0; r < 4; r++) {
      const i = (ib << 2) + r;
      let out = dst + ((<usize>(ib * K) << 4) + (<usize>r << 2));
      if (i < M) {
        let src = a + (<usize>(i * ars) << 2);
        const step = <usize>acs << 2;
        for (let p = 0; p < K; p++) {
          store<f32>(out, load<f32>(src));
          out += 16;
          src += step;
        }
      } else {
        for (let p = 0; p < K; p++) {
          store<f32>(out, 0);
          out += 16;
        }
      }
    }
  }
}

function packB(b: usize, brs: i32, bcs: i32, K: i32, N: i32, dst: usize): void {
  const NB = (N + 7) >> 3;
  for (let jb = 0; jb < NB; jb++) {
    const j0 = jb << 3;
    let out = dst + (<usize>(jb * K) << 5);
    if (bcs == 1 && j0 + 8 <= N) {
      let src = b + (<usize>j0 << 2);
      const step = <usize>brs << 2;
      for (let p = 0; p < K; p++) {
        v128.store(out, v128.load(src));
        v128.store(out, v128.load(src, 16), 16);
        out += 32;
        src += step;
      }
    } else {
      for (let p = 0; p < K; p++) {
        for (let c = 0; c < 8; c++) {
          const j = j0 + c;
          store<f32>(out + (<usize>c << 2), j < N ? load<f32>(b + (<usize>(p * brs + j * bcs) << 2)) : 0);
        }
        out += 32;
      }
    }
  }
}

/** Bytes of scratch gemm needs for (M, K) x (K, N). */
export function gemmScratchBytes(M: i32, K: i32, N: i32): i32 {
  return (((M + 3) >> 2) * 4 * K + ((N + 7) >> 3) * 8 * K) * 4 + 64;
}

/**
 * C(i, j) = Σ_p A(i, p) B(p, j) [+ bias(j)] [+ C(i, j) before], for i < M, j < N.
 * A(i, p) at a + 4(i·ars + p·acs); B(p, j) at b + 4(p·brs + j·bcs); C(i, j) at c + 4(i·ldc + j).
 * bias: 0 for none, else N float32s. accumulate: 1 to add into C instead of overwriting it.
 */
export function gemm(
  M: i32, K: i32, N: i32,
  a: usize, ars: i32, acs: i32,
  b: usize, brs: i32, bcs: i32,
  c: usize, ldc: i32,
  bias: usize, accumulate: i32, scratch: usize,
): void {
  if (M <= 0 || N <= 0) return;
  // A with contiguous rows is read in place (4 row pointers); otherwise it is packed first.
  const direct = acs == 1;
  const pa = (scratch + 15) & ~(<usize>15);
  const pb = direct ? pa : pa + (<usize>(((M + 3) >> 2) * 4 * K) << 2);
  if (!direct) packA(a, ars, acs, M, K, pa);
  packB(b, brs, bcs, K, N, pb);
  const MB = (M + 3) >> 2;
  const NB = (N + 7) >> 3;
  const tmp = pb + (<usize>(NB * 8 * K) << 2); // one 8-float row for partial stores
  for (let jb = 0; jb < NB; jb++) {
    const j0 = jb << 3;
    const panel = pb + (<usize>(jb * K) << 5);
    const cols = min(8, N - j0);
    let bias0 = f32x4.splat(0);
    let bias1 = f32x4.splat(0);
    if (bias != 0) {
      if (cols == 8) {
        bias0 = v128.load(bias + (<usize>j0 << 2));
        bias1 = v128.load(bias + (<usize>j0 << 2), 16);
      } else {
        for (let q = 0; q < 8; q++) store<f32>(tmp + (<usize>q << 2), q < cols ? load<f32>(bias + (<usize>(j0 + q) << 2)) : 0);
        bias0 = v128.load(tmp);
        bias1 = v128.load(tmp, 16);
      }
    }
    for (let ib = 0; ib < MB; ib++) {
      let bp = panel;
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
      let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
      let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      if (direct) {
        // rows past M re-read the last row; their sums are never stored
        const i0 = ib << 2;
        const last = M - 1;
        let r0 = a + (<usize>(i0 * ars) << 2);
        let r1 = a + (<usize>(min(i0 + 1, last) * ars) << 2);
        let r2 = a + (<usize>(min(i0 + 2, last) * ars) << 2);
        let r3 = a + (<usize>(min(i0 + 3, last) * ars) << 2);
        for (let p = 0; p < K; p++) {
          const b0 = v128.load(bp);
          const b1 = v128.load(bp, 16);
          const a0 = v128.load32_splat(r0);
          const a1 = v128.load32_splat(r1);
          const a2 = v128.load32_splat(r2);
          const a3 = v128.load32_splat(r3);
          c00 = f32x4.add(c00, f32x4.mul(a0, b0)); c01 = f32x4.add(c01, f32x4.mul(a0, b1));
          c10 = f32x4.add(c10, f32x4.mul(a1, b0)); c11 = f32x4.add(c11, f32x4.mul(a1, b1));
          c20 = f32x4.add(c20, f32x4.mul(a2, b0)); c21 = f32x4.add(c21, f32x4.mul(a2, b1));
          c30 = f32x4.add(c30, f32x4.mul(a3, b0)); c31 = f32x4.add(c31, f32x4.mul(a3, b1));
          r0 += 4; r1 += 4; r2 += 4; r3 += 4;
          bp += 32;
        }
      } else {
        let ap = pa + (<usize>(ib * K) << 4);
        for (let p = 0; p < K; p++) {
          const b0 = v128.load(bp);
          const b1 = v128.load(bp, 16);
          const a0 = v128.load32_splat(ap);
          const a1 = v128.load32_splat(ap, 4);
          const a2 = v128.load32_splat(ap, 8);
          const a3 = v128.load32_splat(ap, 12);
          c00 = f32x4.add(c00, f32x4.mul(a0, b0)); c01 = f32x4.add(c01, f32x4.mul(a0, b1));
          c10 = f32x4.add(c10, f32x4.mul(a1, b0)); c11 = f32x4.add(c11, f32x4.mul(a1, b1));
          c20 = f32x4.add(c20, f32x4.mul(a2, b0)); c21 = f32x4.add(c21, f32x4.mul(a2, b1));
          c30 = f32x4.add(c30, f32x4.mul(a3, b0)); c31 = f32x4.add(c31, f32x4.mul(a3, b1));
          ap += 16;
          bp += 32;
        }
      }
      if (bias != 0) {
        c00 = f32x4.add(c00, bias0); c01 = f32x4.add(c01, bias1);
        c10 = f32x4.add(c10, bias0); c11 = f32x4.add(c11, bias1);
        c20 = f32x4.add(c20, bias0); c21 = f32x4.add(c21, bias1);
        c30 = f32x4.add(c30, bias0); c31 = f32x4.add(c31, bias1);
      }
      const i0 = ib << 2;
      const rows = min(4, M - i0);
      storeRow(c, ldc, i0, j0, cols, c00, c01, accumulate, tmp);
      if (rows > 1) storeRow(c, ldc, i0 + 1, j0, cols, c10, c11, accumulate, tmp);
      if (rows > 2) storeRow(c, ldc, i0 + 2, j0, cols, c20, c21, accumulate, tmp);
      if (rows > 3) storeRow(c, ldc, i0 + 3, j0, cols, c30, c31, accumulate, tmp);
    }
  }
}

// @ts-ignore: decorator
@inline
function storeRow(c: usize, ldc: i32, i: i32, j0: i32, cols: i32, v0: v128, v1: v128, accumulate: i32, tmp: usize): void {
  const dst = c + (<usize>(i * ldc + j0) << 2);
  if (cols == 8) {
    if (accumulate) {
      v0 = f32x4.add(v128.load(dst), v0);
      v1 = f32x4.add(v128.load(dst, 16), v1);
    }
    v128.store(dst, v0);
    v128.store(dst, v1, 16);
  } else {
    v128.store(tmp, v0);
    v128.store(tmp, v1, 16);
    for (let q = 0; q < cols; q++) {
      const x = load<f32>(tmp + (<usize>q << 2));
      const at = dst + (<usize>q << 2);
      store<f32>(at, accumulate ? load<f32>(at) + x : x);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Softmax over contiguous rows, forward and backward (fully masked rows, all -Infinity, give zeros).

function softmaxRow(x: usize, y: usize, n: i32): void {
  let m: f32 = -Infinity;
  for (let j = 0; j < n; j++) m = max(m, load<f32>(x + (<usize>j << 2)));
  if (m == -Infinity) {
    for (let j = 0; j < n; j++) store<f32>(y + (<usize>j << 2), 0);
    return;
  }
  let total: f64 = 0;
  for (let j = 0; j < n; j++) {
    const e = Mathf.exp(load<f32>(x + (<usize>j << 2)) - m);
    store<f32>(y + (<usize>j << 2), e);
    total += e;
  }
  const inv = <f32>(1 / total);
  for (let j = 0; j < n; j++) store<f32>(y + (<usize>j << 2), load<f32>(y + (<usize>j << 2)) * inv);
}

export function softmaxRows(x: usize, y: usize, rows: i32, n: i32): void {
  for (let r = 0; r < rows; r++) softmaxRow(x + (<usize>(r * n) << 2), y + (<usize>(r * n) << 2), n);
}

/** dx = y ⊙ (g − Σ g⊙y), row by row. */
export function softmaxBackwardRows(y: usize, g: usize, dx: usize, rows: i32, n: i32): void {
  for (let r = 0; r < rows; r++) {
    const o = <usize>(r * n) << 2;
    let dot: f64 = 0;
    for (let j = 0; j < n; j++) dot += <f64>load<f32>(g + o + (<usize>j << 2)) * <f64>load<f32>(y + o + (<usize>j << 2));
    const d = <f32>dot;
    for (let j = 0; j < n; j++) {
      const at = o + (<usize>j << 2);
      store<f32>(dx + at, load<f32>(y + at) * (load<f32>(g + at) - d));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Layer norm over contiguous rows of D. Forward keeps each row's mean and 1/σ (float64) for the
// backward pass, which recomputes x̂ = (x − mean)/σ from x rather than storing it (less memory).

export function layerNormForward(x: usize, w: usize, b: usize, y: usize, stats: usize, rows: i32, D: i32, eps: f64): void {
  for (let r = 0; r < rows; r++) {
    const o = <usize>(r * D) << 2;
    let mean: f64 = 0;
    for (let j = 0; j < D; j++) mean += <f64>load<f32>(x + o + (<usize>j << 2));
    mean /= D;
    let variance: f64 = 0;
    for (let j = 0; j < D; j++) {
      const d = <f64>load<f32>(x + o + (<usize>j << 2)) - mean;
      variance += d * d;
    }
    variance /= D;
    const s = 1 / Math.sqrt(variance + eps);
    store<f64>(stats + (<usize>r << 4), mean);
    store<f64>(stats + (<usize>r << 4), s, 8);
    for (let j = 0; j < D; j++) {
      const at = o + (<usize>j << 2);
      let v = (<f64>load<f32>(x + at) - mean) * s;
      if (w != 0) v *= <f64>load<f32>(w + (<usize>j << 2));
      if (b != 0) v += <f64>load<f32>(b + (<usize>j << 2));
      store<f32>(y + at, <f32>v);
    }
  }
}

/**
 * With g = dL/dy: dx = rstd·(h − mean(h) − x̂·mean(h·x̂)), h = g·w; dw += Σ_rows g·x̂; db += Σ_rows g.
 * dx, dw, db: 0 to skip. dw and db are float64 sums (D each), added to.
 */
export function layerNormBackward(g: usize, x: usize, stats: usize, w: usize, dx: usize, dw: usize, db: usize, rows: i32, D: i32): void {
  for (let r = 0; r < rows; r++) {
    const o = <usize>(r * D) << 2;
    const mean = load<f64>(stats + (<usize>r << 4));
    const s = load<f64>(stats + (<usize>r << 4), 8);
    if (db != 0) for (let j = 0; j < D; j++) {
      const at = db + (<usize>j << 3);
      store<f64>(at, load<f64>(at) + <f64>load<f32>(g + o + (<usize>j << 2)));
    }
    if (dw != 0) for (let j = 0; j < D; j++) {
      const at = dw + (<usize>j << 3);
      const xh = (<f64>load<f32>(x + o + (<usize>j << 2)) - mean) * s;
      store<f64>(at, load<f64>(at) + <f64>load<f32>(g + o + (<usize>j << 2)) * xh);
    }
    if (dx != 0) {
      let meanH: f64 = 0;
      let meanHX: f64 = 0;
      for (let j = 0; j < D; j++) {
        let h = <f64>load<f32>(g + o + (<usize>j << 2));
        if (w != 0) h *= <f64>load<f32>(w + (<usize>j << 2));
        meanH += h;
        meanHX += h * (<f64>load<f32>(x + o + (<usize>j << 2)) - mean) * s;
      }
      meanH /= D;
      meanHX /= D;
      for (let j = 0; j < D; j++) {
        let h = <f64>load<f32>(g + o + (<usize>j << 2));
        if (w != 0) h *= <f64>load<f32>(w + (<usize>j << 2));
        const xh = (<f64>load<f32>(x + o + (<usize>j << 2)) - mean) * s;
        store<f32>(dx + o + (<usize>j << 2), <f32>(s * (h - meanH - xh * meanHX)));
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// GELU, tanh approximation (GPT-2): ½x(1 + tanh(√(2/π)(x + 0.044715x³))), and its derivative.

const SQRT_2_OVER_PI: f64 = 0.7978845608028654;
const GELU_CUBIC: f64 = 0.044715;

/** tanh from one float32 exp: (e^{2u} − 1)/(e^{2u} + 1); ±1 beyond |u| = 9, where float32 tanh is ±1. */
// @ts-ignore: decorator
@inline
function tanhf(u: f32): f32 {
  if (u > 9) return 1;
  if (u < -9) return -1;
  const e = Mathf.exp(2 * u);
  return (e - 1) / (e + 1);
}

export function geluTanhForward(x: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const at = <usize>i << 2;
    const v = load<f32>(x + at);
    const th = tanhf(<f32>SQRT_2_OVER_PI * (v + <f32>GELU_CUBIC * v * v * v));
    store<f32>(y + at, <f32>0.5 * v * (1 + th));
  }
}

/** dx = g · gelu'(x), gelu'(x) = ½(1 + th) + ½x(1 − th²)·√(2/π)(1 + 3·0.044715x²). */
export function geluTanhBackward(x: usize, g: usize, dx: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const at = <usize>i << 2;
    const v = load<f32>(x + at);
    const th = tanhf(<f32>SQRT_2_OVER_PI * (v + <f32>GELU_CUBIC * v * v * v));
    const inner = <f32>SQRT_2_OVER_PI * (1 + <f32>(3 * GELU_CUBIC) * v * v);
    const d = <f32>0.5 * (1 + th) + <f32>0.5 * v * (1 - th * th) * inner;
    store<f32>(dx + at, load<f32>(g + at) * d);
  }
}

// ---------------------------------------------------------------------------------------------
// Fused attention over nb·nh (batch, head) pairs. Q(b,h,t,j) at q + 4(b·qsb + h·qsh + t·qst + j),
// the same for K, V and the output O; P (the weights) is contiguous (nb, nh, T, S). The mask (bytes,
// 1 = may attend) is read by broadcast strides (a stride of 0 re-reads it), so no T×S mask is ever
// built per head; `causal` blocks key s for query t when s > t + S − T.

/** P = softmax(mask(scale · Q Kᵀ)), O = P V. */
export function attentionForward(
  nb: i32, nh: i32, T: i32, S: i32, d: i32, dv: i32, scale: f32,
  q: usize, qsb: i32, qsh: i32, qst: i32,
  k: usize, ksb: i32, ksh: i32, kst: i32,
  v: usize, vsb: i32, vsh: i32, vst: i32,
  o: usize, osb: i32, osh: i32, ost: i32,
  p: usize,
  mask: usize, msb: i32, msh: i32, mst: i32, mss: i32,
  causal: i32, scratch: usize,
): void {
  for (let bi = 0; bi < nb; bi++) {
    for (let h = 0; h < nh; h++) {
      const ph = p + (<usize>((bi * nh + h) * T * S) << 2);
      const qh = q + (<usize>(bi * qsb + h * qsh) << 2);
      const kh = k + (<usize>(bi * ksb + h * ksh) << 2);
      const vh = v + (<usize>(bi * vsb + h * vsh) << 2);
      const oh = o + (<usize>(bi * osb + h * osh) << 2);
      // scores (T, d) x (d, S): K read transposed, K(s, j) -> B(j, s) at s·kst + j
      gemm(T, d, S, qh, qst, 1, kh, 1, kst, ph, S, 0, 0, scratch);
      const mh = mask + <usize>(bi * msb + h * msh);
      for (let t = 0; t < T; t++) {
        const row = ph + (<usize>(t * S) << 2);
        const last = causal ? t + S - T : S - 1; // keys after `last` are blocked
        for (let s = 0; s < S; s++) {
          const at = row + (<usize>s << 2);
          let blocked = s > last;
          if (mask != 0 && !blocked) blocked = load<u8>(mh + <usize>(t * mst + s * mss)) == 0;
          store<f32>(at, blocked ? -Infinity : load<f32>(at) * scale);
        }
        softmaxRow(row, row, S);
      }
      // (T, S) x (S, dv)
      gemm(T, S, dv, ph, S, 1, vh, vst, 1, oh, ost, 0, 0, scratch);
    }
  }
}

/** From dO: dP = dO Vᵀ (contiguous like P) and dV = Pᵀ dO (written in V's layout). dp or dvOut 0 to skip. */
export function attentionBackwardValues(
  nb: i32, nh: i32, T: i32, S: i32, dv: i32,
  p: usize, dout: usize, dsb: i32, dsh: i32, dst: i32,
  v: usize, vsb: i32, vsh: i32, vst: i32,
  dp: usize, dvOut: usize, scratch: usize,
): void {
  for (let bi = 0; bi < nb; bi++) {
    for (let h = 0; h < nh; h++) {
      const off = <usize>((bi * nh + h) * T * S) << 2;
      const gh = dout + (<usize>(bi * dsb + h * dsh) << 2);
      const vo = <usize>(bi * vsb + h * vsh) << 2;
      // (T, dv) x (dv, S): V read transposed
      if (dp != 0) gemm(T, dv, S, gh, dst, 1, v + vo, 1, vst, dp + off, S, 0, 0, scratch);
      // (S, T) x (T, dv): P read transposed
      if (dvOut != 0) gemm(S, T, dv, p + off, 1, S, gh, dst, 1, dvOut + vo, vst, 0, 0, scratch);
    }
  }
}

/** From dP: dS = scale · P ⊙ (dP − Σ dP⊙P); dQ = dS K, dK = dSᵀ Q (in Q's and K's layouts). dq or dk 0 to skip. */
export function attentionBackwardScores(
  nb: i32, nh: i32, T: i32, S: i32, d: i32, scale: f32,
  p: usize, dp: usize,
  q: usize, qsb: i32, qsh: i32, qst: i32,
  k: usize, ksb: i32, ksh: i32, kst: i32,
  dq: usize, dk: usize, scratch: usize,
): void {
  const ds = (scratch + 15) & ~(<usize>15);
  const rest = ds + (<usize>(T * S) << 2);
  for (let bi = 0; bi < nb; bi++) {
    for (let h = 0; h < nh; h++) {
      const off = <usize>((bi * nh + h) * T * S) << 2;
      for (let t = 0; t < T; t++) {
        const row = <usize>(t * S) << 2;
        let dot: f64 = 0;
        for (let s = 0; s < S; s++) {
          const at = off + row + (<usize>s << 2);
          dot += <f64>load<f32>(dp + at) * <f64>load<f32>(p + at);
        }
        const dd = <f32>dot;
        for (let s = 0; s < S; s++) {
          const at = off + row + (<usize>s << 2);
          store<f32>(ds + row + (<usize>s << 2), scale * (load<f32>(p + at) * (load<f32>(dp + at) - dd)));
        }
      }
      const qo = <usize>(bi * qsb + h * qsh) << 2;
      const ko = <usize>(bi * ksb + h * ksh) << 2;
      // (T, S) x (S, d)
      if (dq != 0) gemm(T, S, d, ds, S, 1, k + ko, kst, 1, dq + qo, qst, 0, 0, rest);
      // (S, T) x (T, d): dS read transposed
      if (dk != 0) gemm(S, T, d, ds, 1, S, q + qo, qst, 1, dk + ko, kst, 0, 0, rest);
    }
  }
}
