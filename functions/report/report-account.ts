// What the report's figures read of one account, as of the report's end: the state without the
// day-by-day usage, the contacts and their touches, which only the health reading needed. A table
// of 100,000 accounts holds 100,000 states (about 30 KB each once parsed); the report keeps this
// row of each instead (a few hundred bytes) and drops the state as soon as the scan has read it.
import { assessAccount } from '../core/assess.js';
import type { ContactRole } from '../core/events.js';
import type { Program } from '../core/program.js';
import { accountProgram, asPrograms, type Programs } from '../core/programs.js';
import type { AccountProfile, AccountState, Enrollment, HealthAssessment, Phase } from '../core/state.js';
import { accountQueueItems, type QueueItem } from '../core/work-queue.js';

/** The account's health as of the report's end, by its own program. */
export type ReportHealth = Pick<HealthAssessment, 'at' | 'score' | 'atRisk' | 'usageDrop' | 'dauMau' | 'activeDays30'>;

/** One seat of the account (a person with a role, not removed, not suppressed), for the people figures. */
export interface ReportPerson {
  readonly role: ContactRole;
  readonly lastActiveAt: string | null;
  /** The person's own first use of each feature's action (other actions left out). */
  readonly featuresFirstUsed: Readonly<Record<string, string>>;
}

export interface ReportAccount {
  readonly accountId: string;
  readonly programId: string;
  readonly enrollment?: Enrollment;
  /** Accounts whose profile is still unknown are in no figure, so they have no row. */
  readonly profile: AccountProfile;
  readonly onboardingCompletedAt: string | null;
  readonly phase: Phase;
  /** Milestone id → reached-at. */
  readonly milestones: Readonly<Record<string, string>>;
  /** First time each feature's action was seen, for the features of every program (other actions left out). */
  readonly actionsFirstSeen: Readonly<Record<string, string>>;
  /** Any of its people was ever sent an email (a control account must never be). */
  readonly mailed: boolean;
  readonly health: ReportHealth;
  readonly people: readonly ReportPerson[];
  /** What needs a person on this account at the report's end (unscored: the queue ranks them all); absent: nothing. */
  readonly queue?: readonly QueueItem[];
}

/** The actions the figures look up: those of every program's features. */
export function featureActionsOf(program: Program | Programs): ReadonlySet<string> {
  return new Set(asPrograms(program).flatMap((p) => p.features.map((f) => f.action)));
}

/**
 * The account's row as of `until` (its health is read at that instant), or null when its profile is
 * unknown. `actions` are the feature actions of the programs (`featureActionsOf`), computed once.
 */
export function reportAccountOf(
  state: AccountState,
  program: Program | Programs,
  until: string,
  actions: ReadonlySet<string> = featureActionsOf(program),
): ReportAccount | null {
  if (state.profile === null) return null;
  const health = assessAccount(state, accountProgram(state, program), until);
  const actionsFirstSeen: Record<string, string> = {};
  for (const [action, at] of Object.entries(state.actionsFirstSeen))
    if (actions.has(action)) actionsFirstSeen[action] = at;
  const people: ReportPerson[] = [];
  for (const c of Object.values(state.contacts)) {
    if (c.removed || c.role === null || c.suppressed !== null) continue;
    const featuresFirstUsed: Record<string, string> = {};
    for (const [action, at] of Object.entries(c.featuresFirstUsed ?? {}))
      if (actions.has(action)) featuresFirstUsed[action] = at;
    people.push({ role: c.role, lastActiveAt: c.lastActiveAt, featuresFirstUsed });
  }
  const queue = accountQueueItems(state, program, until);
  return {
    accountId: state.accountId,
    programId: state.programId,
    ...(state.enrollment === undefined ? {} : { enrollment: state.enrollment }),
    profile: state.profile,
    onboardingCompletedAt: state.onboardingCompletedAt,
    phase: state.phase,
    milestones: state.milestones,
    actionsFirstSeen,
    mailed: Object.values(state.contacts).some((c) => c.touches.length > 0),
    health: {
      at: health.at,
      score: health.score,
      atRisk: health.atRisk,
      usageDrop: health.usageDrop,
      dauMau: health.dauMau,
      activeDays30: health.activeDays30,
    },
    people,
    ...(queue.length === 0 ? {} : { queue }),
  };
}

/** Rows of the states with a profile, in the states' order. */
export function reportAccountsOf(
  states: Iterable<AccountState>,
  program: Program | Programs,
  until: string,
): ReportAccount[] {
  const actions = featureActionsOf(program);
  const rows: ReportAccount[] = [];
  for (const state of states) {
    const row = reportAccountOf(state, program, until, actions);
    if (row !== null) rows.push(row);
  }
  return rows;
}
