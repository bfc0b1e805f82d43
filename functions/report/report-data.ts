// The KPI report as data (report.json): every figure report.html shows, computed from the accounts'
// final states, the touches sent and the weekly usage readings. The HTML only draws this. The figures
// read each account's report row (report-account.ts) and the touches' tally (touch-tally.ts), so a
// reader of a large table can fold every account and touch as it goes and never hold the states.
import type { TouchModel } from '../core/events.js';
import {
  type FeatureStage,
  type LocalizedText,
  type Program,
  TOUCH_KINDS,
  type TouchKind,
  valueMilestoneOf,
} from '../core/program.js';
import { accountProgram, asPrograms, defaultProgramOf, type Programs } from '../core/programs.js';
import { type AccountState, PHASES, type Phase } from '../core/state.js';
import { type QueueItem, rankQueue } from '../core/work-queue.js';
import { type AccountRow, accountRows } from './account-rows.js';
import { type EffectsData, effectsOf } from './effects-data.js';
import { type MilestoneFigure, milestoneFigures, type TimeToValue, timeToValue } from './milestone-figures.js';
import { type PeopleFigures, peopleFigures } from './people-figures.js';
import { isEndedBy, type RenewalFigures, renewalFigures } from './renewal-figures.js';
import { type ReportAccount, reportAccountsOf } from './report-account.js';
import type { SendingReport } from './sending-section.js';
import { rate, round } from './statistics.js';
import { emailsPerAccountWeek, type SentTouch, type TouchTally, tallyTouches } from './touch-tally.js';
import type { UsageSnapshot } from './usage-snapshot.js';
import { type VoiceFigures, voiceFigures } from './voice-figures.js';
import { type FeatureFigures, featureFigures } from './weekly-figures.js';

export type { SentTouch } from './touch-tally.js';

export const REPORT_FORMAT = 1;

export interface ReportInput {
  /** One program, or every program in rule order (the default last): each account is read by its own. */
  readonly program: Program | Programs;
  readonly from: string;
  /** The report's "now": figures are as of this instant. */
  readonly until: string;
  readonly accounts: readonly AccountState[];
  readonly touches: readonly SentTouch[];
  /** Weekly readings taken during a replay; empty when none were taken. */
  readonly snapshots: readonly UsageSnapshot[];
  /** How many rows the accounts table shows (lowest health first). */
  readonly maxAccountRows?: number;
}

/** The same report from what was folded of each account and touch (`tallyTouches` over [from, until)). */
export interface FoldedReportInput extends Omit<ReportInput, 'accounts' | 'touches'> {
  /** The accounts with a profile, each with its health as of `until`. */
  readonly accounts: readonly ReportAccount[];
  readonly touches: TouchTally;
}

export interface ProgramOutline {
  readonly id: string;
  readonly valueMilestone: string;
  readonly milestones: readonly {
    readonly id: string;
    readonly title: LocalizedText;
    readonly phase: 'onboarding' | 'adoption';
    readonly dueDay: number;
  }[];
  readonly features: readonly { readonly id: string; readonly stage: FeatureStage }[];
}

