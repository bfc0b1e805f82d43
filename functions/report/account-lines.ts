// accounts.jsonl: one line per account with what the effect report counts for it (program, holdout
// group, when it entered adoption and reached value, its milestones, its health and the emails it
// got), so anyone can recompute the figures, or join them with their own data.
import { assessAccount } from '../core/assess.js';
import type { HoldoutGroup } from '../core/holdout.js';
import { valueMilestoneOf } from '../core/program.js';
import { accountProgram, type Programs } from '../core/programs.js';
import type { AccountState, Phase } from '../core/state.js';

export interface AccountLine {
  readonly accountId: string;
  readonly program: string;
  /** Null until the account enters adoption (the group is drawn then). */
  readonly group: HoldoutGroup | null;
  readonly phase: Phase;
  readonly onboardingCompletedAt: string | null;
  readonly valueReachedAt: string | null;
  /** Milestone id → when it was reached. */
  readonly milestones: Readonly<Record<string, string>>;
  /** Health score (0–100) as of the end of the run; null while the profile is unknown. */
  readonly health: number | null;
  /** Emails sent to the account's people. */
  readonly touches: number;
}

export function accountLine(state: AccountState, programs: Programs, until: string, touches: number): AccountLine {
  const program = accountProgram(state, programs);
  const reached = (at: string | undefined) => (at !== undefined && at <= until ? at : null);
  const milestones = Object.fromEntries(
    Object.entries(state.milestones)
      .filter(([, at]) => at <= until)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  return {
    accountId: state.accountId,
    program: program.id,
    group: state.enrollment?.group ?? null,
    phase: state.phase,
    onboardingCompletedAt: state.onboardingCompletedAt,
    valueReachedAt: reached(state.milestones[valueMilestoneOf(program)]),
    milestones,
    health: state.profile === null ? null : assessAccount(state, program, until).score,
    touches,
  };
}
