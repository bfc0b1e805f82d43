// A difference of two means with its interval (Welch's standard error, normal quantile): for figures
// that are one number per account, such as the share of a stage's features an account uses. The
// groups the effect report compares are dozens to thousands of accounts, where the normal quantile
// and Student's t differ by less than the rounding shown.
import { twoSidedP, zFor } from './normal.js';
import type { Estimate } from './proportions.js';

export interface Sample {
  readonly n: number;
  readonly mean: number;
  /** Sample variance (n − 1 in the denominator). */
  readonly variance: number;
}

export function describeSample(values: readonly number[]): Sample {
  const n = values.length;
  if (n === 0) return { n: 0, mean: Number.NaN, variance: Number.NaN };
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = n < 2 ? 0 : values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  return { n, mean, variance };
}

export interface MeanDifference extends Estimate {
  readonly se: number;
  /** The statistic (a − b) / se. */
  readonly t: number;
  readonly p: number;
}

/** mean(a) − mean(b), Welch's standard error √(s²ₐ/nₐ + s²_b/n_b). */
export function meanDifference(a: Sample, b: Sample, confidence = 0.95): MeanDifference {
  const estimate = a.mean - b.mean;
  const se = Math.sqrt(a.variance / a.n + b.variance / b.n);
  const z = zFor(confidence);
  const t = se === 0 ? 0 : estimate / se;
  return { estimate, se, t, p: se === 0 ? 1 : twoSidedP(t), lower: estimate - z * se, upper: estimate + z * se };
}
