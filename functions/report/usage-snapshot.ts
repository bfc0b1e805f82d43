// A point of the report's time series: how the accounts stood at one instant (health, risk, DAU/MAU).
// Health is a reading at a moment, not a fact kept in the state, so a replay takes these readings
// weekly as it goes; everything else in the report is derived from the final state and the touches.
import { assessAccount } from '../core/assess.js';
import type { Program } from '../core/program.js';
import { accountProgram, asPrograms, type Programs } from '../core/programs.js';
import type { AccountState } from '../core/state.js';
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
  let inAdoption = 0;
  let atRisk = 0;
  let usageDrop = 0;
  const dauMau: number[] = [];
  const activeDays: number[] = [];
  const scores: number[] = [];
  for (const state of states) {
    if (state.profile === null) continue;
    const health = assessAccount(state, accountProgram(state, programs), at);
    if (health.activeDays30 > 0) {
      dauMau.push(health.dauMau);
      activeDays.push(health.activeDays30);
    }
    if (state.phase !== 'adoption') continue;
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
