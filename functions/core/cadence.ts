// The adoption cadence: weekly touch slots after onboarding completion, then one every
// `monthlyEveryDays`, until adoption ends; and the account's next due time, which the due index holds.
import type { Cadence, Program, SendWindow } from './program.js';
import { isReachable, type AccountState } from './state.js';
import { capLiftsAt } from './frequency-cap.js';
import { isHeldOut } from './holdout.js';
import { nextDayOpening, nextWindowStart } from './send-window.js';
import { addDays, addMonths, maxIso, minIso } from './time.js';

/** The instant of cadence slot `step` (0-based), counted from onboarding completion. */
export function cadenceSlotAt(onboardingCompletedAt: string, step: number, cadence: Cadence): string {
  const days =
    step < cadence.weeklyWeeks
      ? 7 * (step + 1)
      : 7 * cadence.weeklyWeeks + cadence.monthlyEveryDays * (step - cadence.weeklyWeeks + 1);
  return addDays(onboardingCompletedAt, days);
}

/** When adoption ends by the calendar (it may end earlier, when the account is expansion-ready). */
export function adoptionEndAt(onboardingCompletedAt: string, cadence: Cadence): string {
  return addMonths(onboardingCompletedAt, cadence.adoptionMonths);
}

/**
 * The first step whose slot is after `now` (and never below `step`): after a long outage the planner
 * jumps over the missed slots instead of sending a burst.
 */
export function nextStepAfter(onboardingCompletedAt: string, step: number, now: string, cadence: Cadence): number {
  let next = step;
  while (cadenceSlotAt(onboardingCompletedAt, next, cadence) <= now) next += 1;
  return next;
}

/** The next cadence slot, or null when adoption has no slot left (or has not started). */
export function dueCadenceSlot(state: AccountState, program: Program): string | null {
  if (state.phase !== 'adoption' || state.onboardingCompletedAt === null) return null;
  const slot = cadenceSlotAt(state.onboardingCompletedAt, state.cadence.step, program.cadence);
  return slot < adoptionEndAt(state.onboardingCompletedAt, program.cadence) ? slot : null;
}

/**
 * When the planner should look at the account next, or null when nothing is ahead.
 * The earliest of: the next cadence slot (or adoption end, so the phase can move to `ended`), a
 * pending re-onboarding (event-triggered: no waiting for the cadence, only for the contact's cap),
 * and, in adoption, the health check of the next sending day, so at-risk and expansion signals reach
 * the CS team every working day; never before `cadence.retryAt`.
 *
 * Every due time is moved to when the account's send window is open (in its time zone), so a touch
 * that falls in a closed window or on a holiday is planned once, at the next opening, instead of
 * being looked at, rescheduled and looked at again: each look is a write of the whole account item.
 * The health check is at the same opening, so on a slot's day one write does both. An onboarding
 * account is not checked: it can be neither at risk nor move phase in the planner (only adoption
 * can), and the reports assess health themselves.
 */
export function deriveNextDueAt(state: AccountState, program: Program): string | null {
  const profile = state.profile;
  if (profile === null) return null;
  if (state.phase === 'expansion-ready' || state.phase === 'ended') return null;

  let due: string | null = null;
  if (state.phase === 'adoption' && state.onboardingCompletedAt !== null) {
    due = dueCadenceSlot(state, program) ?? adoptionEndAt(state.onboardingCompletedAt, program.cadence);
    const lastCheck = state.health?.at ?? null;
    due = minIso(due, lastCheck === null ? state.onboardingCompletedAt : nextDayOpening(lastCheck, profile.timeZone, program.sendWindow));
  }

  // High-touch accounts get no email: their new key people are the CS manager's to welcome. Control
  // accounts get none either, so a pending re-onboarding must not keep them due.
  if (profile.touchModel !== 'high' && !isHeldOut(state)) {
    for (const id of Object.keys(state.contacts).sort()) {
      const contact = state.contacts[id];
      if (contact === undefined || contact.reonboarding !== 'pending' || !isReachable(contact)) continue;
      due = minIso(due, capLiftsAt(contact.touches, contact.firstSeenAt, program.cap));
    }
  }

  // Nothing due: a retry time left from a closed window has nothing left to wait for.
  if (due === null) return null;
  return maxIso(nextWindowStart(due, profile.timeZone, planningWindow(program.sendWindow)), state.cadence.retryAt);
}

/** How often the planner runs: the construct's default schedule (infra/teichaku.ts, `plannerSchedule`). */
export const PLANNER_PERIOD_HOURS = 1;

/**
 * The send window less its last planner period: a run comes up to a period after the due time, so a
 * time due in the window's last hour would be seen after the window closed, skipped and retried.
 */
function planningWindow(window: SendWindow): SendWindow {
  return { ...window, endHour: Math.max(window.startHour + 1, window.endHour - PLANNER_PERIOD_HOURS) };
}
