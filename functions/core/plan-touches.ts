// The planner: at a due time, assess the account, move its phase, and decide for each contact looked
// at the one touch it gets or why it gets none. Pure: the same state, time, program and catalogs give
// the same plan, and planning again from the returned state at the same time plans nothing new.
import { accountCapLiftsAt, accountCapUntil, capPriorityOrder, isReonboardingPending } from './account-cap.js';
import { adoptionDaysAt, assessAccount } from './assess.js';
import { cadenceTrigger, deriveNextDueAt, dueCadenceSlot, stepAfterSlot } from './cadence.js';
import type { Catalogs } from './catalogs.js';
import { closedDaysIn } from './closed-days.js';
import { basisFor, promotionalBlock } from './consent.js';
import { chooseContent, localeOf } from './content-choice.js';
import { isContractEnded } from './contract.js';
import type { Decision, PassedOver, PlannedTouch, SkipReason } from './decisions.js';
import type { PlanResult } from './engine.js';
import { capLiftsAt, capUntil } from './frequency-cap.js';
import { isHeldOut } from './holdout.js';
import { messageClassOf } from './message-class.js';
import { dueOccasions, OCCASION_KINDS, type Occasions, withOccasionsHandled } from './occasions.js';
import { newStalls, type OverdueMilestone, withStallsHandled } from './onboarding-stall.js';
import { enterPhase, isAfterAdoption, nextPhase, restartForNewTerm } from './phase-change.js';
import {
  accountCapOf,
  acknowledgedDaysOf,
  audienceOf,
  type Program,
  reRaiseDampingOf,
  type TouchKind,
} from './program.js';
import { renewalApproaching } from './renewal-signal.js';
import { renewalWindowOf } from './renewal-window.js';
import { sameFacts } from './same-facts.js';
import { checkSendWindow } from './send-window.js';
import {
  acknowledgementLapsed,
  awaitsRecovery,
  dampingLapsed,
  isDamped,
  isHeld,
  recordDamped,
  recordHeldBack,
  recordRaised,
  recordRecovered,
} from './signal-cases.js';
import type { Signal } from './signals.js';
import {
  type AccountProfile,
  type AccountState,
  type ContactState,
  EARLY_RISK_DAYS,
  type HealthAssessment,
  isReachable,
  MAX_EARLY_RISKS,
  recipientTimeZone,
  type TouchRecord,
} from './state.js';
import { minIso, toIso, toMs } from './time.js';
import { touchIdFor } from './touch-id.js';
import { detractorHoldUntil } from './voice.js';

/** Touch history kept per contact: enough for the cap and for every never-twice rule over a full adoption. */
export const TOUCH_HISTORY_LIMIT = 50;

/**
 * What is due at `now`: a cadence slot (every contact is looked at), stalled onboarding milestones
 * (the milestone-nudge audience is looked at), re-onboardings (those contacts), and/or occasions (a
 * milestone reached, a value review window open: the audiences of celebration and value review).
 */
interface DueWork {
  readonly cadence: boolean;
  readonly stalls: readonly OverdueMilestone[];
  readonly contactIds: readonly string[];
  readonly occasions: Occasions | null;
}

/** A pending re-onboarding may go: the person's cap and the account's cap have lifted. */
function reonboardingLiftsAt(state: AccountState, contact: ContactState, program: Program): string {
  const own = capLiftsAt(contact.touches, contact.firstSeenAt, program.cap);
  return accountCapLiftsAt(state, own, accountCapOf(program));
}

function isReonboardingDue(state: AccountState, contact: ContactState, now: string, program: Program): boolean {
  return (
    isReonboardingPending(contact, program) &&
    isReachable(contact) &&
    reonboardingLiftsAt(state, contact, program) <= now
  );
}

/** A contact an occasion is for: known, and in the audience of celebration or value review. */
function inOccasionAudience(contact: ContactState, program: Program): boolean {
  const known = contact.email !== null || contact.removed || contact.suppressed !== null;
  return (
    known && contact.role !== null && OCCASION_KINDS.some((kind) => audienceOf(program, kind).includes(contact.role!))
  );
}

