// Stalled onboarding: an onboarding milestone still unreached once its due day has passed. The
// planner then nudges the account's owners and admins (the milestone-nudge audience) and tells the CS
// team with an `Onboarding Stalled` signal, once per milestone: the milestones handled are kept in
// the state (`stallsHandled`), so a closed send window only delays the look, never repeats it.
import { localDayStart, milestoneDueAt } from './milestones.js';
import type { Milestone, Program } from './program.js';
import type { AccountState } from './state.js';
import { addCalendarDays, localDate } from './time.js';

/** At most this many milestone ids are kept as handled (a program has far fewer onboarding milestones). */
export const MAX_STALLS_HANDLED = 64;

/** When a milestone due at `dueAt` is overdue: at the start of the local day after its due day. */
export function overdueFrom(dueAt: string, timeZone: string): string {
  return localDayStart(addCalendarDays(localDate(dueAt, timeZone), 1), timeZone);
}

export interface OverdueMilestone {
  readonly milestone: Milestone;
  /** The start of its due day (onboarding) or the due instant (adoption). */
  readonly dueAt: string;
  readonly overdueAt: string;
}

/** The onboarding milestones of an account still in onboarding that are unreached, with their due times, in due order. */
function unreachedOnboarding(state: AccountState, program: Program): OverdueMilestone[] {
  if (state.phase !== 'onboarding' || state.profile === null) return [];
  const timeZone = state.profile.timeZone;
  const out: OverdueMilestone[] = [];
  for (const milestone of program.milestones) {
    if (milestone.phase !== 'onboarding' || state.milestones[milestone.id] !== undefined) continue;
    const dueAt = milestoneDueAt(milestone, state);
    if (dueAt !== null) out.push({ milestone, dueAt, overdueAt: overdueFrom(dueAt, timeZone) });
  }
  return out.sort((a, b) => (a.overdueAt < b.overdueAt ? -1 : a.overdueAt > b.overdueAt ? 1 : 0));
}

/** Onboarding milestones overdue at `now` whose stall is not handled yet. */
export function newStalls(state: AccountState, program: Program, now: string): OverdueMilestone[] {
  const handled = new Set(state.stallsHandled ?? []);
  return unreachedOnboarding(state, program).filter((x) => x.overdueAt <= now && !handled.has(x.milestone.id));
}

/** When the next stall is to be handled (possibly past, when a closed window held it back); null when none. */
export function nextStallAt(state: AccountState, program: Program): string | null {
  const handled = new Set(state.stallsHandled ?? []);
  return unreachedOnboarding(state, program).find((x) => !handled.has(x.milestone.id))?.overdueAt ?? null;
}

/** The state with these milestones' stalls marked handled. */
export function withStallsHandled(state: AccountState, milestoneIds: readonly string[]): AccountState {
  if (milestoneIds.length === 0) return state;
  const handled = [...new Set([...(state.stallsHandled ?? []), ...milestoneIds])].sort().slice(0, MAX_STALLS_HANDLED);
  return { ...state, stallsHandled: handled };
}
