// Principal component analysis for 2-D pictures of embeddings. Deterministic (no random start):
// the same input gives the same picture on every machine, signs included.
import { QkvError } from "../tensor/index.js";
import { type TensorLike, toMatrix } from "./tensor-like.js";

/**
 * Projects the rows of x (N, D) onto their top k principal components: returns (N, k) scores.
 * Works on whichever of the covariance (D x D) or the Gram matrix (N x N) is smaller; both give the
 * same scores. Each component's sign is fixed so that its largest-magnitude score is positive.
 */
export function pca(x: TensorLike | readonly (readonly number[])[], k = 2): number[][] {
  const rows = toMatrix(x, "pca", "x");
  const n = rows.length;
  const d = n > 0 ? rows[0]!.length : 0;
  if (!Number.isInteger(k) || k < 1) throw new QkvError(`pca: k must be a positive integer, got ${k}`);
  if (n < 2) throw new QkvError(`pca: need at least 2 rows, got ${n}`);
  if (k > Math.min(n, d)) throw new QkvError(`pca: k = ${k} exceeds min(N, D) = min(${n}, ${d})`);

  // Centre the columns, in float64.
  const xc = rows.map((r) => Float64Array.from(r));
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += xc[i]![j]!;
    mean /= n;
    for (let i = 0; i < n; i++) xc[i]![j]! -= mean;
  }

  const scores: number[][] = Array.from({ length: n }, () => new Array<number>(k).fill(0));
  if (n <= d) {
    // Gram matrix G = Xc Xcᵀ (N, N): G u = λ u and the scores are u √λ.
    const g = squareMatrix(n, (i, j) => dot(xc[i]!, xc[j]!));
    const { values, vectors } = topEigen(g, k);
    for (let c = 0; c < k; c++) {
      const s = Math.sqrt(Math.max(values[c]!, 0));
      for (let i = 0; i < n; i++) scores[i]![c] = vectors[c]![i]! * s;
    }
  } else {
    // Covariance-like C = Xcᵀ Xc (D, D): the scores are Xc v.
    const c = squareMatrix(d, (a, b) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += xc[i]![a]! * xc[i]![b]!;
      return s;
    });
    const { vectors } = topEigen(c, k);
    for (let comp = 0; comp < k; comp++) {
      for (let i = 0; i < n; i++) scores[i]![comp] = dot(xc[i]!, vectors[comp]!);
    }
  }
  for (let c = 0; c < k; c++) {
    let best = 0;
    for (let i = 0; i < n; i++) if (Math.abs(scores[i]![c]!) > Math.abs(scores[best]![c]!)) best = i;
    if (scores[best]![c]! < 0) for (let i = 0; i < n; i++) scores[i]![c] = -scores[i]![c]!;
  }
  return scores;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function squareMatrix(m: number, entry: (i: number, j: number) => number): Float64Array[] {
  const out = Array.from({ length: m }, () => new Float64Array(m));
  for (let i = 0; i < m; i++) {
    for (let j = i; j < m; j++) {
      const v = entry(i, j);
      out[i]![j] = v;
      out[j]![i] = v;
    }
  }
  return out;
}

/** The k largest eigenpairs of a symmetric matrix, largest first (cyclic Jacobi: exact and deterministic). */
export function topEigen(a: readonly Float64Array[], k: number): { values: number[]; vectors: Float64Array[] } {
  const m = a.length;
  const s = a.map((r) => Float64Array.from(r));
  const v = Array.from({ length: m }, (_, i) => {
    const r = new Float64Array(m);
    r[i] = 1;
    return r;
  });
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        total += s[i]![j]! ** 2;
        if (i !== j) off += s[i]![j]! ** 2;
      }
    }
    if (off <= 1e-22 * total || off === 0) break;
    for (let p = 0; p < m - 1; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = s[p]![q]!;
        if (apq === 0) continue;
        // Rotation angle that zeroes s[p][q] (Golub & Van Loan, Algorithm 8.4.1).
        const theta = (s[q]![q]! - s[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const sn = t * c;
        for (let r = 0; r < m; r++) {
          const srp = s[r]![p]!;
          const srq = s[r]![q]!;
          s[r]![p] = c * srp - sn * srq;
          s[r]![q] = sn * srp + c * srq;
        }
        for (let r = 0; r < m; r++) {
          const spr = s[p]![r]!;
          const sqr = s[q]![r]!;
          s[p]![r] = c * spr - sn * sqr;
          s[q]![r] = sn * spr + c * sqr;
        }
        for (let r = 0; r < m; r++) {
          const vrp = v[r]![p]!;
          const vrq = v[r]![q]!;
          v[r]![p] = c * vrp - sn * vrq;
          v[r]![q] = sn * vrp + c * vrq;
        }
      }
    }
  }
  const order = Array.from({ length: m }, (_, i) => i).sort((i, j) => s[j]![j]! - s[i]![i]! || i - j);
  const top = order.slice(0, k);
  return {
    values: top.map((i) => s[i]![i]!),
    vectors: top.map((col) => Float64Array.from({ length: m }, (_, r) => v[r]![col]!)),
  };
}