function dueWork(state: AccountState, profile: AccountProfile, now: string, program: Program): DueWork | null {
  // Every live phase: re-onboarding of a new key contact too goes out whatever the phase, until `ended`.
  if (state.phase === 'ended') return null;
  if (state.cadence.retryAt !== null && now < state.cadence.retryAt) return null;
  const occasions = dueOccasions(state, program, now);
  const forOccasion = (c: ContactState) => occasions?.live === true && inOccasionAudience(c, program);
  const slot = dueCadenceSlot(state, program);
  const cadence = slot !== null && slot <= now;
  const stalls = newStalls(state, program, now);
  const nudgeAudience = audienceOf(program, 'milestone-nudge');
  const waiting = state.cadence.waiting;
  // A contact with no address that was never removed nor suppressed is only usage seen so far (no
  // Contact Upserted yet): not a person the trail could speak of. Removed ones keep their decision.
  const ids = Object.keys(state.contacts)
    .sort()
    .filter((id) => {
      const c = state.contacts[id] as ContactState;
      const known = c.email !== null || c.removed || c.suppressed !== null;
      // A step half done (some contacts' windows were closed) is taken up again for those contacts only.
      if (cadence && waiting !== undefined) return waiting.includes(id);
      if (cadence) return known;
      if (stalls.length > 0 && known && c.role !== null && nudgeAudience.includes(c.role)) return true;
      if (forOccasion(c)) return true;
      return profile.touchModel !== 'high' && !isHeldOut(state) && isReonboardingDue(state, c, now, program);
    });
  return cadence || stalls.length > 0 || ids.length > 0 || occasions !== null
    ? { cadence, stalls, contactIds: ids, occasions }
    : null;
}

/**
 * The kinds a contact's choice considers: all of them at a cadence step, a stall or the contact's
 * re-onboarding; only the occasion kinds when an occasion alone brought the contact in (a milestone
 * reached must not bring a feature tip to an expansion-ready account).
 */
function kindsFor(
  state: AccountState,
  contact: ContactState,
  due: DueWork,
  now: string,
  program: Program,
): readonly TouchKind[] | undefined {
  if (due.cadence || due.stalls.length > 0) return undefined;
  // Re-onboarding goes in every live phase (the ended ones never get here).
  const reonboarding = isReonboardingDue(state, contact, now, program);
  return reonboarding ? undefined : OCCASION_KINDS;
}

/** The trail and the send queue read in contact order, whatever order the cap filled them in. */
function byContact(a: { contactId: string }, b: { contactId: string }): number {
  return a.contactId < b.contactId ? -1 : a.contactId > b.contactId ? 1 : 0;
}

function stallSignal(state: AccountState, due: DueWork, now: string): Signal[] {
  if (due.stalls.length === 0) return [];
  return [
    {
      type: 'Onboarding Stalled',
      accountId: state.accountId,
      at: now,
      milestoneIds: due.stalls.map((x) => x.milestone.id),
    },
  ];
}

/** The stalls and occasions of a completed round, marked handled so they are not due again. */
function stallsDone(state: AccountState, due: DueWork): AccountState {
  const handled = withStallsHandled(
    state,
    due.stalls.map((x) => x.milestone.id),
  );
  return withOccasionsHandled(handled, due.occasions);
}

function atRiskSignal(
  state: AccountState,
  health: HealthAssessment,
  program: Program,
  now: string,
): Extract<Signal, { type: 'Account At Risk' }> {
  const reasons: ('usage-drop' | 'low-health')[] = [];
  if (health.usageDrop) reasons.push('usage-drop');
  if (health.score < program.health.atRiskBelow || reasons.length === 0) reasons.push('low-health');
  return { type: 'Account At Risk', accountId: state.accountId, at: now, score: health.score, reasons };
}

/** Counts an at-risk signal raised in the account's first EARLY_RISK_DAYS of adoption (see `earlyRisks`). */
function withEarlyRisk(state: AccountState, now: string): AccountState {
  const days = adoptionDaysAt(state, now);
  if (days === null || days >= EARLY_RISK_DAYS) return state;
  return { ...state, earlyRisks: Math.min(MAX_EARLY_RISKS, (state.earlyRisks ?? 0) + 1) };
}

/**
 * Risk and recovery at this check. `Account At Risk` when the account became at risk, unless a person
 * holds its case (acknowledged, not resolved, within `plays.acknowledgedDays`: the raise is held back
 * and counted), and again once an acknowledgement lapsed with the account still at risk. A new fall
 * within `plays.reRaiseDays` of the latest raise is damped when it is no news (signal-cases.ts
 * `isDamped`), and raised once when the damping ends with the account still at risk.
 * `Account Recovered` once per raise, when the score is back at or above `atRiskBelow` with no usage drop.
 */
