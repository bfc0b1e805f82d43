// One comparison of treatment against control, with everything a figure of the effect report must
// carry: both groups' sizes and values, the difference with its 95 % interval, a p-value, the
// smallest effect this many accounts could detect, and whether there are enough accounts to tell.
import { describeSample, meanDifference } from './stats/means.js';
import { studentTQuantile } from './stats/student-t.js';
import { twoSidedP, zFor } from './stats/normal.js';
import { minimumDetectable, minimumDetectableMean, minimumDetectableProportion } from './stats/power.js';
import { newcombeDifference, twoProportionZTest, wilsonInterval } from './stats/proportions.js';

/** Below this many control accounts the report says "not enough accounts yet to tell". */
export const ENOUGH_CONTROL_ACCOUNTS = 200;

export interface GroupRate {
  readonly n: number;
  readonly x: number;
  readonly rate: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

export interface Difference {
  /** Treatment minus control. */
  readonly estimate: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly p: number | null;
  /** The smallest difference this comparison had 80 % power to detect at α = 0.05. */
  readonly mde: number | null;
  /** At least ENOUGH_CONTROL_ACCOUNTS control accounts behind this figure. */
  readonly enough: boolean;
}

export interface ProportionEffect {
  readonly treatment: GroupRate;
  readonly control: GroupRate;
  readonly difference: Difference;
}

const r = (v: number | null, digits = 4): number | null => (v === null || !Number.isFinite(v) ? null : Math.round(v * 10 ** digits) / 10 ** digits);

function groupRate(x: number, n: number): GroupRate {
  if (n === 0) return { n, x, rate: null, lower: null, upper: null };
  const ci = wilsonInterval(x, n);
  return { n, x, rate: r(ci.estimate), lower: r(ci.lower), upper: r(ci.upper) };
}

const EMPTY: Difference = { estimate: null, lower: null, upper: null, p: null, mde: null, enough: false };

/** Share of accounts with the outcome, treatment against control (`true` = outcome). */
export function proportionEffect(treatment: readonly boolean[], control: readonly boolean[]): ProportionEffect {
  const xt = treatment.filter(Boolean).length;
  const xc = control.filter(Boolean).length;
  const nt = treatment.length;
  const nc = control.length;
  const groups = { treatment: groupRate(xt, nt), control: groupRate(xc, nc) };
  if (nt === 0 || nc === 0) return { ...groups, difference: EMPTY };
  const ci = newcombeDifference(xt, nt, xc, nc);
  return {
    ...groups,
    difference: {
      estimate: r(ci.estimate),
      lower: r(ci.lower),
      upper: r(ci.upper),
      p: r(twoProportionZTest(xt, nt, xc, nc).p, 6),
      mde: r(minimumDetectableProportion(xc / nc, nt, nc)),
      enough: nc >= ENOUGH_CONTROL_ACCOUNTS,
    },
  };
}

export interface GroupMean {
  readonly n: number;
  readonly mean: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

export interface MeanEffect {
  readonly treatment: GroupMean;
  readonly control: GroupMean;
  readonly difference: Difference;
}

/** A group's mean with its normal interval, kept inside the values' own range (a share stays in 0–1). */
function groupMean(values: readonly number[], bounds: readonly [number, number]): GroupMean {
  const s = describeSample(values);
  if (s.n === 0) return { n: 0, mean: null, lower: null, upper: null };
  const half = s.n < 2 ? Number.POSITIVE_INFINITY : studentTQuantile(0.975, s.n - 1) * Math.sqrt(s.variance / s.n);
  return { n: s.n, mean: r(s.mean), lower: r(Math.max(bounds[0], s.mean - half)), upper: r(Math.min(bounds[1], s.mean + half)) };
}

/** Mean of one number per account (within `bounds`), treatment against control. */
export function meanEffect(treatment: readonly number[], control: readonly number[], bounds: readonly [number, number] = [-Infinity, Infinity]): MeanEffect {
  const groups = { treatment: groupMean(treatment, bounds), control: groupMean(control, bounds) };
  if (treatment.length < 2 || control.length < 2) return { ...groups, difference: EMPTY };
  const a = describeSample(treatment);
  const b = describeSample(control);
  const d = meanDifference(a, b);
  const pooledSd = Math.sqrt(((a.n - 1) * a.variance + (b.n - 1) * b.variance) / (a.n + b.n - 2));
  return {
    ...groups,
    difference: {
      estimate: r(d.estimate),
      lower: r(d.lower),
      upper: r(d.upper),
      p: r(d.p, 6),
      mde: r(minimumDetectableMean(pooledSd, a.n, b.n)),
      enough: b.n >= ENOUGH_CONTROL_ACCOUNTS,
    },
  };
}

/** A difference of two independent estimates with their standard errors (normal interval). */
export function estimateDifference(a: { estimate: number; se: number }, b: { estimate: number; se: number }, controlN: number): Difference {
  const estimate = a.estimate - b.estimate;
  const se = Math.sqrt(a.se ** 2 + b.se ** 2);
  const z = zFor(0.95);
  return {
    estimate: r(estimate),
    lower: r(estimate - z * se),
    upper: r(estimate + z * se),
    p: se === 0 ? null : r(twoSidedP(estimate / se), 6),
    mde: r(minimumDetectable(se)),
    enough: controlN >= ENOUGH_CONTROL_ACCOUNTS,
  };
}

export { r as roundFigure };
