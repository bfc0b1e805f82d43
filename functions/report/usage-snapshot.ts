// A point of the report's time series: how the accounts stood at one instant (health, risk, DAU/MAU).
// Health is a reading at a moment, not a fact kept in the state, so a replay takes these readings
// weekly as it goes; everything else in the report is derived from the final state and the touches.
import { assessAccount } from '../core/assess.js';
import { contractOf } from '../core/contract.js';
import type { Program } from '../core/program.js';
import { accountProgram, asPrograms, type Programs } from '../core/programs.js';
import type { AccountState, Phase } from '../core/state.js';
import { toMs } from '../core/time.js';
import type { ReportAccount, ReportHealth } from './report-account.js';
import { mean, round } from './statistics.js';

export interface UsageSnapshot {
  readonly at: string;
  /** Accounts in adoption at that instant. */
  readonly inAdoption: number;
  readonly atRisk: number;
  readonly usageDrop: number;
  /** Accounts with anyone active in the last 30 days. */
  readonly activeAccounts: number;
  /** Mean DAU/MAU over the active accounts. */
  readonly dauMau: number | null;
  /** Mean active days in the last 30 (how often people sign in) over the active accounts. */
  readonly activeDays30: number | null;
  /** Mean health score over the accounts in adoption. */
  readonly meanScore: number | null;
}

/** Each account is assessed by its own program (one program, or every program in rule order). */
export function takeSnapshot(states: Iterable<AccountState>, program: Program | Programs, at: string): UsageSnapshot {
  const programs = asPrograms(program);
  const readings: AccountReading[] = [];
  for (const state of states) {
    if (state.profile === null) continue;
    readings.push({
      phase: state.phase,
      health: assessAccount(state, accountProgram(state, programs), at),
      ended: endedBy(contractOf(state)?.ended ?? null, at),
    });
  }
  return snapshotOf(readings, at);
}

/** The reading at `at` from the accounts' report rows, whose health was read at that same instant. */
export function readingOf(accounts: readonly ReportAccount[], at: string): UsageSnapshot {
  const atMs = toMs(at);
  for (const a of accounts)
    if (toMs(a.health.at) !== atMs)
      throw new Error(`account ${a.accountId}: its health was read at ${a.health.at}, not at the reading's ${at}`);
  return snapshotOf(
    accounts.map((a) => ({ phase: a.phase, health: a.health, ended: endedBy(a.contract?.ended ?? null, at) })),
    at,
  );
}

const endedBy = (ended: { readonly at: string } | null, at: string) => ended !== null && ended.at <= at;

interface AccountReading {
  readonly phase: Phase;
  readonly health: Pick<ReportHealth, 'score' | 'atRisk' | 'usageDrop' | 'dauMau' | 'activeDays30'>;
  /** The contract was ended by the reading: out of the live counts (in adoption, at risk, usage drop). */
  readonly ended: boolean;
}

function snapshotOf(accounts: Iterable<AccountReading>, at: string): UsageSnapshot {
  let inAdoption = 0;
  let atRisk = 0;
  let usageDrop = 0;
  const dauMau: number[] = [];
  const activeDays: number[] = [];
  const scores: number[] = [];
  for (const { phase, health, ended } of accounts) {
    if (health.activeDays30 > 0) {
      dauMau.push(health.dauMau);
      activeDays.push(health.activeDays30);
    }
    if (phase !== 'adoption' || ended) continue;
    inAdoption += 1;
    scores.push(health.score);
    if (health.atRisk) atRisk += 1;
    if (health.usageDrop) usageDrop += 1;
  }
  return {
    at,
    inAdoption,
    atRisk,
    usageDrop,
    activeAccounts: dauMau.length,
    dauMau: round(mean(dauMau)),
    activeDays30: round(mean(activeDays), 1),
    meanScore: round(mean(scores), 1),
  };
}