export interface ReportData {
  readonly format: typeof REPORT_FORMAT;
  readonly window: { readonly from: string; readonly until: string };
  /** The default program. */
  readonly program: ProgramOutline;
  /** Every program, in rule order (the default last). */
  readonly programs: readonly ProgramOutline[];
  readonly summary: {
    readonly accounts: number;
    readonly byPhase: Readonly<Record<Phase, number>>;
    readonly byTouchModel: Readonly<Record<TouchModel, number>>;
    readonly touches: number;
    readonly touchesByKind: Readonly<Record<TouchKind, number>>;
    readonly contactsReached: number;
    readonly milestonesReached: number;
    readonly reonboardings: number;
    /** Live accounts (contract not ended) at risk at the end. */
    readonly atRisk: number;
    /** Accounts whose contract is ended at the end: out of the live counts, in the renewal figures. */
    readonly contractsEnded: number;
    readonly onboardingCompletionRate: number | null;
    readonly valueReached: number;
    /** At-risk signals of the first days of adoption, and how many the account proved wrong. */
    readonly earlyRisks: EarlyRisks;
    /** Emails per account per week: the mean over account-weeks with any, and the most in one. */
    readonly emailsPerAccountWeek: {
      readonly mean: number | null;
      readonly max: number;
      readonly accountWeeks: number;
    };
  };
  /** Week starts (UTC dates) of every weekly series below. */
  readonly weeks: readonly string[];
  readonly touchesPerWeek: Readonly<Record<TouchKind, readonly number[]>>;
  readonly reonboardingsPerWeek: readonly number[];
  readonly milestones: readonly MilestoneFigure[];
  readonly timeToValue: TimeToValue;
  readonly usage: {
    readonly dauMau: readonly (number | null)[];
    readonly activeDays30: readonly (number | null)[];
    readonly activeAccounts: readonly number[];
    readonly atRisk: readonly number[];
    readonly usageDrop: readonly number[];
    readonly inAdoption: readonly number[];
  };
  readonly features: FeatureFigures;
  readonly accounts: { readonly total: number; readonly rows: readonly AccountRow[] };
  /** Pauses of automated sending and their resumes (a replay adds them; absent: not known). */
  readonly sending?: SendingReport;
  /** Treatment against control per program, and which features go with success (effects.json). */
  readonly effects: EffectsData;
  /** Per program: seats active in the last 30 days by role, and feature adoption by person. */
  readonly people: readonly PeopleFigures[];
  /** Contracts due for renewal in the window and what became of them; activation in 30 days. */
  readonly renewal: RenewalFigures;
  /** The customer's voice: NPS and CSAT, tickets, detractors not yet followed up (voice-figures.ts). */
  readonly voice: VoiceFigures;
  /** The work queue at the report's end: the accounts that need a person, ranked (at most QUEUE_ROWS). */
  readonly queue: { readonly total: number; readonly items: readonly QueueItem[] };
}

/**
 * The at-risk signals raised in the accounts' first EARLY_RISK_DAYS days of adoption, and those of
 * them whose account reached its value milestone by the report's end: a false alarm, since the account
 * went on to get what it came for. An account that reaches value later moves its signals from
 * `raised` alone into `valueReached` as well, so the share grows as young accounts mature.
 */
export interface EarlyRisks {
  readonly raised: number;
  readonly valueReached: number;
  /** valueReached over raised; null when none was raised. */
  readonly falseAlarmShare: number | null;
}

export function earlyRisksOf(
  accounts: readonly ReportAccount[],
  program: Program | Programs,
  until: string,
): EarlyRisks {
  const programs = asPrograms(program);
  let raised = 0;
  let valueReached = 0;
  for (const a of accounts) {
    if (a.earlyRisks === 0) continue;
    raised += a.earlyRisks;
    const reachedAt = a.milestones[valueMilestoneOf(accountProgram(a, programs))];
    if (reachedAt !== undefined && reachedAt <= until) valueReached += a.earlyRisks;
  }
  return { raised, valueReached, falseAlarmShare: round(rate(valueReached, raised)) };
}

/** Queue items the report shows; `teichaku queue` lists them all. */
export const QUEUE_ROWS = 50;

function outline(program: Program): ProgramOutline {
  return {
    id: program.id,
    valueMilestone: valueMilestoneOf(program),
    milestones: program.milestones.map((m) => ({ id: m.id, title: m.title, phase: m.phase, dueDay: m.dueDay })),
    features: program.features.map((f) => ({ id: f.id, stage: f.stage })),
  };
}

/** The snapshot at or last before each week's end, so a series has one point per week. */
function perWeek<T>(
  snapshots: readonly UsageSnapshot[],
  weeks: readonly string[],
  until: string,
  pick: (s: UsageSnapshot) => T,
): (T | null)[] {
  const sorted = [...snapshots].sort((a, b) => (a.at < b.at ? -1 : 1));
  return weeks.map((week, i) => {
    const end = weeks[i + 1] !== undefined ? `${weeks[i + 1]}T00:00:00.000Z` : until;
    const before = sorted.filter((s) => s.at > `${week}T00:00:00.000Z` && s.at <= end);
    const last = before[before.length - 1];
    return last === undefined ? null : pick(last);
  });
}

