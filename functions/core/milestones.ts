// Milestones: when each one was reached, when each one is due, and the onboarding completion they imply.
// Everything here is derived from the facts in AccountState (the sorted first days of each action),
// so it gives the same answer whatever order the events came in.

import { BoundedCache } from './bounded-cache.js';
import type { Milestone, Program } from './program.js';
import type { AccountState } from './state.js';
import { addCalendarDays, addDays, zonedTime } from './time.js';

/** The zone an account's days are counted in: its own, or UTC until the profile is known. */
export function accountTimeZone(state: Pick<AccountState, 'profile'>): string {
  return state.profile?.timeZone ?? 'UTC';
}

const limitsByProgram = new WeakMap<Program, ReadonlyMap<string, number>>();
/**
 * How many distinct days of each action the milestone rules need (the largest `days` over all
 * requirements on that action). Actions no milestone names need 1: their first day is enough.
 */
export function actionDayLimits(program: Program): ReadonlyMap<string, number> {
  let limits = limitsByProgram.get(program);
  if (limits === undefined) {
    const built = new Map<string, number>();
    for (const m of program.milestones) {
      for (const r of m.requires) built.set(r.action, Math.max(built.get(r.action) ?? 1, r.days));
    }
    limits = built;
    limitsByProgram.set(program, limits);
  }
  return limits;
}

// Reached-at times are recomputed on every apply; the zone conversion behind them is the costly part.
const dayStarts = new BoundedCache<string>(100_000);
/** The instant a local day starts in a time zone (memoised). */
export function localDayStart(day: string, timeZone: string): string {
  const key = `${timeZone}|${day}`;
  return dayStarts.get(key) ?? dayStarts.set(key, zonedTime(day, 0, timeZone));
}

/**
 * The local day the milestone's last requirement was met: for each requirement, the `days`-th
 * distinct day of its action; the milestone is met on the latest of those. Null when not yet met.
 */
export function milestoneReachedDay(milestone: Milestone, actionDays: AccountState['actionDays']): string | null {
  let reached: string | null = null;
  for (const r of milestone.requires) {
    const day = actionDays[r.action]?.[r.days - 1];
    if (day === undefined) return null;
    if (reached === null || day > reached) reached = day;
  }
  return reached;
}

/**
 * Milestones reached according to `actionDays`, with their reached-at times.
 *
 * Reached-at is the start of the local day (account time zone) on which the last requirement was met.
 * The state keeps distinct days, not instants (that is what makes redelivery harmless and the item
 * small), so the day is the finest grain it can honestly give. Because of that, re-onboarding compares
 * a contact's first-seen *day* with the completion day (see apply-events.ts).
 */
export function reachedMilestones(
  state: Pick<AccountState, 'actionDays' | 'profile'>,
  program: Program,
): Record<string, string> {
  const timeZone = accountTimeZone(state);
  const reached: Record<string, string> = {};
  for (const m of program.milestones) {
    const day = milestoneReachedDay(m, state.actionDays);
    if (day !== null) reached[m.id] = localDayStart(day, timeZone);
  }
  return reached;
}

/**
 * Onboarding completion implied by the milestones: the time the last `onboarding` milestone was
 * reached, once all of them are. Null while one is missing, or when the program has none (then only
 * an `Onboarding Completed` event completes onboarding).
 */
export function inferredOnboardingCompletion(
  milestones: Readonly<Record<string, string>>,
  program: Program,
): string | null {
  let latest: string | null = null;
  let any = false;
  for (const m of program.milestones) {
    if (m.phase !== 'onboarding') continue;
    any = true;
    const at = milestones[m.id];
    if (at === undefined) return null;
    if (latest === null || at > latest) latest = at;
  }
  return any ? latest : null;
}

/**
 * When a milestone is due: onboarding milestones `dueDay` days after the local start of the contract
 * start date, adoption milestones `dueDay` days after onboarding completion. Null while the anchor is
 * unknown (no profile yet, or onboarding not completed).
 */
export function milestoneDueAt(
  milestone: Milestone,
  state: Pick<AccountState, 'profile' | 'onboardingCompletedAt'>,
): string | null {
  if (milestone.phase === 'onboarding') {
    if (state.profile === null) return null;
    return localDayStart(addCalendarDays(state.profile.contractStart, milestone.dueDay), state.profile.timeZone);
  }
  return state.onboardingCompletedAt === null ? null : addDays(state.onboardingCompletedAt, milestone.dueDay);
}
