// Time to value, treatment against control: Kaplan–Meier curves of "share of accounts at value by day
// t", counted from onboarding completion. Accounts not at value yet are censored at the report's end,
// never dropped (dropping them would make the slow group look fast). Each group's median with its
// interval, the log-rank p-value, and the difference in restricted mean time to value up to the
// program's horizon (or as far as both groups were followed, when that is shorter).
import { valueMilestoneOf, type Program } from '../core/program.js';
import type { AccountState } from '../core/state.js';
import { DAY_MS, toMs } from '../core/time.js';
import { estimateDifference, roundFigure, type Difference } from './effect-figures.js';
import { kaplanMeier, restrictedMean, type KaplanMeier, type Median, type Observation } from './stats/kaplan-meier.js';
import { logRank } from './stats/log-rank.js';
import { zFor } from './stats/normal.js';

/** Mean days per month, for a horizon given in months. */
const DAYS_PER_MONTH = 365.25 / 12;

export interface CurvePoint {
  /** Days since onboarding completion. */
  readonly day: number;
  /** Share of the group at value by then, with its 95 % pointwise interval. */
  readonly share: number;
  readonly lower: number;
  readonly upper: number;
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

export interface TimeToValueEffect {
  readonly milestoneId: string;
  /** The program's adoption length in days. */
  readonly horizonDays: number;
  /** The horizon the restricted means use: the program's, or the shorter follow-up of either group. */
  readonly tauDays: number | null;
  readonly treatment: TtvGroup;
  readonly control: TtvGroup;
  readonly logRankP: number | null;
  /** Restricted mean days to value, treatment minus control (negative: value sooner with email). */
  readonly restrictedMeanDifference: Difference;
}

/** One account's time to value in days, or its follow-up so far when not at value yet. */
export function timeToValueOf(account: AccountState, program: Program, until: string): Observation | null {
  const start = account.onboardingCompletedAt;
  if (start === null || start > until) return null;
  const reachedAt = account.milestones[valueMilestoneOf(program)];
  if (reachedAt !== undefined && reachedAt <= until) return { time: Math.max(0, (toMs(reachedAt) - toMs(start)) / DAY_MS), event: true };
  return { time: (toMs(until) - toMs(start)) / DAY_MS, event: false };
}

function curveOf(km: KaplanMeier): CurvePoint[] {
  const points: CurvePoint[] = [{ day: 0, share: 0, lower: 0, upper: 0 }];
  for (const s of km.steps) {
    const point = { day: roundFigure(s.time, 2) as number, share: roundFigure(1 - s.survival, 4) as number, lower: roundFigure(1 - s.upper, 4) as number, upper: roundFigure(1 - s.lower, 4) as number };
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

export function timeToValueEffect(treatment: readonly AccountState[], control: readonly AccountState[], program: Program, until: string): TimeToValueEffect {
  const observe = (accounts: readonly AccountState[]) => accounts.flatMap((a) => timeToValueOf(a, program, until) ?? []);
  const t = observe(treatment);
  const c = observe(control);
  const kmT = kaplanMeier(t);
  const kmC = kaplanMeier(c);
  const horizonDays = Math.round(program.cadence.adoptionMonths * DAYS_PER_MONTH);
  const both = t.length > 0 && c.length > 0;
  const tau = both ? Math.min(horizonDays, kmT.maxTime, kmC.maxTime) : null;
  const usable = tau !== null && tau > 0;
  const difference: Difference = usable
    ? estimateDifference(restrictedMean(kmT, tau), restrictedMean(kmC, tau), c.length)
    : { estimate: null, lower: null, upper: null, p: null, mde: null, enough: false };
  return {
    milestoneId: valueMilestoneOf(program),
    horizonDays,
    tauDays: usable ? roundFigure(tau, 2) : null,
    treatment: groupOf(kmT, usable ? tau : null),
    control: groupOf(kmC, usable ? tau : null),
    logRankP: both ? roundFigure(logRank(t, c).p, 6) : null,
    restrictedMeanDifference: difference,
  };
}