export function buildReportData(input: ReportInput): ReportData {
  const { program, from, until } = input;
  return reportDataOf({
    ...input,
    accounts: reportAccountsOf(input.accounts, program, until),
    touches: tallyTouches(input.touches, from, until),
  });
}

export function reportDataOf(input: FoldedReportInput): ReportData {
  const { program, from, until, accounts, touches } = input;
  const programs = asPrograms(program);
  const weeks = touches.weeks;
  if (touches.from !== from || touches.until !== until)
    throw new Error(`the touches were counted for other weeks than the report's window ${from} – ${until}`);

  const byPhase = Object.fromEntries(PHASES.map((p) => [p, accounts.filter((a) => a.phase === p).length])) as Record<
    Phase,
    number
  >;
  const byTouchModel = { tech: 0, low: 0, high: 0 };
  for (const a of accounts) byTouchModel[a.profile.touchModel] += 1;
  const rows = accountRows(accounts, touches.perAccount, until);
  const ttv = timeToValue(accounts, program, until);
  const onboarded = accounts.filter((a) => a.onboardingCompletedAt !== null && a.onboardingCompletedAt <= until).length;

  return {
    format: REPORT_FORMAT,
    window: { from, until },
    program: outline(defaultProgramOf(programs)),
    programs: programs.map(outline),
    summary: {
      accounts: accounts.length,
      byPhase,
      byTouchModel,
      touches: touches.total,
      touchesByKind: { ...touches.byKind },
      contactsReached: touches.contactsReached,
      milestonesReached: accounts.reduce(
        (n, a) => n + Object.values(a.milestones).filter((at) => at <= until).length,
        0,
      ),
      reonboardings: touches.byKind['re-onboarding'],
      atRisk: accounts.filter((a) => a.health.atRisk && !isEndedBy(a, until)).length,
      contractsEnded: accounts.filter((a) => isEndedBy(a, until)).length,
      onboardingCompletionRate: round(rate(onboarded, accounts.length)),
      valueReached: ttv.reached,
      earlyRisks: earlyRisksOf(accounts, program, until),
      emailsPerAccountWeek: emailsPerAccountWeek(touches),
    },
    weeks,
    touchesPerWeek: Object.fromEntries(TOUCH_KINDS.map((k) => [k, [...touches.perWeek[k]]])) as Record<
      TouchKind,
      number[]
    >,
    reonboardingsPerWeek: [...touches.perWeek['re-onboarding']],
    milestones: milestoneFigures(accounts, program, until),
    timeToValue: ttv,
    usage: {
      dauMau: perWeek(input.snapshots, weeks, until, (s) => s.dauMau),
      activeDays30: perWeek(input.snapshots, weeks, until, (s) => s.activeDays30),
      activeAccounts: perWeek(input.snapshots, weeks, until, (s) => s.activeAccounts).map((v) => v ?? 0),
      atRisk: perWeek(input.snapshots, weeks, until, (s) => s.atRisk).map((v) => v ?? 0),
      usageDrop: perWeek(input.snapshots, weeks, until, (s) => s.usageDrop).map((v) => v ?? 0),
      inAdoption: perWeek(input.snapshots, weeks, until, (s) => s.inAdoption).map((v) => v ?? 0),
    },
    features: featureFigures(accounts, program, weeks, until),
    accounts: { total: rows.all.length, rows: rows.all.slice(0, input.maxAccountRows ?? 300) },
    effects: effectsOf(programs, accounts, until),
    people: peopleFigures(programs, accounts, until),
    renewal: renewalFigures(accounts, programs, from, until),
    voice: voiceFigures(
      accounts,
      programs.map((p) => p.id),
      Object.fromEntries(programs.map((p) => [p.id, valueMilestoneOf(p)])),
      until,
    ),
    queue: queueOf(accounts, until),
  };
}

function queueOf(accounts: readonly ReportAccount[], until: string): ReportData['queue'] {
  const ranked = rankQueue(
    accounts.flatMap((a) => a.queue ?? []),
    until,
  );
  return { total: ranked.length, items: ranked.slice(0, QUEUE_ROWS) };
}
