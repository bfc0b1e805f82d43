// The standard normal distribution: the CDF and its inverse, to full double precision. Our own, so
// the report needs no statistics package; tested against published table values.

const LOG_SQRT_2PI = 0.9189385332046727;

/**
 * Φ(x), by Marsaglia's series Φ(x) = ½ + φ(x)·(x + x³/3 + x⁵/(3·5) + …) (G. Marsaglia, "Evaluating
 * the Normal Distribution", Journal of Statistical Software 11(4), 2004): all terms positive, so no
 * cancellation; absolute error about 1e-15.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < -38) return 0;
  if (x > 38) return 1;
  let sum = x;
  let term = x;
  const q = x * x;
  for (let i = 3; ; i += 2) {
    term *= q / i;
    const next = sum + term;
    if (next === sum) break;
    sum = next;
  }
  return Math.min(1, Math.max(0, 0.5 + sum * Math.exp(-0.5 * q - LOG_SQRT_2PI)));
}

/** Two-sided p-value of a z statistic. */
export function twoSidedP(z: number): number {
  return Math.min(1, 2 * normalCdf(-Math.abs(z)));
}

/** The density φ(x). */
function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x - LOG_SQRT_2PI);
}

/** Φ⁻¹(p) for 0 < p < 1: Newton steps on normalCdf, kept inside a shrinking bracket. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be strictly between 0 and 1 (got ${p})`);
  let lo = -38;
  let hi = 38;
  // A start within about 0.01 (a logistic fit), so Newton needs a handful of steps.
  let x = -Math.log(1 / p - 1) / 1.702;
  for (let i = 0; i < 100; i++) {
    const f = normalCdf(x) - p;
    if (f === 0) return x;
    if (f < 0) lo = x;
    else hi = x;
    let next = x - f / normalPdf(x);
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - x) <= 1e-15 * Math.max(1, Math.abs(x))) return next;
    x = next;
  }
  return x;
}

/** The two-sided critical value for a confidence level (1.959963984540054 for 95 %). */
export function zFor(confidence: number): number {
  return normalQuantile(1 - (1 - confidence) / 2);
}
