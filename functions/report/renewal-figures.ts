// The renewal figures of the KPI report: which contracts came up for renewal in the report's window
// and what became of them, by cohort, by program and by adoption outcome; the revenue kept, per
// currency; the ended contracts by reason; and activation in the first 30 days. Ended accounts leave
// the live counts (accounts at risk) but stay in every figure here: an ended contract is the outcome
// these figures exist to count.
import { CONTRACT_END_REASONS, type ContractEndReason } from '../core/events.js';
import { localDayStart } from '../core/milestones.js';
import { type Program, valueMilestoneOf } from '../core/program.js';
import { accountProgram, asPrograms, type Programs } from '../core/programs.js';
import { DAY_MS, toMs } from '../core/time.js';
import type { ReportAccount } from './report-account.js';
import { rate, round } from './statistics.js';

/** What became of a contract that came up in the window. */
export type RenewalOutcome = 'renewed' | 'ended' | 'lapsed';

/** Renewed of those due. */
export interface RenewalRate {
  readonly due: number;
  readonly renewed: number;
  readonly rate: number | null;
}

/** Time-to-value bands, in days from onboarding completion to the value milestone. */
export const TTV_BANDS = ['0-30', '31-60', '61-90', '91+', 'not-reached'] as const;
export type TtvBand = (typeof TTV_BANDS)[number];

export interface RevenueRetention {
  readonly currency: string;
  /** Contracts due in the window with a value in this currency. */
  readonly accounts: number;
  /** Their yearly value before the renewal came up. */
  readonly startArr: number;
  /** What was kept: each renewed contract's new value, capped at its old one (no expansion). */
  readonly keptArr: number;
  /** keptArr / startArr. */
  readonly rate: number | null;
}

export interface RenewalFigures extends RenewalRate {
  /** Due and ended (a `Contract Ended` in the window). */
  readonly ended: number;
  /** Due, the renewal date passed in the window, and neither event came: counted as not renewed. */
  readonly lapsed: number;
  /** By contract-start month (`YYYY-MM`), oldest first. */
  readonly byCohort: readonly (RenewalRate & { readonly cohort: string })[];
  readonly byProgram: readonly (RenewalRate & { readonly programId: string })[];
  /** By whether the value milestone was reached by the time the renewal came up. */
  readonly byValue: { readonly reached: RenewalRate; readonly notReached: RenewalRate };
  readonly byTimeToValue: readonly (RenewalRate & { readonly band: TtvBand })[];
  /** Gross revenue retention per currency (never summed across currencies), by currency code. */
  readonly grossRevenueRetention: readonly RevenueRetention[];
  /** Contracts ended in the window, by the reason the product gave (`unstated`: none). */
  readonly endedByReason: Readonly<Record<ContractEndReason | 'unstated', number>>;
  /**
   * Accounts whose contract started in the window at least 30 days before its end, and those of
   * them that reached their program's first adoption milestone within 30 days of contract start.
   */
  readonly activation30: { readonly eligible: number; readonly activated: number; readonly rate: number | null };
}

export const ACTIVATION_DAYS = 30;

interface DueContract {
  readonly account: ReportAccount;
  readonly outcome: RenewalOutcome;
  /** When the renewal came up: the renewal, the end, or the start of the renewal date. */
  readonly at: string;
}

const within = (at: string, from: string, until: string) => at >= from && at < until;

/**
 * Whether the account's contract came up for renewal in [from, until), and how it went: ended in the
 * window (a renewal before the end in the same window counts as ended: the contract was lost),
 * renewed in the window, or its renewal date passed in the window with no word (lapsed).
 */
export function renewalOutcome(account: ReportAccount, from: string, until: string): DueContract | null {
  const contract = account.contract;
  if (contract === undefined) return null;
  if (contract.ended !== null && within(contract.ended.at, from, until))
    return { account, outcome: 'ended', at: contract.ended.at };
  if (contract.renewedAt !== null && within(contract.renewedAt, from, until))
    return { account, outcome: 'renewed', at: contract.renewedAt };
  if (contract.ended !== null || contract.renewalDate === null) return null;
  const dueAt = localDayStart(contract.renewalDate, account.profile.timeZone);
  return within(dueAt, from, until) ? { account, outcome: 'lapsed', at: dueAt } : null;
}

function rateOf(list: readonly DueContract[]): RenewalRate {
  const renewed = list.filter((d) => d.outcome === 'renewed').length;
  return { due: list.length, renewed, rate: round(rate(renewed, list.length)) };
}

function groupBy<K extends string>(list: readonly DueContract[], key: (d: DueContract) => K): Map<K, DueContract[]> {
  const groups = new Map<K, DueContract[]>();
  for (const d of list) {
    const k = key(d);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [d]);
    else group.push(d);
  }
  return groups;
}

