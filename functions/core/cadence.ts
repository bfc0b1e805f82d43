// The cadence: weekly touch slots after onboarding completion, then one every `monthlyEveryDays`,
// until adoption ends; after adoption, one every `retention.everyDays` from the end of adoption or the
// latest renewal; and the account's next due time, which the due index holds.

import { accountCapLiftsAt, isReonboardingPending } from './account-cap.js';
import { adoptionEndAt } from './adoption-end.js';
import { assessAccountWithoutDay, isRiskJudged } from './assess.js';
import { closedDaysIn } from './closed-days.js';
import { isContractEnded } from './contract.js';
import { capLiftsAt } from './frequency-cap.js';
import { isHeldOut } from './holdout.js';
import { occasionDueAt } from './occasions.js';
import { nextStallAt } from './onboarding-stall.js';
import { cadenceSinceOf, isAfterAdoption, isExpansionReady, nextPhaseMoveAt } from './phase-change.js';
import {
  accountCapOf,
  type Cadence,
  type Program,
  type Retention,
  reRaiseDampingOf,
  retentionOf,
  type SendWindow,
} from './program.js';
import { nextDayOpening, nextWindowStart } from './send-window.js';
import { dampingLapsed } from './signal-cases.js';
import { type AccountState, type HealthAssessment, isReachable } from './state.js';
import { addDays, localDate, maxIso, minIso } from './time.js';

/** The instant of cadence slot `step` (0-based), counted from onboarding completion. */
export function cadenceSlotAt(onboardingCompletedAt: string, step: number, cadence: Cadence): string {
  const days =
    step < cadence.weeklyWeeks
      ? 7 * (step + 1)
      : 7 * cadence.weeklyWeeks + cadence.monthlyEveryDays * (step - cadence.weeklyWeeks + 1);
  return addDays(onboardingCompletedAt, days);
}

export { adoptionEndAt };

/**
 * The first step whose slot is after `now` (and never below `step`): after a long outage the planner
 * jumps over the missed slots instead of sending a burst.
 */
export function nextStepAfter(onboardingCompletedAt: string, step: number, now: string, cadence: Cadence): number {
  let next = step;
  while (cadenceSlotAt(onboardingCompletedAt, next, cadence) <= now) next += 1;
  return next;
}

/** The instant of retention slot `step` (0-based), counted from `since` (see cadenceSinceOf). */
export function retentionSlotAt(since: string, step: number, retention: Retention): string {
  return addDays(since, retention.everyDays * (step + 1));
}

/**
 * The next cadence slot, or null when there is none: adoption has no slot left (or has not started),
 * or the account is onboarding or `ended`. After adoption the slots go on as long as the contract.
 */
export function dueCadenceSlot(state: AccountState, program: Program): string | null {
  if (state.phase === 'adoption' && state.onboardingCompletedAt !== null) {
    const slot = cadenceSlotAt(state.onboardingCompletedAt, state.cadence.step, program.cadence);
    return slot < adoptionEndAt(state.onboardingCompletedAt, program.cadence) ? slot : null;
  }
  const since = isAfterAdoption(state.phase) ? cadenceSinceOf(state) : null;
  return since === null ? null : retentionSlotAt(since, state.cadence.step, retentionOf(program));
}

/** The step after a due slot taken at `now`: the first whose slot is after `now` (see nextStepAfter). */
export function stepAfterSlot(state: AccountState, now: string, program: Program): number {
  const step = state.cadence.step;
  if (state.phase === 'adoption' && state.onboardingCompletedAt !== null) {
    return nextStepAfter(state.onboardingCompletedAt, step, now, program.cadence);
  }
  const since = isAfterAdoption(state.phase) ? cadenceSinceOf(state) : null;
  if (since === null) return step;
  const retention = retentionOf(program);
  let next = step;
  while (retentionSlotAt(since, next, retention) <= now) next += 1;
  return next;
}

/**
 * What made a cadence touch due, for its id: `step-N` in adoption; after adoption the step and the
 * time its cadence counts from, so a retention step never takes the id of an adoption step (or of
 * the same step in an earlier term) with the same kind and subject.
 */
export function cadenceTrigger(state: AccountState): string {
  const step = `step-${state.cadence.step}`;
  return state.phase === 'adoption' ? step : `retention-${cadenceSinceOf(state) ?? ''}-${step}`;
}

/**
 * When the planner should look at the account next, or null when nothing is ahead.
 * The earliest of: the next cadence slot (or adoption end, so the phase can move on), after adoption
 * the next phase move (the renewal window's opening, a new term: see nextPhaseMoveAt), a
 * pending re-onboarding (event-triggered: no waiting for the cadence, only for the contact's cap),
 * and, in every phase whose health can put the account at risk (isRiskJudged: adoption,
 * expansion-ready and any later live phase), the next health check (see healthCheckDue); never
 * before `cadence.retryAt`.
 *
 * Every due time is moved to when the account's send window is open (in its time zone), so a touch
 * that falls in a closed window or on a holiday is planned once, at the next opening, instead of
 * being looked at, rescheduled and looked at again: each look is a write of the whole account item
 * and its due-index entry. An onboarding account is not checked: it can be neither at risk nor move
 * phase in the planner, and the reports assess health themselves. An `ended` account (adoption
 * ended before the retention phase existed) is never due.
 *
 * An account whose contract ended gets nothing more: it is due once, when a touch would have been
 * due, so the decision trail says why nothing goes (`contract-ended`), and then never again (no
 * health check either), until a renewal wins it back.
 *
 * Occasions (a milestone reached, a value review window opening: see occasions.ts) bring the account
 * due in every phase, expansion-ready and after adoption included: they are dated by the
 * milestones and the renewal date, not by the cadence.
 */