function riskAndRecovery(
  state: AccountState,
  health: HealthAssessment,
  program: Program,
  now: string,
): { state: AccountState; signals: Signal[] } {
  const days = acknowledgedDaysOf(program);
  const damping = reRaiseDampingOf(program);
  const atRiskCase = state.signalCases?.['Account At Risk'];
  if (health.atRisk) {
    const became = state.health?.atRisk !== true;
    if (!became && !acknowledgementLapsed(atRiskCase, now, days) && !dampingLapsed(atRiskCase, now, damping))
      return { state, signals: [] };
    if (isHeld(atRiskCase, now, days)) return { state: recordHeldBack(state, 'Account At Risk'), signals: [] };
    const signal = atRiskSignal(state, health, program, now);
    if (became && isDamped(atRiskCase, signal, now, damping)) return { state: recordDamped(state, now), signals: [] };
    return { state, signals: [signal] };
  }
  const since = awaitsRecovery(state);
  if (since === null || health.usageDrop || health.score < program.health.atRiskBelow) return { state, signals: [] };
  const recovered: Signal = {
    type: 'Account Recovered',
    accountId: state.accountId,
    at: now,
    score: health.score,
    atRiskSince: since,
  };
  return { state: recordRecovered(state, now), signals: [recovered] };
}

/** Why the contact gets nothing before any content is considered, or null when it may get a touch. */
function gateFor(contact: ContactState, profile: AccountProfile, now: string, program: Program): SkipReason | null {
  if (contact.suppressed !== null) return { code: contact.suppressed.reason };
  if (contact.removed) return { code: 'removed' };
  if (profile.touchModel === 'high') return { code: 'high-touch' };
  const until = capUntil(contact.touches, now, program.cap);
  return until === null ? null : { code: 'capped', until };
}

/** Why a contact with nothing chosen got nothing: a refused topic or a missing basis, when one kept an eligible email back. */
function emptyHanded(passedOver: readonly PassedOver[], heldUntil: string | null): SkipReason {
  if (passedOver.some((p) => p.reason === 'opted-out-topic')) return { code: 'opted-out-topic' };
  if (heldUntil !== null && passedOver.some((p) => p.reason === 'detractor-hold'))
    return { code: 'detractor-hold', until: heldUntil };
  if (passedOver.some((p) => p.reason === 'no-basis')) return { code: 'no-basis' };
  return { code: 'nothing-eligible' };
}

/** A control account's due work: every contact skipped as `holdout`; the cadence moves on as for any account. */
function heldOut(state: AccountState, due: DueWork, now: string, program: Program, signals: readonly Signal[]): Plan {
  const decisions: Decision[] = due.contactIds.map((contactId) => ({
    outcome: 'skipped',
    at: now,
    accountId: state.accountId,
    contactId,
    reason: { code: 'holdout' },
    passedOver: [],
  }));
  const step = due.cadence ? stepAfterSlot(state, now, program) : state.cadence.step;
  const next = stallsDone({ ...state, cadence: { ...state.cadence, step, retryAt: null } }, due);
  return {
    state: withNextDue(next, program),
    decisions,
    touches: [],
    signals: [...signals, ...stallSignal(state, due, now)],
  };
}

/**
 * An account whose contract ended: nothing is planned, no health check or phase change is made and no
 * signal raised. Whoever a touch would have been due for is skipped as `contract-ended`, and the
 * ending is noted so the account leaves the due index (see deriveNextDueAt).
 */
function contractEnded(state: AccountState, profile: AccountProfile, now: string, program: Program): Plan {
  const endedAt = state.contract?.ended?.at;
  // Said once: an account planned again after that (out of the index, run by hand) gets no new trail.
  if (state.contract?.endNoted === endedAt)
    return { state: withNextDue(state, program), decisions: [], touches: [], signals: [] };
  const due = dueWork(state, profile, now, program);
  const decisions: Decision[] = (due?.contactIds ?? []).map((contactId) => ({
    outcome: 'skipped',
    at: now,
    accountId: state.accountId,
    contactId,
    reason: { code: 'contract-ended' },
    passedOver: [],
  }));
  const next: AccountState =
    endedAt === undefined ? state : { ...state, contract: { ...state.contract, endNoted: endedAt } };
  return { state: withNextDue(next, program), decisions, touches: [], signals: [] };
}

