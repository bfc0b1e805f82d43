// The smallest effect a comparison of this size could detect: the true difference at which the
// report's own two-sided test at level α has power 1 − β. Each arm keeps its own variance: for a
// share, the treatment arm's is that of the share it would have after the change, so δ is on both
// sides of the equation and is solved by fixed-point iteration. Using the baseline's variance for
// both arms (as before) is optimistic near 0 or 1: at a 5 % baseline the test had 52 % power, not
// 80 %, at the printed figure (400 treatment and 100 control accounts). A change that would take a share past 0 or 100 % cannot happen: a
// direction whose solution is not feasible gives no figure, and with neither feasible there is none.
import { normalQuantile } from './normal.js';
import { studentTQuantile } from './student-t.js';

export const ALPHA = 0.05;
export const POWER = 0.8;

function multiplier(alpha: number, power: number, df = Number.POSITIVE_INFINITY): number {
  if (Number.isFinite(df)) return studentTQuantile(1 - alpha / 2, df) + studentTQuantile(power, df);
  return normalQuantile(1 - alpha / 2) + normalQuantile(power);
}

/** Room for a change above and below the control group's value (a share cannot pass 0 or 1). */
export interface Room {
  readonly up: number;
  readonly down: number;
}

/** The larger of the two directions' solutions that are feasible, or null when neither is. */
function larger(up: number | null, down: number | null): number | null {
  if (up === null) return down;
  if (down === null) return up;
  return Math.max(up, down);
}

/**
 * For a difference whose standard error does not depend on its size (means, restricted means):
 * (t₁₋α/₂ + t₁₋β) × se, with Student's t at `df` (normal when infinite). Null when se is 0 (no
 * spread to speak of) or the change would not fit in the room either way.
 */
export function minimumDetectable(
  se: number,
  room: Room = { up: Infinity, down: Infinity },
  df = Number.POSITIVE_INFINITY,
  alpha = ALPHA,
  power = POWER,
): number | null {
  if (!(se > 0)) return null;
  const delta = multiplier(alpha, power, df) * se;
  return larger(delta <= room.up ? delta : null, delta <= room.down ? delta : null);
}

/**
 * The upward change from the control share `pc` that the report's test (Newcombe's interval excluding
 * 0) detects with the given power. That test rejects when the observed difference exceeds the
 * Newcombe distance √((p̂_t − L_t)² + (U_c − p̂_c)²), built from each arm's Wilson limits, which
 * near 0 or 1 reach much further on the side towards ½ than z √(p(1 − p)/n). So the equation is
 *   δ = w(δ) + z₁₋β √(p_c (1 − p_c)/n_c + p_t (1 − p_t)/n_t),  p_t = p_c + δ,
 * with w(δ) that distance at the expected shares; for large groups it is the textbook formula with
 * each arm's own variance. Downward is the same problem for 1 − pc.
 */
function detectableRise(
  pc: number,
  nTreatment: number,
  nControl: number,
  zAlpha: number,
  zPower: number,
): number | null {
  const room = 1 - pc;
  if (room <= 0) return null;
  const controlUpper = wilsonLimits(pc, nControl, zAlpha).upper - pc;
  const g = (delta: number) => {
    const pt = pc + delta;
    const reach = Math.hypot(pt - wilsonLimits(pt, nTreatment, zAlpha).lower, controlUpper);
    return reach + zPower * Math.sqrt((pc * (1 - pc)) / nControl + (pt * (1 - pt)) / nTreatment);
  };
  // A change the shares have no room for cannot be detected: with δ − g(δ) < 0 at the room's end,
  // no δ in the room reaches the power asked for.
  if (room - g(room) < 0) return null;
  // Fixed-point iteration from the room's end, with bisection as the fallback if it ever does not
  // settle (g is smooth and flat compared with δ, so it settles in a few dozen steps).
  let delta = room;
  for (let i = 0; i < 500; i++) {
    const next = Math.min(room, g(delta));
    if (Math.abs(next - delta) <= 1e-13) return next;
    delta = next;
  }
  let lo = 0;
  let hi = room;
  for (let i = 0; i < 200 && hi - lo > 1e-13; i++) {
    const mid = (lo + hi) / 2;
    if (mid - g(mid) < 0) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Wilson's limits at an expected share p of n (the same score interval the report uses). */
function wilsonLimits(p: number, n: number, z: number): { lower: number; upper: number } {
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/**
 * For a difference of shares (treatment minus control) from the control share `baseline`, with
 * groups of nTreatment and nControl; in share units (0.1 = 10 points).
 */
export function minimumDetectableProportion(
  baseline: number,
  nTreatment: number,
  nControl: number,
  alpha = ALPHA,
  power = POWER,
): number | null {
  if (nTreatment <= 0 || nControl <= 0 || !(baseline >= 0 && baseline <= 1)) return null;
  const zAlpha = normalQuantile(1 - alpha / 2);
  const zPower = normalQuantile(power);
  return larger(
    detectableRise(baseline, nTreatment, nControl, zAlpha, zPower),
    detectableRise(1 - baseline, nTreatment, nControl, zAlpha, zPower),
  );
}

/**
 * Accounts needed in each of two equal groups for a two-sided test of two shares p1 and p2 at level
 * α to have the given power: the normal approximation of J. L. Fleiss, "Statistical Methods for
 * Rates and Proportions" (2nd ed., 1981), §3.2 without continuity correction, which is what R's
 * `power.prop.test` solves:
 *   n = (z₁₋α/₂ √((p1 + p2)(q1 + q2)/2) + z₁₋β √(p1 q1 + p2 q2))² / (p1 − p2)².
 * Unrounded (round up to plan); null when the shares are equal or outside [0, 1].
 */
export function sizePerGroup(p1: number, p2: number, alpha = ALPHA, power = POWER): number | null {
  if (!(p1 >= 0 && p1 <= 1 && p2 >= 0 && p2 <= 1) || p1 === p2) return null;
  const zAlpha = normalQuantile(1 - alpha / 2);
  const zPower = normalQuantile(power);
  const pooled = Math.sqrt(((p1 + p2) * (2 - p1 - p2)) / 2);
  const apart = Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return (zAlpha * pooled + zPower * apart) ** 2 / (p1 - p2) ** 2;
}

/**
 * How many contracts due per group it takes to see a change of `delta` (a share) from `baseline`:
 * upwards when there is room, else downwards. Null when neither fits in [0, 1].
 */
export function sizeToDetect(baseline: number, delta: number, alpha = ALPHA, power = POWER): number | null {
  if (!(delta > 0)) return null;
  const target = baseline + delta <= 1 ? baseline + delta : baseline - delta;
  return target < 0 ? null : sizePerGroup(baseline, target, alpha, power);
}
