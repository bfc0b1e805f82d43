// The smallest effect a comparison of this size could detect: the true difference at which a
// two-sided test at level α has power 1 − β. Each arm keeps its own variance: for a share, the
// treatment arm's variance is that of the share it would have after the change, so the equation
//   δ = (z₁₋α/₂ + z₁₋β) √(p_c (1 − p_c)/n_c + p_t (1 − p_t)/n_t),  p_t = p_c ± δ
// has δ on both sides and is solved by fixed-point iteration. Using the baseline's variance for both
// arms (as before) is optimistic near 0 or 1: at a 5 % baseline the report's test had 60 % power, not
// 80 %, at the printed figure. A change that would take a share past 0 or 100 % cannot happen: a
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
export function minimumDetectable(se: number, room: Room = { up: Infinity, down: Infinity }, df = Number.POSITIVE_INFINITY, alpha = ALPHA, power = POWER): number | null {
  if (!(se > 0)) return null;
  const delta = multiplier(alpha, power, df) * se;
  return larger(delta <= room.up ? delta : null, delta <= room.down ? delta : null);
}

/** Upward change from the control share `pc` (downward is the same problem for 1 − pc). */
function detectableRise(pc: number, nTreatment: number, nControl: number, m: number): number | null {
  const room = 1 - pc;
  if (room <= 0) return null;
  const controlPart = (pc * (1 - pc)) / nControl;
  const g = (delta: number) => m * Math.sqrt(controlPart + ((pc + delta) * (1 - pc - delta)) / nTreatment);
  // δ − g(δ) is convex (g is concave) and negative just above 0: a solution exists in the room
  // exactly when δ − g(δ) ≥ 0 at its end, and it is unique there.
  if (room - g(room) < 0) return null;
  // Iterating g from the room's end comes down monotonically to the solution where g increases, and
  // converges in a few dozen steps elsewhere; bisection is the fallback if it ever does not.
  let delta = room;
  for (let i = 0; i < 500; i++) {
    const next = g(delta);
    if (Math.abs(next - delta) <= 1e-13) return Math.min(room, next);
    delta = next;
  }
  let lo = Math.min(1e-12, room / 2);
  let hi = room;
  for (let i = 0; i < 200 && hi - lo > 1e-13; i++) {
    const mid = (lo + hi) / 2;
    if (mid - g(mid) < 0) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * For a difference of shares (treatment minus control) from the control share `baseline`, with
 * groups of nTreatment and nControl; in share units (0.1 = 10 points).
 */
export function minimumDetectableProportion(baseline: number, nTreatment: number, nControl: number, alpha = ALPHA, power = POWER): number | null {
  if (nTreatment <= 0 || nControl <= 0 || !(baseline >= 0 && baseline <= 1)) return null;
  const m = multiplier(alpha, power);
  return larger(detectableRise(baseline, nTreatment, nControl, m), detectableRise(1 - baseline, nTreatment, nControl, m));
}