function ttvBand(account: ReportAccount, program: Program, by: string): TtvBand {
  const reachedAt = account.milestones[valueMilestoneOf(program)];
  const start = account.onboardingCompletedAt;
  if (reachedAt === undefined || reachedAt > by || start === null) return 'not-reached';
  const days = Math.max(0, (toMs(reachedAt) - toMs(start)) / DAY_MS);
  return days <= 30 ? '0-30' : days <= 60 ? '31-60' : days <= 90 ? '61-90' : '91+';
}

function revenueRetention(due: readonly DueContract[]): RevenueRetention[] {
  const byCurrency = new Map<string, { accounts: number; startArr: number; keptArr: number }>();
  for (const d of due) {
    const start = d.account.contract?.startValue ?? null;
    if (start === null) continue;
    const sum = byCurrency.get(start.currency) ?? { accounts: 0, startArr: 0, keptArr: 0 };
    sum.accounts += 1;
    sum.startArr += start.arr;
    const now = d.account.contract?.currentValue ?? null;
    // A renewal into another currency cannot be compared without a rate: its value counts as kept.
    if (d.outcome === 'renewed')
      sum.keptArr += now === null || now.currency !== start.currency ? start.arr : Math.min(now.arr, start.arr);
    byCurrency.set(start.currency, sum);
  }
  return [...byCurrency.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, s]) => ({
      currency,
      accounts: s.accounts,
      startArr: round(s.startArr, 2) as number,
      keptArr: round(s.keptArr, 2) as number,
      rate: round(rate(s.keptArr, s.startArr)),
    }));
}

function firstAdoptionMilestone(program: Program): string | null {
  const adoption = program.milestones.filter((m) => m.phase === 'adoption');
  if (adoption.length === 0) return null;
  return adoption.reduce((a, b) => (b.dueDay < a.dueDay ? b : a)).id;
}

function activation(accounts: readonly ReportAccount[], programs: Programs, from: string, until: string) {
  let eligible = 0;
  let activated = 0;
  for (const a of accounts) {
    const startMs = toMs(localDayStart(a.profile.contractStart, a.profile.timeZone));
    const endMs = startMs + ACTIVATION_DAYS * DAY_MS;
    if (startMs < toMs(from) || endMs > toMs(until)) continue;
    const milestone = firstAdoptionMilestone(accountProgram(a, programs));
    if (milestone === null) continue;
    eligible += 1;
    const reachedAt = a.milestones[milestone];
    if (reachedAt !== undefined && toMs(reachedAt) < endMs) activated += 1;
  }
  return { eligible, activated, rate: round(rate(activated, eligible)) };
}

/** The renewal figures over [from, until), each account read by its own program. */
export function renewalFigures(
  accounts: readonly ReportAccount[],
  program: Program | Programs,
  from: string,
  until: string,
): RenewalFigures {
  const programs = asPrograms(program);
  const due = accounts.flatMap((a) => renewalOutcome(a, from, until) ?? []);
  const cohorts = groupBy(due, (d) => d.account.profile.contractStart.slice(0, 7));
  const byProgram = groupBy(due, (d) => accountProgram(d.account, programs).id);
  const reached = (d: DueContract) => {
    const at = d.account.milestones[valueMilestoneOf(accountProgram(d.account, programs))];
    return at !== undefined && at <= d.at;
  };
  const bands = groupBy(due, (d) => ttvBand(d.account, accountProgram(d.account, programs), d.at));
  const endedByReason = Object.fromEntries([...CONTRACT_END_REASONS, 'unstated'].map((r) => [r, 0])) as Record<
    ContractEndReason | 'unstated',
    number
  >;
  for (const d of due) {
    if (d.outcome !== 'ended') continue;
    endedByReason[d.account.contract?.ended?.reason ?? 'unstated'] += 1;
  }
  return {
    ...rateOf(due),
    ended: due.filter((d) => d.outcome === 'ended').length,
    lapsed: due.filter((d) => d.outcome === 'lapsed').length,
    byCohort: [...cohorts.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([cohort, list]) => ({ cohort, ...rateOf(list) })),
    byProgram: programs.map((p) => ({ programId: p.id, ...rateOf(byProgram.get(p.id) ?? []) })),
    byValue: { reached: rateOf(due.filter(reached)), notReached: rateOf(due.filter((d) => !reached(d))) },
    byTimeToValue: TTV_BANDS.map((band) => ({ band, ...rateOf(bands.get(band) ?? []) })),
    grossRevenueRetention: revenueRetention(due),
    endedByReason,
    activation30: activation(accounts, programs, from, until),
  };
}

/** Whether the account's contract is ended as of `until`: it leaves the live counts. */
export function isEndedBy(account: ReportAccount, until: string): boolean {
  const ended = account.contract?.ended ?? null;
  return ended !== null && ended.at <= until;
}