function withNextDue(state: AccountState, program: Program): AccountState {
  return { ...state, cadence: { ...state.cadence, nextDueAt: deriveNextDueAt(state, program) } };
}

type Plan = Omit<PlanResult, 'changed'>;

/** Moves a step can make at most: adoption → expansion-ready → retention → renewal, and one spare. */
const MAX_PHASE_MOVES = 4;

/**
 * The account in the phase it is in at `now`, with a `Phase Changed` for each move, and `Renewal
 * Approaching` on entering renewal. Several moves may fall due at one look (a renewal that starts a
 * new term whose window is already open); a new term restarts the retention cadence.
 */
function movePhase(
  state: AccountState,
  program: Program,
  health: HealthAssessment,
  now: string,
  signals: Signal[],
): AccountState {
  let next = state;
  for (let moves = 0; moves < MAX_PHASE_MOVES; moves++) {
    const to = nextPhase(next, program, health, now);
    if (to === null) break;
    signals.push({ type: 'Phase Changed', accountId: state.accountId, at: now, from: next.phase, to });
    next = restartForNewTerm(enterPhase(next, to, now), program, now);
    const window = renewalWindowOf(next, program);
    if (to === 'renewal' && window !== null) signals.push(renewalApproaching(next, window, health, now));
  }
  return restartForNewTerm(next, program, now);
}

export function planTouches(state: AccountState, now: string, program: Program, catalogs: Catalogs): PlanResult {
  const planned = planAt(state, now, program, catalogs);
  // Each signal a person may take up opens its case (signal-cases.ts).
  const plan = { ...planned, state: recordRaised(planned.state, planned.signals) };
  return { ...plan, changed: !sameFacts(state, plan.state) };
}

