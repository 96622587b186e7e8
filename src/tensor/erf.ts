/**
 * The error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt, needed by the exact GELU. JavaScript's Math has no
 * erf. Accurate to about 1e-14, so float64 gradient checks of GELU are not spoiled by it.
 */
const TWO_OVER_SQRT_PI = 1.1283791670955126;

export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 2.5) {
    // Taylor series: erf(x) = 2/√π Σ (−1)ⁿ x^(2n+1) / (n! (2n+1)). Terms fall fast for |x| < 2.5.
    const x2 = x * x;
    let term = x; // (−1)ⁿ x^(2n+1) / n!
    let total = x;
    for (let n = 1; n < 60; n++) {
      term *= -x2 / n;
      const contribution = term / (2 * n + 1);
      total += contribution;
      if (Math.abs(contribution) < 1e-17 * Math.abs(total)) break;
    }
    return TWO_OVER_SQRT_PI * total;
  }
  if (ax > 6) return Math.sign(x); // erfc(6) ≈ 2e-17
  // Continued fraction for erfc: erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))),
  // evaluated from the tail backwards.
  let fraction = 0;
  for (let k = 60; k >= 1; k--) fraction = k / 2 / (ax + fraction);
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + fraction);
  return Math.sign(x) * (1 - erfc);
}
