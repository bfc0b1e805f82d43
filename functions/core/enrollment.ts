// Applying events to an account with its own program, and enrolling it when it enters adoption.
//
// Before adoption an account follows the program its profile matches at the time (its onboarding
// milestones come from there). The moment it enters adoption (onboarding complete and profile known)
// the program and the holdout group are fixed: `programId`, the program's content hash and the group
// with its time. After that a change of profile does not move the account: its milestones, cadence
// and holdout group are one experiment, and switching programs midway would both confuse the
// customer and leave the account in neither program's figures. Edits to its program still apply.

import { isNewer } from './account-draft.js';
import { applyEvents } from './apply-events.js';
import { deriveNextDueAt } from './cadence.js';
import type { ApplyResult } from './engine.js';
import type { ProductEvent } from './events.js';
import { type HoldoutGroup, holdoutBucket, holdoutOf, isControl } from './holdout.js';
import type { Program } from './program.js';
import { accountProgram, asPrograms, type Programs, programForProfile, programHash } from './programs.js';
import type { AccountProfile, AccountState, Stamp } from './state.js';

/** The profile the account will have once these events are applied (last writer wins, as applyEvents). */
export function profileAfter(state: AccountState, events: readonly ProductEvent[]): AccountProfile | null {
  let profile = state.profile;
  let stamp: Stamp | null = state.profileStamp;
  for (const e of events) {
    if (e.detailType !== 'Account Upserted' || e.detail.accountId !== state.accountId) continue;
    const next = { at: e.time, eventId: e.id };
    if (!isNewer(next, stamp)) continue;
    const { accountId: _, ...fields } = e.detail;
    profile = fields;
    stamp = next;
  }
  return profile;
}

/** The group an account of this program falls in, by the holdout line. */
export function holdoutGroupOf(accountId: string, profile: AccountProfile, program: Program): HoldoutGroup {
  if (profile.touchModel === 'high') return 'excluded';
  const { percent, salt } = holdoutOf(program);
  return isControl(holdoutBucket(salt, accountId), percent) ? 'control' : 'treatment';
}

function hasEntered(state: AccountState): boolean {
  return state.phase !== 'onboarding' && state.onboardingCompletedAt !== null && state.profile !== null;
}

/**
 * Fixes program and group the first time the account stands in adoption with a known profile. An
 * account that already stood there before this apply was in adoption before enrollment existed (a
 * state stored by an older version): it was never drawn at entry, so it is in neither group.
 */
function enrolled(before: AccountState, after: AccountState, program: Program): AccountState {
  if (after.enrollment !== undefined) {
    // Entry is the onboarding completion, a minimum that a later batch may still move earlier
    // (usage that completes the onboarding milestones sooner): follow it, or the stored state would
    // depend on how the events were batched.
    const completedAt = after.onboardingCompletedAt;
    return completedAt !== null && completedAt < after.enrollment.at
      ? { ...after, enrollment: { ...after.enrollment, at: completedAt } }
      : after;
  }
  if (!hasEntered(after)) return after;
  const profile = after.profile as AccountProfile;
  const group: HoldoutGroup = hasEntered(before) ? 'excluded' : holdoutGroupOf(after.accountId, profile, program);
  return {
    ...after,
    enrollment: {
      at: after.onboardingCompletedAt as string,
      programHash: programHash(program),
      group,
      holdoutPercent: holdoutOf(program).percent,
    },
  };
}

/**
 * applyEvents with the account's own program out of `programs` (one program, or the rule-ordered
 * list), enrolling the account when this batch brings it into adoption.
 */
export function applyAccountEvents(
  state: AccountState,
  events: readonly ProductEvent[],
  programs: Program | Programs,
): ApplyResult {
  const list = asPrograms(programs);
  const program =
    state.enrollment !== undefined ? accountProgram(state, list) : programForProfile(list, profileAfter(state, events));
  const base = state.programId === program.id ? state : { ...state, programId: program.id };
  const result = applyEvents(base, events, program);
  const entered = enrolled(state, result.state, program);
  // The group decides whether a pending re-onboarding is due (control accounts get no email): derive
  // the due time again once the account is enrolled.
  const next =
    entered === result.state
      ? entered
      : { ...entered, cadence: { ...entered.cadence, nextDueAt: deriveNextDueAt(entered, program) } };
  if (next === result.state && base === state) return result;
  // A new program id, a new enrollment or an earlier entry: each is a change of its own.
  return { ...result, state: next, changed: true };
}