function planAt(state: AccountState, nowInput: string, program: Program, catalogs: Catalogs): Plan {
  // Instants are compared as ISO strings throughout the core: normalise the one that comes from outside.
  const now = toIso(toMs(nowInput));
  const profile = state.profile;
  if (profile === null) return { state: withNextDue(state, program), decisions: [], touches: [], signals: [] };
  if (isContractEnded(state)) return contractEnded(state, profile, now, program);

  const health = assessAccount(state, program, now);
  const risk = riskAndRecovery(state, health, program, now);
  const signals: Signal[] = risk.signals;
  let next: AccountState = { ...risk.state, health };
  if (signals.some((s) => s.type === 'Account At Risk')) next = withEarlyRisk(next, now);

  next = movePhase(next, program, health, now, signals);

  const due = dueWork(next, profile, now, program);
  if (due === null) return { state: withNextDue(next, program), decisions: [], touches: [], signals };

  const accountId = state.accountId;
  if (isHeldOut(next)) return heldOut(next, due, now, program, signals);

  const trigger = due.cadence
    ? cadenceTrigger(next)
    : due.stalls.length > 0
      ? `stalled-${due.stalls[0]?.milestone.id}`
      : 'event';
  const decisions: Decision[] = [];
  const touches: PlannedTouch[] = [];
  // The earliest time a contact whose send window is closed now may be written to: the round waits for it.
  let waitUntil: string | null = null;
  const waited: string[] = [];
  // An open detractor holds promotional email for the whole account (voice.ts).
  const heldUntil = detractorHoldUntil(next, program, now);
  // The cap per company is filled by priority: re-onboarding, then owners and admins, then the rest.
  for (const contactId of capPriorityOrder(next, due.contactIds)) {
    const contact = next.contacts[contactId] as ContactState;
    const zone = recipientTimeZone(contact, profile);
    const closed = closedDaysIn(zone, program.closedDays, profile.closedDays);
    const window = checkSendWindow(now, zone, program.sendWindow, closed);
    if (window.kind !== 'open') {
      // The touch waits for the contact's window: nothing due is lost.
      const reason: SkipReason = { code: window.kind, nextWindowAt: window.nextWindowAt };
      decisions.push({ outcome: 'skipped', at: now, accountId, contactId, reason, passedOver: [] });
      waitUntil = minIso(waitUntil, window.nextWindowAt);
      waited.push(contactId);
      continue;
    }
    const gate = gateFor(contact, profile, now, program);
    if (gate !== null) {
      decisions.push({ outcome: 'skipped', at: now, accountId, contactId, reason: gate, passedOver: [] });
      continue;
    }
    const locale = localeOf(contact, profile.locale);
    const basis = basisFor(contact, profile, program, now);
    const block = (kind: TouchKind) => promotionalBlock(kind, contact, basis, program, heldUntil);
    // After adoption every cadence slot is a monthly one (retention: every `retention.everyDays`).
    const monthlyTouch =
      due.cadence && (isAfterAdoption(next.phase) || next.cadence.step >= program.cadence.weeklyWeeks);
    const kinds = kindsFor(next, contact, due, now, program);
    const choice = chooseContent({
      state: next,
      contact,
      locale,
      now,
      program,
      catalogs,
      health,
      block,
      monthlyTouch,
      ...(kinds === undefined ? {} : { kinds }),
    });
    if (choice.chosen === null) {
      decisions.push({
        outcome: 'skipped',
        at: now,
        accountId,
        contactId,
        reason: emptyHanded(choice.passedOver, heldUntil),
        passedOver: choice.passedOver,
      });
      continue;
    }
    const { content, subject } = choice.chosen;
    const kind = content.kind;
    const accountUntil = accountCapUntil(next, now, program);
    if (accountUntil !== null) {
      decisions.push({
        outcome: 'skipped',
        at: now,
        accountId,
        contactId,
        reason: { code: 'account-capped', until: accountUntil },
        passedOver: [{ kind, reason: 'account-capped' }, ...choice.passedOver],
      });
      continue;
    }
    const touchId = touchIdFor({
      accountId,
      contactId,
      kind,
      subject,
      // A re-onboarding is one per contact whatever run plans it, so its id ignores the cadence step;
      // so are a celebration (per milestone) and a value review (per renewal date).
      trigger: kind === 're-onboarding' ? 'new-key-contact' : OCCASION_KINDS.includes(kind) ? 'occasion' : trigger,
    });
    const touch: PlannedTouch = {
      touchId,
      accountId,
      contactId,
      kind,
      template: `${kind}/${locale}`,
      locale,
      content,
      plannedAt: now,
      // A promotional touch is only chosen with a basis (see block); it records which one.
      ...(messageClassOf(program, kind) === 'promotional' && basis !== null ? { basis } : {}),
    };
    touches.push(touch);
    decisions.push({ outcome: 'sent', at: now, accountId, contactId, touch, passedOver: choice.passedOver });

    const record: TouchRecord = { touchId, kind, subject, at: now };
    const updated: ContactState = {
      ...contact,
      touches: [...contact.touches, record].slice(-TOUCH_HISTORY_LIMIT),
      reonboarding: kind === 're-onboarding' ? 'done' : contact.reonboarding,
    };
    next = { ...next, contacts: { ...next.contacts, [contactId]: updated } };
  }

  if (waitUntil !== null) {
    // Some contacts wait for their window: the step stays. When the others were looked at, it is
    // taken up again for the waiting ones only; when all wait, for all, as a step not yet begun.
    const partial = due.cadence && waited.length < due.contactIds.length;
    const waiting = partial ? waited : next.cadence.waiting;
    const { waiting: _, ...cadence } = next.cadence;
    next = { ...next, cadence: { ...cadence, retryAt: waitUntil, ...(waiting === undefined ? {} : { waiting }) } };
    // The stalls stay to handle (and signal) when the round completes.
    return {
      state: withNextDue(next, program),
      decisions: decisions.sort(byContact),
      touches: touches.sort(byContact),
      signals,
    };
  }
  // Jump over slots already past, so an outage ends in one touch, not a burst.
  const step = due.cadence ? stepAfterSlot(next, now, program) : next.cadence.step;
  // Every contact due was looked at: no step is half done, and the stalls are handled.
  const { waiting: _, ...cadence } = next.cadence;
  next = stallsDone({ ...next, cadence: { ...cadence, step, retryAt: null } }, due);
  signals.push(...stallSignal(next, due, now));
  return {
    state: withNextDue(next, program),
    decisions: decisions.sort(byContact),
    touches: touches.sort(byContact),
    signals,
  };
}
