// Weekly series of the report: week boundaries, counts per week, and feature adoption over time.
import { featureUse } from '../core/assess.js';
import { FEATURE_STAGES, type Feature, type FeatureStage, type Program } from '../core/program.js';
import { accountProgram, asPrograms, type Programs } from '../core/programs.js';
import { addCalendarDays } from '../core/time.js';
import type { ReportAccount } from './report-account.js';
import { mean, rate, round } from './statistics.js';

/** UTC dates on which each week of [from, until) starts, the first on `from`'s date. */
export function weekStarts(from: string, until: string): string[] {
  const weeks: string[] = [];
  for (let day = from.slice(0, 10); `${day}T00:00:00.000Z` < until; day = addCalendarDays(day, 7)) weeks.push(day);
  return weeks;
}

/** How many of the instants fall in each week (instants outside the weeks are left out). */
export function weeklyCounts(instants: readonly string[], weeks: readonly string[], until: string): number[] {
  const counts = weeks.map(() => 0);
  for (const at of instants) {
    if (at >= until) continue;
    // Weeks are few: a scan from the end finds the week without date arithmetic per instant.
    for (let i = weeks.length - 1; i >= 0; i--) {
      if (at >= `${weeks[i]}T00:00:00.000Z`) {
        counts[i] = (counts[i] as number) + 1;
        break;
      }
    }
  }
  return counts;
}

export interface FeatureFigures {
  /** Mean share of each stage's features in use, over onboarded accounts, as of the end. */
  readonly rates: Readonly<Record<FeatureStage, number | null>>;
  /** The same at the end of each week, over the accounts onboarded by then. */
  readonly overTime: Readonly<Record<FeatureStage, readonly (number | null)[]>>;
  readonly perFeature: readonly {
    readonly id: string;
    readonly stage: FeatureStage;
    readonly accounts: number;
    readonly rate: number | null;
  }[];
}

function stageRates(
  accounts: readonly ReportAccount[],
  programs: Programs,
  at: string,
): Record<FeatureStage, number | null> {
  const onboarded = accounts.filter((a) => a.onboardingCompletedAt !== null && a.onboardingCompletedAt <= at);
  const out = {} as Record<FeatureStage, number | null>;
  for (const stage of FEATURE_STAGES) {
    const shares = onboarded.flatMap((a) => {
      const use = featureUse(a, accountProgram(a, programs), at)[stage];
      return use.total === 0 ? [] : [use.used / use.total];
    });
    out[stage] = round(mean(shares));
  }
  return out;
}

/** Each account by its own program; a feature shared by programs counts the accounts of every program that has it. */
export function featureFigures(
  accounts: readonly ReportAccount[],
  program: Program | Programs,
  weeks: readonly string[],
  until: string,
): FeatureFigures {
  const programs = asPrograms(program);
  const ends = weeks.map((_, i) => (weeks[i + 1] !== undefined ? `${weeks[i + 1]}T00:00:00.000Z` : until));
  const series = ends.map((end) => stageRates(accounts, programs, end));
  const onboarded = accounts.filter((a) => a.onboardingCompletedAt !== null && a.onboardingCompletedAt <= until);
  return {
    rates: stageRates(accounts, programs, until),
    overTime: Object.fromEntries(FEATURE_STAGES.map((s) => [s, series.map((r) => r[s])])) as Record<
      FeatureStage,
      (number | null)[]
    >,
    perFeature: featuresOf(programs).map((f) => {
      const having = onboarded.filter((a) => accountProgram(a, programs).features.some((x) => x.id === f.id));
      const using = having.filter((a) => {
        const first = a.actionsFirstSeen[f.action];
        return first !== undefined && first <= until;
      }).length;
      return { id: f.id, stage: f.stage, accounts: using, rate: round(rate(using, having.length)) };
    }),
  };
}

/** Every feature of the programs once, in the order they first appear. */
function featuresOf(programs: Programs): Feature[] {
  const seen = new Map<string, Feature>();
  for (const p of programs) for (const f of p.features) if (!seen.has(f.id)) seen.set(f.id, f);
  return [...seen.values()];
}
