// Which features distinguish succeeding accounts: for each feature, accounts that used it within
// their first 14 days of adoption against those that did not, and how often each side went on to
// reach the value milestone. Accounts at value before day 14 are left out (their use of a feature
// may follow from the value, not lead to it), and so are accounts not yet 14 days into adoption.
// Association, not cause: CS ops read it to order feature stages, not as proof.
import type { Feature, Program } from '../core/program.js';
import type { AccountState } from '../core/state.js';
import { DAY_MS, toIso, toMs } from '../core/time.js';
import { roundFigure } from './effect-figures.js';
import { newcombeDifference, riskRatio, wilsonInterval } from './stats/proportions.js';

export const EARLY_DAYS = 14;
/** A row is shown only with at least this many accounts on each side. */
export const MIN_PER_SIDE = 20;

export interface FeatureSide {
  readonly n: number;
  readonly atValue: number;
  readonly rate: number;
  readonly lower: number;
  readonly upper: number;
}

export interface FeatureSuccessRow {
  readonly featureId: string;
  /** Accounts that used the feature within 14 days: how many, how many reached value, and that rate with its 95 % Wilson interval. */
  readonly used: FeatureSide;
  readonly notUsed: FeatureSide;
  /** Rate difference (used minus not used), with its 95 % Newcombe interval. */
  readonly difference: { readonly estimate: number; readonly lower: number; readonly upper: number };
  /** Rate ratio (used over not used), with its 95 % log-scale interval. */
  readonly lift: { readonly estimate: number; readonly lower: number; readonly upper: number };
}

export interface FeatureSuccessTable {
  /** A program id, or null for all programs together (each account measured by its own value milestone). */
  readonly programId: string | null;
  /** Accounts compared: 14 days into adoption, not at value before day 14. */
  readonly accounts: number;
  /** Ranked by the lower end of the difference's interval, the surest association first. */
  readonly rows: readonly FeatureSuccessRow[];
  /** Features left out for having fewer than MIN_PER_SIDE accounts on a side. */
  readonly tooFew: readonly string[];
}

/** What the table reads of an account: its adoption start, its milestones and when it first used each action. */
export type FeatureHistory = Pick<AccountState, 'onboardingCompletedAt' | 'milestones' | 'actionsFirstSeen'>;

interface Cohort {
  readonly account: FeatureHistory;
  readonly program: Program;
  readonly earlyEnd: string;
}

/** Accounts 14 days into adoption and not at value before day 14, each with its program. */
function cohortOf(
  accounts: readonly { readonly account: FeatureHistory; readonly program: Program }[],
  valueMilestoneFor: (p: Program) => string,
  until: string,
): Cohort[] {
  return accounts.flatMap(({ account, program }) => {
    const start = account.onboardingCompletedAt;
    if (start === null) return [];
    const earlyEnd = toIso(toMs(start) + EARLY_DAYS * DAY_MS);
    if (earlyEnd > until) return [];
    const valueAt = account.milestones[valueMilestoneFor(program)];
    if (valueAt !== undefined && valueAt < earlyEnd) return [];
    return [{ account, program, earlyEnd }];
  });
}

function rowFor(
  feature: Pick<Feature, 'id' | 'action'>,
  cohort: readonly Cohort[],
  valueMilestoneFor: (p: Program) => string,
  until: string,
): FeatureSuccessRow | null {
  let nUsed = 0;
  let xUsed = 0;
  let nNot = 0;
  let xNot = 0;
  for (const { account, program, earlyEnd } of cohort) {
    if (!program.features.some((f) => f.id === feature.id)) continue;
    const first = account.actionsFirstSeen[feature.action];
    const valueAt = account.milestones[valueMilestoneFor(program)];
    const atValue = valueAt !== undefined && valueAt <= until ? 1 : 0;
    if (first !== undefined && first <= earlyEnd) {
      nUsed += 1;
      xUsed += atValue;
    } else {
      nNot += 1;
      xNot += atValue;
    }
  }
  if (nUsed < MIN_PER_SIDE || nNot < MIN_PER_SIDE) return null;
  const d = newcombeDifference(xUsed, nUsed, xNot, nNot);
  const lift = riskRatio(xUsed, nUsed, xNot, nNot);
  const f = (v: number) => roundFigure(v, 4) as number;
  const side = (x: number, n: number): FeatureSide => {
    const ci = wilsonInterval(x, n);
    return { n, atValue: x, rate: f(ci.estimate), lower: f(ci.lower), upper: f(ci.upper) };
  };
  return {
    featureId: feature.id,
    used: side(xUsed, nUsed),
    notUsed: side(xNot, nNot),
    difference: { estimate: f(d.estimate), lower: f(d.lower), upper: f(d.upper) },
    lift: { estimate: f(lift.estimate), lower: f(lift.lower), upper: f(lift.upper) },
  };
}

export function featureSuccessTable(
  programId: string | null,
  accounts: readonly { readonly account: FeatureHistory; readonly program: Program }[],
  valueMilestoneFor: (p: Program) => string,
  until: string,
): FeatureSuccessTable {
  const cohort = cohortOf(accounts, valueMilestoneFor, until);
  const features = new Map<string, Feature>();
  for (const { program } of accounts) for (const f of program.features) if (!features.has(f.id)) features.set(f.id, f);
  const rows: FeatureSuccessRow[] = [];
  const tooFew: string[] = [];
  for (const feature of features.values()) {
    const row = rowFor(feature, cohort, valueMilestoneFor, until);
    if (row === null) tooFew.push(feature.id);
    else rows.push(row);
  }
  rows.sort((a, b) => b.difference.lower - a.difference.lower || (a.featureId < b.featureId ? -1 : 1));
  return { programId, accounts: cohort.length, rows, tooFew };
}