export function deriveNextDueAt(state: AccountState, program: Program): string | null {
  const profile = state.profile;
  if (profile === null) return null;
  if (state.phase === 'ended') return null;
  const occasion = occasionDueAt(state, program);
  const ended = isContractEnded(state);
  if (ended && state.contract?.endNoted === state.contract?.ended?.at) return null;

  let due: string | null = occasion;
  if (state.phase === 'adoption' && state.onboardingCompletedAt !== null) {
    due = minIso(due, dueCadenceSlot(state, program) ?? adoptionEndAt(state.onboardingCompletedAt, program.cadence));
  } else if (isAfterAdoption(state.phase)) {
    due = minIso(due, minIso(dueCadenceSlot(state, program), nextPhaseMoveAt(state, program)));
  }

  // High-touch accounts get no email: their new key people are the CS manager's to welcome. Control
  // accounts get none either, so a pending re-onboarding must not keep them due.
  if (profile.touchModel !== 'high' && !isHeldOut(state)) {
    for (const id of Object.keys(state.contacts).sort()) {
      const contact = state.contacts[id];
      if (contact === undefined || !isReonboardingPending(contact, program) || !isReachable(contact)) continue;
      const own = capLiftsAt(contact.touches, contact.firstSeenAt, program.cap);
      due = minIso(due, accountCapLiftsAt(state, own, accountCapOf(program)));
    }
  }

  // Stalled onboarding: the day after an unreached onboarding milestone's due day (see onboarding-stall.ts).
  due = minIso(due, nextStallAt(state, program));

  if (!ended && isRiskJudged(state) && state.onboardingCompletedAt !== null) {
    due = minIso(
      due,
      state.health === null
        ? state.onboardingCompletedAt
        : healthCheckDue(state, state.health, profile.timeZone, program, due),
    );
  }

  return whenOpen(state, due, program);
}

/** The due time moved to when the account's send window is open, never before `cadence.retryAt`. */
function whenOpen(state: AccountState, due: string | null, program: Program): string | null {
  const profile = state.profile;
  // Nothing due: a retry time left from a closed window has nothing left to wait for.
  if (due === null || profile === null) return null;
  const closed = closedDaysIn(profile.timeZone, program.closedDays, profile.closedDays);
  return maxIso(
    nextWindowStart(due, profile.timeZone, planningWindow(program.sendWindow), closed),
    state.cadence.retryAt,
  );
}

/** Sending days a health check may be put off while nothing it would find can change: a working week. */
export const HEALTH_LOOKAHEAD_DAYS = 5;

/**
 * The next health check of an account whose health is judged (isRiskJudged): at the send window's
 * opening on the first of the next sending days on which a check would find something to tell (the
 * account at risk, or no longer at risk, or, in adoption, expansion-ready), assessed from the facts
 * the state holds; else on the last of HEALTH_LOOKAHEAD_DAYS sending days. A check on the days between would only rewrite the same
 * verdict. The facts change only by a write (ingest or planner), which derives this again, so the
 * check lands on the day a check at every sending day's opening would first have found the change.
 * What it cannot know, it sees a sending day later: usage before the opening on the day itself (left
 * out, see below), a milestone falling due between the opening and the hourly run; and a new
 * contact counts from the opening of the day it arrived (it lowers breadth), so that check may come
 * within the same day. Nothing is looked ahead past `before`, the next other due time: the planner
 * assesses then anyway.
 */
function healthCheckDue(
  state: AccountState,
  last: HealthAssessment,
  timeZone: string,
  program: Program,
  before: string | null,
): string {
  let at = last.at;
  const damping = reRaiseDampingOf(program);
  for (let day = 1; ; day++) {
    const opening = nextDayOpening(at, timeZone, program.sendWindow);
    if (day >= HEALTH_LOOKAHEAD_DAYS || (before !== null && opening >= before)) return opening;
    // The facts a check at the opening would see: that day's usage comes after the opening (mostly),
    // so it is left out, as the daily check saw it the next day. Without this, usage later in a day
    // would make a put-off check due that same day, and an account near a threshold would flicker
    // between at risk and recovered more often than a once-a-day look finds it (more at-risk signals,
    // not earlier ones). Expansion readiness reads no active days.
    const health = assessAccountWithoutDay(state, program, opening, localDate(opening, timeZone));
    if (health.atRisk !== last.atRisk) return opening;
    // A damped fall still at risk is raised when the damping ends (signal-cases.ts dampingLapsed).
    if (health.atRisk && dampingLapsed(state.signalCases?.['Account At Risk'], opening, damping)) return opening;
    if (state.phase === 'adoption' && isExpansionReady(state, program, health, opening)) return opening;
    at = opening;
  }
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
