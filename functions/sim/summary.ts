// The few lines a person reads when a replay ends: what came in, what went out, where to look.
import type { IgnoredReason } from '../core/engine.js';
import { TOUCH_KINDS, type TouchKind } from '../core/program.js';
import type { ReportData } from '../report/report-data.js';
import type { SendingOutcome } from './replay-deliverability.js';
import { sendingLines } from './sending-summary.js';

export interface SimulationSummary {
  readonly window: { readonly from: string; readonly until: string };
  readonly services: 'memory' | 'local';
  readonly lines: number;
  readonly eventsReplayed: number;
  readonly rejected: number;
  readonly eventsAfterUntil: number;
  readonly accounts: number;
  readonly touches: number;
  readonly touchesByKind: Readonly<Record<TouchKind, number>>;
  /** Emails per account per week (weeks an account got any): the mean and the most. */
  readonly perAccountWeek?: { readonly mean: number | null; readonly max: number };
  readonly milestonesReached: number;
  readonly onboardingCompleted: number;
  readonly valueReached: number;
  readonly reonboardings: number;
  readonly atRisk: number;
  readonly signals: number;
  readonly plannerFailures: number;
  readonly sendDeadLetters: number;
  readonly sendJobsLeft: number;
  /** Warnings and errors the handlers logged, by message. */
  readonly handlerProblems: Readonly<Record<string, number>>;
  /** Pauses, resumes and deferred send jobs (absent from replays that predate the guard). */
  readonly sending?: SendingOutcome;
  /** Planner decisions recorded (decisions.jsonl). */
  readonly decisions?: number;
  /** Events the ingest applied that changed nothing, by reason. */
  readonly eventsIgnored?: Readonly<Record<IgnoredReason, number>>;
  readonly elapsedMs: number;
}

export function summaryFrom(
  report: ReportData,
  run: Omit<
    SimulationSummary,
    | 'accounts'
    | 'touches'
    | 'touchesByKind'
    | 'perAccountWeek'
    | 'milestonesReached'
    | 'onboardingCompleted'
    | 'valueReached'
    | 'reonboardings'
    | 'atRisk'
  >,
): SimulationSummary {
  const s = report.summary;
  return {
    ...run,
    accounts: s.accounts,
    touches: s.touches,
    touchesByKind: s.touchesByKind,
    perAccountWeek: { mean: s.emailsPerAccountWeek.mean, max: s.emailsPerAccountWeek.max },
    milestonesReached: s.milestonesReached,
    onboardingCompleted: report.timeToValue.onboarded,
    valueReached: s.valueReached,
    reonboardings: s.reonboardings,
    atRisk: s.atRisk,
  };
}

export function formatSummary(summary: SimulationSummary): string {
  const width = Math.max(...TOUCH_KINDS.map((k) => k.length));
  const lines = [
    `replayed ${summary.window.from} → ${summary.window.until} (${summary.services} services) in ${(summary.elapsedMs / 1000).toFixed(1)} s`,
    `events: ${summary.eventsReplayed} replayed, ${summary.rejected} rejected${summary.eventsAfterUntil > 0 ? `, ${summary.eventsAfterUntil} after --until not replayed` : ''}`,
    ...(summary.eventsIgnored === undefined
      ? []
      : [
          `events that changed nothing: ${summary.eventsIgnored.duplicate} duplicate, ${summary.eventsIgnored.stale} stale, ${summary.eventsIgnored['other-account']} for another account`,
        ]),
    `accounts: ${summary.accounts}, ${summary.onboardingCompleted} completed onboarding, ${summary.valueReached} reached the value milestone`,
    ...(summary.decisions === undefined
      ? []
      : [`decisions: ${summary.decisions} (each contact at each due touch, sent or skipped)`]),
    `emails sent: ${summary.touches}`,
    ...TOUCH_KINDS.map((k) => `  ${k.padEnd(width)}  ${summary.touchesByKind[k]}`),
    ...(summary.perAccountWeek === undefined || summary.perAccountWeek.mean === null
      ? []
      : [
          `emails per account per week: ${summary.perAccountWeek.mean.toFixed(1)} on average (weeks with any), at most ${summary.perAccountWeek.max}`,
        ]),
    `milestones reached: ${summary.milestonesReached}`,
    `re-onboardings: ${summary.reonboardings}`,
    `accounts at risk at the end: ${summary.atRisk}`,
    `signals: ${summary.signals}`,
  ];
  if (summary.plannerFailures > 0)
    lines.push(`planner: ${summary.plannerFailures} account plans failed and were retried the next hour`);
  if (summary.sendDeadLetters > 0) lines.push(`sender: ${summary.sendDeadLetters} send jobs dead-lettered`);
  if (summary.sendJobsLeft > 0)
    lines.push(`sender: ${summary.sendJobsLeft} send jobs still waiting for a retry when the replay ended`);
  if (summary.sending !== undefined) lines.push(...sendingLines(summary.sending));
  const problems = Object.entries(summary.handlerProblems);
  if (problems.length > 0) lines.push('handler log:', ...problems.map(([message, n]) => `  ${n} × ${message}`));
  return lines.join('\n');
}
