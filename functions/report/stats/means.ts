// A difference of two means with its interval: Welch's standard error and Student's t with
// Satterthwaite's degrees of freedom, for figures that are one number per account (the share of a
// stage's features an account uses). A young program's control group may hold a few dozen accounts,
// where the normal quantile would make the interval too narrow.
import type { Estimate } from './proportions.js';
import { studentTCdf, studentTQuantile } from './student-t.js';

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
  /** Welch–Satterthwaite degrees of freedom. */
  readonly df: number;
  /** The statistic (a − b) / se. */
  readonly t: number;
  readonly p: number;
}

/**
 * mean(a) − mean(b), Welch's standard error √(s²ₐ/nₐ + s²_b/n_b). Null when either sample has fewer
 * than 2 values or when both have no spread at all: two constant groups say nothing about how far
 * their means could move, and a zero standard error would print certainty (an interval of one point,
 * p = 0) from as few as two accounts.
 */
export function meanDifference(a: Sample, b: Sample, confidence = 0.95): MeanDifference | null {
  if (a.n < 2 || b.n < 2) return null;
  const estimate = a.mean - b.mean;
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const se = Math.sqrt(va + vb);
  if (!(se > 0)) return null;
  const df = welchDf(a, b);
  const t = estimate / se;
  const q = studentTQuantile(1 - (1 - confidence) / 2, df);
  return {
    estimate,
    se,
    df,
    t,
    p: Math.min(1, 2 * studentTCdf(-Math.abs(t), df)),
    lower: estimate - q * se,
    upper: estimate + q * se,
  };
}

/** Welch–Satterthwaite degrees of freedom; a group without spread contributes none of the uncertainty. */
export function welchDf(a: Sample, b: Sample): number {
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const parts = (va === 0 ? 0 : va ** 2 / (a.n - 1)) + (vb === 0 ? 0 : vb ** 2 / (b.n - 1));
  return parts === 0 ? Number.POSITIVE_INFINITY : (va + vb) ** 2 / parts;
}
