// Occasions: what brings an account due outside its cadence, whatever its phase, from dates alone: a
// value or adoption milestone reached (a celebration) and a value review window opening before the
// renewal date. Each is looked at once (`celebrated`, `valueReviewedFor`); the touches themselves
// are chosen by content choice, which applies the per-person rules.
import { celebrationDueAt, freshMilestones, uncelebrated, withCelebrationsHandled } from './celebration.js';
import { isContractEnded } from './contract.js';
import { isHeldOut } from './holdout.js';
import type { Program, TouchKind } from './program.js';
import type { AccountState } from './state.js';
import { minIso } from './time.js';
import { isReviewWindowOpen, valueReviewDueAt, valueReviewWindow, withValueReviewHandled } from './value-review.js';

/** The kinds an occasion may bring: a run brought about by occasions alone considers only these. */
export const OCCASION_KINDS: readonly TouchKind[] = ['celebration', 'value-review'];

export interface Occasions {
  /** Reached milestones not looked at yet: marked as looked at when the round completes. */
  readonly celebrate: readonly string[];
  /** The renewal date whose review window is open or passed and not looked at yet. */
  readonly reviewFor: string | null;
  /** Whether anything may still go: a fresh milestone, or the review window open now. */
  readonly live: boolean;
}

/** Accounts that get no automated email (high touch, control group, ended contract) have no occasions. */
function mayHaveOccasions(state: AccountState): boolean {
  return state.profile !== null && state.profile.touchModel !== 'high' && !isHeldOut(state) && !isContractEnded(state);
}

/** The occasions due at `now`, or null when none. */
export function dueOccasions(state: AccountState, program: Program, now: string): Occasions | null {
  if (!mayHaveOccasions(state)) return null;
  const celebrate = uncelebrated(state, program, now).map((m) => m.id);
  const window = valueReviewWindow(state, program);
  const reviewDue = window !== null && state.valueReviewedFor !== window.renewalDate && window.opensAt <= now;
  if (celebrate.length === 0 && !reviewDue) return null;
  const fresh = freshMilestones(state, program, now).some((m) => celebrate.includes(m.id));
  return {
    celebrate,
    reviewFor: reviewDue ? window.renewalDate : null,
    live: fresh || (reviewDue && isReviewWindowOpen(window, now)),
  };
}

/** The earliest time an occasion brings the account due (see deriveNextDueAt), or null. */
export function occasionDueAt(state: AccountState, program: Program): string | null {
  if (!mayHaveOccasions(state)) return null;
  return minIso(celebrationDueAt(state, program), valueReviewDueAt(state, program));
}

/** The occasions marked as looked at, so they bring the account due no more. */
export function withOccasionsHandled(state: AccountState, occasions: Occasions | null): AccountState {
  if (occasions === null) return state;
  const celebrated = withCelebrationsHandled(state, occasions.celebrate);
  return occasions.reviewFor === null ? celebrated : withValueReviewHandled(celebrated, occasions.reviewFor);
}
