/**
 * The error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt, needed by the exact GELU. JavaScript's Math has no
 * erf. Accurate to about 1e-14, so float64 gradient checks of GELU are not spoiled by it.
 *
 * Two stages:
 * 1. erfSeries(): slow but simple and accurate — a Taylor series for |x| < 2.5 and a continued
 *    fraction for erfc beyond.
 * 2. erf(): fast. Near 0 a short Taylor series; on [0.5, 6) a Chebyshev polynomial per half-unit
 *    interval, whose coefficients are computed from erfSeries() once when this module loads
 *    (about 250 evaluations). erf is smooth, so degree 15 on an interval of width 0.5 is exact to
 *    rounding error. Beyond 6, erf(x) = ±1 in float64.
 */
const TWO_OVER_SQRT_PI = 1.1283791670955126;

/** erf by series / continued fraction: about 1e-14 accurate (cancellation in the series near 2.5), but 30–60 terms per call. */
export function erfSeries(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 2.5) {
    // erf(x) = 2/√π Σ (−1)ⁿ x^(2n+1) / (n! (2n+1))
    const x2 = x * x;
    let term = x; // (−1)ⁿ x^(2n+1) / n!
    let total = x;
    for (let n = 1; n < 80; n++) {
      term *= -x2 / n;
      const contribution = term / (2 * n + 1);
      total += contribution;
      if (Math.abs(contribution) < 1e-17 * Math.abs(total)) break;
    }
    return TWO_OVER_SQRT_PI * total;
  }
  if (ax > 6) return Math.sign(x); // erfc(6) ≈ 2e-17
  // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))), evaluated from the tail.
  let fraction = 0;
  for (let k = 60; k >= 1; k--) fraction = k / 2 / (ax + fraction);
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + fraction);
  return Math.sign(x) * (1 - erfc);
}

const DEGREE = 15;
const WIDTH = 0.5;
const START = 0.5;
const END = 6;

/** Chebyshev coefficients of erf on [START + k·WIDTH, START + (k+1)·WIDTH], one row per interval. */
const chebyshev: Float64Array[] = (() => {
  const n = DEGREE + 1;
  const tables: Float64Array[] = [];
  for (let lo = START; lo < END - 1e-9; lo += WIDTH) {
    const values = new Float64Array(n);
    for (let j = 0; j < n; j++) values[j] = erfSeries(lo + (WIDTH * (Math.cos((Math.PI * (j + 0.5)) / n) + 1)) / 2);
    const c = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += values[j] * Math.cos((Math.PI * k * (j + 0.5)) / n);
      c[k] = (2 / n) * s;
    }
    c[0] /= 2;
    tables.push(c);
  }
  return tables;
})();

export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < START) {
    // Short Taylor series; terms fall by at least x²/n ≤ 1/4n.
    const x2 = x * x;
    let term = x;
    let total = x;
    for (let n = 1; n <= 14; n++) {
      term *= -x2 / n;
      total += term / (2 * n + 1);
    }
    return TWO_OVER_SQRT_PI * total;
  }
  if (!(ax < END)) return Number.isNaN(x) ? NaN : Math.sign(x);
  const k = Math.floor((ax - START) / WIDTH);
  const c = chebyshev[k];
  const t = (2 * (ax - START - k * WIDTH)) / WIDTH - 1; // in [−1, 1]
  // Clenshaw's recurrence for Σ c_k T_k(t)
  let b1 = 0;
  let b2 = 0;
  for (let i = DEGREE; i >= 1; i--) {
    const b0 = 2 * t * b1 - b2 + c[i];
    b2 = b1;
    b1 = b0;
  }
  const value = t * b1 - b2 + c[0];
  return x < 0 ? -value : value;
}
