// The planner: at a due time, assess the account, move its phase, and decide for each contact looked
// at the one touch it gets or why it gets none. Pure: the same state, time, program and catalogs give
// the same plan, and planning again from the returned state at the same time plans nothing new.
import { accountCapLiftsAt, accountCapUntil, capPriorityOrder, isReonboardingPending } from './account-cap.js';
import { assessAccount } from './assess.js';
import { deriveNextDueAt, dueCadenceSlot, nextStepAfter } from './cadence.js';
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
import { phaseAfterAdoption } from './phase-change.js';
import { accountCapOf, audienceOf, type Program, type TouchKind } from './program.js';
import { sameFacts } from './same-facts.js';
import { checkSendWindow } from './send-window.js';
import type { Signal } from './signals.js';
import {
  type AccountProfile,
  type AccountState,
  type ContactState,
  type HealthAssessment,
  isReachable,
  recipientTimeZone,
  type TouchRecord,
} from './state.js';
import { minIso, toIso, toMs } from './time.js';
import { touchIdFor } from './touch-id.js';

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
  if (state.cadence.retryAt !== null && now < state.cadence.retryAt) return null;
  const occasions = dueOccasions(state, program, now);
  const forOccasion = (c: ContactState) => occasions?.live === true && inOccasionAudience(c, program);
  if (state.phase !== 'onboarding' && state.phase !== 'adoption') {
    if (occasions === null) return null;
    const ids = Object.keys(state.contacts)
      .sort()
      .filter((id) => forOccasion(state.contacts[id] as ContactState));
    return { cadence: false, stalls: [], contactIds: ids, occasions };
  }
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
  const reonboarding =
    (state.phase === 'onboarding' || state.phase === 'adoption') && isReonboardingDue(state, contact, now, program);
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

function atRiskSignal(state: AccountState, health: HealthAssessment, program: Program, now: string): Signal | null {
  if (!health.atRisk || state.health?.atRisk === true) return null;
  const reasons: ('usage-drop' | 'low-health')[] = [];
  if (health.usageDrop) reasons.push('usage-drop');
  if (health.score < program.health.atRiskBelow || reasons.length === 0) reasons.push('low-health');
  return { type: 'Account At Risk', accountId: state.accountId, at: now, score: health.score, reasons };
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
function emptyHandedCode(passedOver: readonly PassedOver[]): 'opted-out-topic' | 'no-basis' | 'nothing-eligible' {
  if (passedOver.some((p) => p.reason === 'opted-out-topic')) return 'opted-out-topic';
  if (passedOver.some((p) => p.reason === 'no-basis')) return 'no-basis';
  return 'nothing-eligible';
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
  let step = state.cadence.step;
  if (due.cadence && state.onboardingCompletedAt !== null)
    step = nextStepAfter(state.onboardingCompletedAt, step, now, program.cadence);
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

export function planTouches(state: AccountState, now: string, program: Program, catalogs: Catalogs): PlanResult {
  const plan = planAt(state, now, program, catalogs);
  return { ...plan, changed: !sameFacts(state, plan.state) };
}

function planAt(state: AccountState, nowInput: string, program: Program, catalogs: Catalogs): Plan {
  // Instants are compared as ISO strings throughout the core: normalise the one that comes from outside.
  const now = toIso(toMs(nowInput));
  const profile = state.profile;
  if (profile === null) return { state: withNextDue(state, program), decisions: [], touches: [], signals: [] };
  if (isContractEnded(state)) return contractEnded(state, profile, now, program);

  const signals: Signal[] = [];
  const health = assessAccount(state, program, now);
  const risk = atRiskSignal(state, health, program, now);
  if (risk !== null) signals.push(risk);
  let next: AccountState = { ...state, health };

  const phase = phaseAfterAdoption(next, program, health, now);
  if (phase !== null) {
    signals.push({ type: 'Phase Changed', accountId: state.accountId, at: now, from: next.phase, to: phase });
    next = { ...next, phase, phaseChangedAt: now, cadence: { ...next.cadence, retryAt: null } };
  }

  const due = dueWork(next, profile, now, program);
  if (due === null) return { state: withNextDue(next, program), decisions: [], touches: [], signals };

  const accountId = state.accountId;
  if (isHeldOut(next)) return heldOut(next, due, now, program, signals);

  const trigger = due.cadence
    ? `step-${next.cadence.step}`
    : due.stalls.length > 0
      ? `stalled-${due.stalls[0]?.milestone.id}`
      : 'event';
  const decisions: Decision[] = [];
  const touches: PlannedTouch[] = [];
  // The earliest time a contact whose send window is closed now may be written to: the round waits for it.
  let waitUntil: string | null = null;
  const waited: string[] = [];
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
    const block = (kind: TouchKind) => promotionalBlock(kind, contact, basis, program);
    const monthlyTouch = due.cadence && next.cadence.step >= program.cadence.weeklyWeeks;
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
        reason: { code: emptyHandedCode(choice.passedOver) },
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
  let step = next.cadence.step;
  if (due.cadence && next.onboardingCompletedAt !== null) {
    // Jump over slots already past, so an outage ends in one touch, not a burst.
    step = nextStepAfter(next.onboardingCompletedAt, step, now, program.cadence);
  }
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
