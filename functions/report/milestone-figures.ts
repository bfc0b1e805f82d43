// Milestone completion and time to value, per the program: each milestone's rate among the accounts
// that had the chance (due day passed, or already reached), on time or late, and how long it took.
import { milestoneDueAt } from '../core/milestones.js';
import { type Program, valueMilestoneOf } from '../core/program.js';
import { accountProgram, asPrograms, type Programs } from '../core/programs.js';
import { DAY_MS, toMs } from '../core/time.js';
import type { ReportAccount } from './report-account.js';
import { rate, round, type Spread, spreadOf } from './statistics.js';

export interface MilestoneFigure {
  /** The program the milestone belongs to (each program's accounts are counted for its own milestones). */
  readonly programId: string;
  readonly id: string;
  /** Accounts whose due day has passed, or that reached it early. */
  readonly eligible: number;
  readonly reached: number;
  readonly onTime: number;
  readonly rate: number | null;
  readonly onTimeRate: number | null;
  /** Days from the milestone's start (contract start or onboarding completion) to reaching it. */
  readonly daysToReach: Spread | null;
}

export interface TimeToValue {
  /** The default program's value milestone; each account is measured by its own program's. */
  readonly milestoneId: string;
  /** Accounts that completed onboarding. */
  readonly onboarded: number;
  readonly reached: number;
  /** Days from onboarding completion to the value milestone. */
  readonly days: Spread | null;
  /** Histogram: accounts per bin of `binDays` days; the last bin holds everything beyond. */
  readonly binDays: number;
  readonly bins: readonly number[];
}

const TTV_BIN_DAYS = 7;
const TTV_BINS = 13;

/** Accounts grouped by the program they follow, in the programs' order. */
export function byProgram(
  accounts: readonly ReportAccount[],
  program: Program | Programs,
): { readonly program: Program; readonly accounts: ReportAccount[] }[] {
  const programs = asPrograms(program);
  const groups = programs.map((p) => ({ program: p, accounts: [] as ReportAccount[] }));
  for (const a of accounts) groups.find((g) => g.program.id === accountProgram(a, programs).id)?.accounts.push(a);
  return groups;
}

export function milestoneFigures(
  all: readonly ReportAccount[],
  programs: Program | Programs,
  until: string,
): MilestoneFigure[] {
  return byProgram(all, programs).flatMap(({ program, accounts }) => programMilestoneFigures(accounts, program, until));
}

function programMilestoneFigures(
  accounts: readonly ReportAccount[],
  program: Program,
  until: string,
): MilestoneFigure[] {
  return program.milestones.map((m) => {
    let eligible = 0;
    let reached = 0;
    let onTime = 0;
    const days: number[] = [];
    for (const a of accounts) {
      const dueAt = milestoneDueAt(m, a);
      if (dueAt === null) continue;
      const reachedAt = a.milestones[m.id];
      const isReached = reachedAt !== undefined && reachedAt <= until;
      if (!isReached && dueAt > until) continue;
      eligible += 1;
      if (!isReached) continue;
      reached += 1;
      if (reachedAt <= dueAt) onTime += 1;
      const startMs = toMs(dueAt) - m.dueDay * DAY_MS;
      days.push(Math.max(0, (toMs(reachedAt) - startMs) / DAY_MS));
    }
    return {
      programId: program.id,
      id: m.id,
      eligible,
      reached,
      onTime,
      rate: round(rate(reached, eligible)),
      onTimeRate: round(rate(onTime, eligible)),
      daysToReach: spreadOf(days),
    };
  });
}

export function timeToValue(
  accounts: readonly ReportAccount[],
  programs: Program | Programs,
  until: string,
): TimeToValue {
  const list = asPrograms(programs);
  const milestoneId = valueMilestoneOf(list[list.length - 1] as Program);
  const bins: number[] = Array.from({ length: TTV_BINS }, () => 0);
  const days: number[] = [];
  let onboarded = 0;
  for (const a of accounts) {
    const start = a.onboardingCompletedAt;
    if (start === null || start > until) continue;
    onboarded += 1;
    const reachedAt = a.milestones[valueMilestoneOf(accountProgram(a, list))];
    if (reachedAt === undefined || reachedAt > until) continue;
    const d = Math.max(0, (toMs(reachedAt) - toMs(start)) / DAY_MS);
    days.push(d);
    const bin = Math.min(TTV_BINS - 1, Math.floor(d / TTV_BIN_DAYS));
    bins[bin] = (bins[bin] as number) + 1;
  }
  return { milestoneId, onboarded, reached: days.length, days: spreadOf(days), binDays: TTV_BIN_DAYS, bins };
}
