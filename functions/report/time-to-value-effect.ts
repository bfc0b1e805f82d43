// Time to value, treatment against control: Kaplan–Meier curves of "share of accounts at value by day
// t", counted from onboarding completion. Accounts not at value yet are censored at the report's end,
// never dropped (dropping them would make the slow group look fast). Each group's median with its
// interval, the log-rank p-value, and the difference in restricted mean time to value up to the
// program's horizon (or as far as both groups were followed, when that is shorter).
import { type Program, valueMilestoneOf } from '../core/program.js';
import type { AccountState } from '../core/state.js';
import { DAY_MS, toMs } from '../core/time.js';
import { type Difference, estimateDifference, type Measured, NOT_MEASURED, roundFigure } from './effect-figures.js';
import { type KaplanMeier, kaplanMeier, type Median, type Observation, restrictedMean } from './stats/kaplan-meier.js';
import { type LogRank, logRank } from './stats/log-rank.js';
import { zFor } from './stats/normal.js';

/** Mean days per month, for a horizon given in months. */
const DAYS_PER_MONTH = 365.25 / 12;

export interface CurvePoint {
  /** Days since onboarding completion. */
  readonly day: number;
  /** Share of the group at value by then, with its 95 % pointwise interval (null once everyone is at value: no band there). */
  readonly share: number;
  readonly lower: number | null;
  readonly upper: number | null;
}

export interface TtvGroup {
  readonly n: number;
  readonly atValue: number;
  /** From day 0 (share 0), one point per day on which someone reached value. */
  readonly curve: readonly CurvePoint[];
  readonly medianDays: Median;
  /** Restricted mean days to value up to `tauDays`, with its 95 % interval. */
  readonly restrictedMeanDays: number | null;
  readonly restrictedMeanLower: number | null;
  readonly restrictedMeanUpper: number | null;
}

/** The log-rank test as a figure of the table: its p, corrected p and verdict (no interval). */
export interface LogRankFigure {
  /** Value reached sooner (+1) or later (−1) with email than if both groups shared one curve; 0 when even. */
  readonly direction: -1 | 0 | 1;
  readonly pAdjusted: number | null;
  readonly verdict: Difference['verdict'];
}

export interface TimeToValueEffect<D extends Measured = Difference> {
  readonly milestoneId: string;
  /** The program's adoption length in days. */
  readonly horizonDays: number;
  /** The horizon the restricted means use: the program's, or the shorter follow-up of either group. */
  readonly tauDays: number | null;
  readonly treatment: TtvGroup;
  readonly control: TtvGroup;
  readonly logRankP: number | null;
  /** Restricted mean days to value, treatment minus control (negative: value sooner with email). */
  readonly restrictedMeanDifference: D;
  /** Present once the program's table is judged. */
  readonly logRank?: LogRankFigure;
}

/** What time to value reads of an account: its onboarding completion and its milestones. */
export type ValueHistory = Pick<AccountState, 'onboardingCompletedAt' | 'milestones'>;

/** One account's time to value in days, or its follow-up so far when not at value yet. */
export function timeToValueOf(account: ValueHistory, program: Program, until: string): Observation | null {
  const start = account.onboardingCompletedAt;
  if (start === null || start > until) return null;
  const reachedAt = account.milestones[valueMilestoneOf(program)];
  if (reachedAt !== undefined && reachedAt <= until)
    return { time: Math.max(0, (toMs(reachedAt) - toMs(start)) / DAY_MS), event: true };
  return { time: (toMs(until) - toMs(start)) / DAY_MS, event: false };
}

function curveOf(km: KaplanMeier): CurvePoint[] {
  const points: CurvePoint[] = [{ day: 0, share: 0, lower: 0, upper: 0 }];
  for (const s of km.steps) {
    const flip = (v: number | null) => (v === null ? null : roundFigure(1 - v, 4));
    const point = {
      day: roundFigure(s.time, 2) as number,
      share: roundFigure(1 - s.survival, 4) as number,
      lower: flip(s.upper),
      upper: flip(s.lower),
    };
    // Several accounts on one (rounded) day: the last step of the day stands.
    if (points[points.length - 1]?.day === point.day) points[points.length - 1] = point;
    else points.push(point);
  }
  return points;
}

function groupOf(km: KaplanMeier, tau: number | null): TtvGroup {
  const median = km.median;
  const day = (v: number | null) => (v === null ? null : roundFigure(v, 1));
  const rm = tau === null || km.n === 0 ? null : restrictedMean(km, tau);
  const z = zFor(0.95);
  return {
    n: km.n,
    atValue: km.events,
    curve: curveOf(km),
    medianDays: { estimate: day(median.estimate), lower: day(median.lower), upper: day(median.upper) },
    restrictedMeanDays: rm === null ? null : roundFigure(rm.estimate, 2),
    restrictedMeanLower: rm === null ? null : roundFigure(Math.max(0, rm.estimate - z * rm.se), 2),
    restrictedMeanUpper: rm === null ? null : roundFigure(Math.min(rm.tau, rm.estimate + z * rm.se), 2),
  };
}

/** Sooner with email (+1): fewer treatment accounts still waiting than a shared curve would leave. */
export function logRankDirection(test: LogRank): -1 | 0 | 1 {
  const gap = test.observedA - test.expectedA;
  return gap > 1e-12 ? 1 : gap < -1e-12 ? -1 : 0;
}

export function timeToValueEffect(
  treatment: readonly ValueHistory[],
  control: readonly ValueHistory[],
  program: Program,
  until: string,
): TimeToValueEffect<Measured> & { readonly logRankDirection: -1 | 0 | 1 } {
  const observe = (accounts: readonly ValueHistory[]) =>
    accounts.flatMap((a) => timeToValueOf(a, program, until) ?? []);
  const t = observe(treatment);
  const c = observe(control);
  const kmT = kaplanMeier(t);
  const kmC = kaplanMeier(c);
  const horizonDays = Math.round(program.cadence.adoptionMonths * DAYS_PER_MONTH);
  const both = t.length > 0 && c.length > 0;
  const tau = both ? Math.min(horizonDays, kmT.maxTime, kmC.maxTime) : null;
  const usable = tau !== null && tau > 0;
  let difference: Measured = NOT_MEASURED;
  if (usable) {
    const control = restrictedMean(kmC, tau);
    // A restricted mean lies between 0 and τ, so the difference can move at most this far either way.
    difference = estimateDifference(
      { ...restrictedMean(kmT, tau), n: kmT.n },
      { ...control, n: kmC.n },
      { up: tau - control.estimate, down: control.estimate },
    );
  }
  const test = both ? logRank(t, c) : null;
  return {
    milestoneId: valueMilestoneOf(program),
    horizonDays,
    tauDays: usable ? roundFigure(tau, 2) : null,
    treatment: groupOf(kmT, usable ? tau : null),
    control: groupOf(kmC, usable ? tau : null),
    logRankP: test === null ? null : roundFigure(test.p, 6),
    restrictedMeanDifference: difference,
    logRankDirection: test === null ? 0 : logRankDirection(test),
  };
}
