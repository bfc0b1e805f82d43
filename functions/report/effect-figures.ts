// One comparison of treatment against control, with everything a figure of the effect report must
// carry: both groups' sizes and values, the difference with its 95 % interval and the p-value of the
// same method (so p < 0.05 exactly when the interval excludes 0), the smallest effect this many
// accounts could detect, and, once the program's table is put together (effects-data.ts), its role,
// its corrected p and its verdict.
import { describeSample, meanDifference, welchDf } from './stats/means.js';
import { type NpsCounts, npsDifference, npsInterval } from './stats/nps.js';
import { minimumDetectable, minimumDetectableProportion } from './stats/power.js';
import { newcombeDifference, newcombeP, wilsonInterval } from './stats/proportions.js';
import { studentTCdf, studentTQuantile } from './stats/student-t.js';
import type { Verdict } from './verdict.js';

/**
 * No longer decides anything (the verdict compares the smallest detectable effect with the program's
 * practical size); kept in effects.json for the tools that read it.
 */
export const ENOUGH_CONTROL_ACCOUNTS = 200;

export interface GroupRate {
  readonly n: number;
  readonly x: number;
  readonly rate: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

/** A difference as measured, before the table's correction and verdicts. */
export interface Measured {
  /** Treatment minus control. */
  readonly estimate: number | null;
  /** The 95 % interval; null when the data cannot give one (no spread in either group). */
  readonly lower: number | null;
  readonly upper: number | null;
  /** The method's own two-sided p (uncorrected). */
  readonly p: number | null;
  /** The smallest difference this comparison had 80 % power to detect at α = 0.05; null when none could be. */
  readonly mde: number | null;
}

export interface Difference extends Measured {
  /** The smallest detectable difference is within the program's practical size. */
  readonly enough: boolean;
  readonly role: 'primary' | 'secondary';
  /** The p the verdict uses: the primary's own, a secondary's Holm- and gate-adjusted one. */
  readonly pAdjusted: number | null;
  readonly verdict: Verdict;
}

export interface ProportionEffect<D extends Measured = Difference> {
  readonly treatment: GroupRate;
  readonly control: GroupRate;
  readonly difference: D;
}

const r = (v: number | null, digits = 4): number | null =>
  v === null || !Number.isFinite(v) ? null : Math.round(v * 10 ** digits) / 10 ** digits;

function groupRate(x: number, n: number): GroupRate {
  if (n === 0) return { n, x, rate: null, lower: null, upper: null };
  const ci = wilsonInterval(x, n);
  return { n, x, rate: r(ci.estimate), lower: r(ci.lower), upper: r(ci.upper) };
}

export const NOT_MEASURED: Measured = { estimate: null, lower: null, upper: null, p: null, mde: null };

/** Share of accounts with the outcome, treatment against control (`true` = outcome). */
export function proportionEffect(
  treatment: readonly boolean[],
  control: readonly boolean[],
): ProportionEffect<Measured> {
  const xt = treatment.filter(Boolean).length;
  const xc = control.filter(Boolean).length;
  const nt = treatment.length;
  const nc = control.length;
  const groups = { treatment: groupRate(xt, nt), control: groupRate(xc, nc) };
  if (nt === 0 || nc === 0) return { ...groups, difference: NOT_MEASURED };
  const ci = newcombeDifference(xt, nt, xc, nc);
  return {
    ...groups,
    difference: {
      estimate: r(ci.estimate),
      lower: r(ci.lower),
      upper: r(ci.upper),
      p: r(newcombeP(xt, nt, xc, nc), 6),
      mde: r(minimumDetectableProportion(xc / nc, nt, nc)),
    },
  };
}

export interface GroupMean {
  readonly n: number;
  readonly mean: number | null;
  /** Null when the group has fewer than 2 values or no spread. */
  readonly lower: number | null;
  readonly upper: number | null;
}

export interface MeanEffect<D extends Measured = Difference> {
  readonly treatment: GroupMean;
  readonly control: GroupMean;
  readonly difference: D;
}

/** A group's mean with its t interval, kept inside the values' own range (a share stays in 0–1). */
function groupMean(values: readonly number[], bounds: readonly [number, number]): GroupMean {
  const s = describeSample(values);
  if (s.n === 0) return { n: 0, mean: null, lower: null, upper: null };
  if (s.n < 2 || s.variance === 0) return { n: s.n, mean: r(s.mean), lower: null, upper: null };
  const half = studentTQuantile(0.975, s.n - 1) * Math.sqrt(s.variance / s.n);
  return {
    n: s.n,
    mean: r(s.mean),
    lower: r(Math.max(bounds[0], s.mean - half)),
    upper: r(Math.min(bounds[1], s.mean + half)),
  };
}

/** Mean of one number per account (within `bounds`), treatment against control. */
export function meanEffect(
  treatment: readonly number[],
  control: readonly number[],
  bounds: readonly [number, number] = [-Infinity, Infinity],
): MeanEffect<Measured> {
  const groups = { treatment: groupMean(treatment, bounds), control: groupMean(control, bounds) };
  if (treatment.length < 2 || control.length < 2) return { ...groups, difference: NOT_MEASURED };
  const a = describeSample(treatment);
  const b = describeSample(control);
  const d = meanDifference(a, b);
  // Two groups without spread: the estimate stands, but no interval, p or detectable size.
  if (d === null) return { ...groups, difference: { ...NOT_MEASURED, estimate: r(a.mean - b.mean) } };
  const room = { up: bounds[1] - b.mean, down: b.mean - bounds[0] };
  return {
    ...groups,
    difference: {
      estimate: r(d.estimate),
      lower: r(d.lower),
      upper: r(d.upper),
      p: r(d.p, 6),
      mde: r(minimumDetectable(d.se, room, welchDf(a, b))),
    },
  };
}

/** A group's restricted mean (or any mean-like estimate) with its standard error and group size. */
export interface GroupEstimate {
  readonly estimate: number;
  readonly se: number;
  readonly n: number;
}

/**
 * A difference of two independent restricted means, tested the way Welch's test treats two means:
 * each group's variance scaled by n/(n − 1) and Student's t on Satterthwaite's degrees of freedom,
 * for the interval, the p and the detectable size alike. Without censoring a restricted mean is the
 * mean of min(T, τ) and its Kaplan–Meier variance is Σ(x − x̄)²/n², so this is exactly Welch's t-test
 * of the capped times; the plain normal interval was too narrow for the 10 to 30 control accounts of
 * a young program (8.6 % false alarms at 300 accounts). `room`: how far the difference could go.
 */
export function estimateDifference(a: GroupEstimate, b: GroupEstimate, room: { up: number; down: number }): Measured {
  const estimate = a.estimate - b.estimate;
  if (a.n < 2 || b.n < 2) return { ...NOT_MEASURED, estimate: r(estimate) };
  const va = (a.se ** 2 * a.n) / (a.n - 1);
  const vb = (b.se ** 2 * b.n) / (b.n - 1);
  const se = Math.sqrt(va + vb);
  if (!(se > 0)) return { ...NOT_MEASURED, estimate: r(estimate) };
  const parts = (va === 0 ? 0 : va ** 2 / (a.n - 1)) + (vb === 0 ? 0 : vb ** 2 / (b.n - 1));
  const df = (va + vb) ** 2 / parts;
  const q = studentTQuantile(0.975, df);
  const t = estimate / se;
  return {
    estimate: r(estimate),
    lower: r(estimate - q * se),
    upper: r(estimate + q * se),
    p: r(Math.min(1, 2 * studentTCdf(-Math.abs(t), df)), 6),
    mde: r(minimumDetectable(se, room, df)),
  };
}

/** One group's NPS answers: the counts, and p − d (−1…1; ×100 is the NPS) with its 95 % interval. */
export interface GroupNps extends NpsCounts {
  readonly n: number;
  readonly score: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

export interface NpsEffect<D extends Measured = Difference> {
  readonly treatment: GroupNps;
  readonly control: GroupNps;
  /** Treatment's p − d less control's, in score units (0.1 = 10 NPS points). */
  readonly difference: D;
}

function groupNps(c: NpsCounts): GroupNps {
  const e = npsInterval(c);
  const { promoters, passives, detractors } = c;
  return { promoters, passives, detractors, n: e.n, score: r(e.score), lower: r(e.lower), upper: r(e.upper) };
}

/**
 * NPS of the people who answered in treatment against those in control: the difference of two
 * independent scores, var = (p + d − (p − d)²)/n per group or, with the answers by account, the
 * cluster-robust variance when larger, summed (stats/nps.ts). Its detectable
 * size takes the observed standard error; the score cannot pass −1 or 1.
 */
export function npsEffect(treatment: NpsCounts, control: NpsCounts): NpsEffect<Measured> {
  const groups = { treatment: groupNps(treatment), control: groupNps(control) };
  const d = npsDifference(treatment, control);
  if (d === null) return { ...groups, difference: NOT_MEASURED };
  if (d.lower === null || d.upper === null)
    return { ...groups, difference: { ...NOT_MEASURED, estimate: r(d.estimate) } };
  const base = groups.control.score ?? 0;
  return {
    ...groups,
    difference: {
      estimate: r(d.estimate),
      lower: r(d.lower),
      upper: r(d.upper),
      p: r(d.p, 6),
      mde: r(minimumDetectable(d.se, { up: 1 - base, down: 1 + base })),
    },
  };
}

export { r as roundFigure };
