// The smallest effect a comparison of this size could detect: two-sided test at level α, power 1 − β,
// by the usual normal approximation, MDE = (z₁₋α/₂ + z₁₋β) × standard error of the difference.
import { normalQuantile } from './normal.js';

export const ALPHA = 0.05;
export const POWER = 0.8;

function multiplier(alpha: number, power: number): number {
  return normalQuantile(1 - alpha / 2) + normalQuantile(power);
}

/** For a difference with this standard error (in its own units). */
export function minimumDetectable(se: number, alpha = ALPHA, power = POWER): number {
  return multiplier(alpha, power) * se;
}

/** For a difference of proportions around `baseline`, with groups of n1 and n2 (in proportion units). */
export function minimumDetectableProportion(baseline: number, n1: number, n2: number, alpha = ALPHA, power = POWER): number | null {
  if (n1 <= 0 || n2 <= 0) return null;
  // A baseline of exactly 0 or 1 would claim infinite precision: take the least informative rate.
  const p = baseline > 0 && baseline < 1 ? baseline : 0.5;
  return minimumDetectable(Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2)), alpha, power);
}

/** For a difference of means with a common standard deviation `sd`. */
export function minimumDetectableMean(sd: number, n1: number, n2: number, alpha = ALPHA, power = POWER): number | null {
  if (n1 <= 0 || n2 <= 0) return null;
  return minimumDetectable(sd * Math.sqrt(1 / n1 + 1 / n2), alpha, power);
}
