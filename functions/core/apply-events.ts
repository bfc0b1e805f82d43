// applyEvents: folds product events into an account's state. The state holds facts as sets, minima,
// maxima and last-writer-wins stamps, so a redelivered event changes nothing and any order, or any
// split into batches, of the same events gives the same state. Signals are the difference between the
// state before and after, so redelivery raises none.
//
// One known order dependence, by design: usage days are keyed in the account's time zone as known
// when the usage is applied. Usage that arrives before any profile waits (pendingUsage) and is keyed
// once the profile arrives, so profile-versus-usage order does not matter; but if an account later
// *changes* time zone, days already recorded are not re-keyed (that would need raw instants kept
// for every event, which the item cannot hold).

import {
  type AccountDraft,
  closeTicket,
  type EventEffect,
  endContract,
  foldPending,
  isNewer,
  lastSeenOf,
  openTicket,
  recordAnswer,
  recordUsage,
  removeContact,
  renewContract,
  settleLastSeen,
  stampEffect,
  startDraft,
  stateConsent,
  upsertContact,
} from './account-draft.js';
import { MONTH_DAYS } from './assess.js';
import { deriveNextDueAt } from './cadence.js';
import type { ApplyResult, IgnoredReason } from './engine.js';
import type { ProductEvent } from './events.js';
import { accountTimeZone, actionDayLimits, inferredOnboardingCompletion, reachedMilestones } from './milestones.js';
import type { Program } from './program.js';
import { applyHandling } from './signal-cases.js';
import type { Signal } from './signals.js';
import { type AccountState, type ContactState, isKeyContact } from './state.js';
import { localDate, minIso } from './time.js';
import { isDetractor, latestOpening, pruneTickets, type SupportFacts, surgeAt, type TicketFacts } from './voice.js';

/** At most this many distinct actions are remembered (the earliest seen), so the item stays bounded. */
export const MAX_TRACKED_ACTIONS = 256;

/** Local days of activity kept: two usage-drop windows (or the 30-day figures) and a week of slack. */
export function activeDayRetention(program: Program): number {
  return Math.max(2 * program.usageDrop.windowDays, MONTH_DAYS) + 7;
}

const featureActionSets = new WeakMap<Program, ReadonlySet<string>>();
/** The actions of the program's features: the ones whose first use is kept per person. */
function featureActionsOf(program: Program): ReadonlySet<string> {
  let actions = featureActionSets.get(program);
  if (actions === undefined) {
    actions = new Set(program.features.map((f) => f.action));
    featureActionSets.set(program, actions);
  }
  return actions;
}

export function applyEvents(state: AccountState, events: readonly ProductEvent[], program: Program): ApplyResult {
  const draft = startDraft(state, activeDayRetention(program), actionDayLimits(program), featureActionsOf(program));
  const ignored: Record<IgnoredReason, number> = { duplicate: 0, stale: 0, 'other-account': 0 };
  const mine: ProductEvent[] = [];
  for (const e of events) {
    if (e.detail.accountId === state.accountId) mine.push(e);
    else ignored['other-account'] += 1;
  }
  // An event that moves the account's last-seen day changed the state, whatever else it did.
  const effects: EventEffect[] = new Array<EventEffect>(mine.length).fill('changed');
  const movedLatest: boolean[] = new Array<boolean>(mine.length).fill(false);
  let cases = state.signalCases;

  // Profiles first: every usage in the batch is then keyed in the batch's final time zone.
  mine.forEach((e, i) => {
    if (e.detailType === 'Account Upserted') {
      const stamp = { at: e.time, eventId: e.id };
      if (!isNewer(stamp, draft.profileStamp)) {
        effects[i] = stampEffect(stamp, draft.profileStamp);
        return;
      }
      const { accountId: _, ...profile } = e.detail;
      draft.profile = profile;
      draft.profileStamp = stamp;
    }
  });
  const timeZone = draft.profile?.timeZone ?? null;
  // Folding empties the pending usage: a change even when every folded day was already known.
  const folded = timeZone !== null && foldPending(draft, timeZone);
  const settled = timeZone !== null && state.profile === null && settleLastSeen(draft, timeZone);

  mine.forEach((e, i) => {
    const seen = lastSeenOf(e.time, timeZone);
    if (draft.lastEventAt === null || seen > draft.lastEventAt) {
      draft.lastEventAt = seen;
      movedLatest[i] = true;
    }
    switch (e.detailType) {
      case 'Account Upserted':
        break;
      case 'Usage Recorded':
        effects[i] = recordUsage(draft, e.detail, timeZone, e.id);
        break;
      case 'Contact Upserted':
        effects[i] = upsertContact(draft, e.detail, { at: e.time, eventId: e.id });
        // A newer basis is a change even when the contact's details were older than those held.
        if (stateConsent(draft, e.detail, { at: e.time, eventId: e.id })) effects[i] = 'changed';
        break;
      case 'Contact Removed':
        effects[i] = removeContact(draft, e.detail, { at: e.time, eventId: e.id });
        break;
      case 'Onboarding Completed':
        effects[i] = completionEffect(draft.completedAt, e.detail.completedAt);
        draft.completedAt = minIso(draft.completedAt, e.detail.completedAt);
        break;
      case 'Contract Renewed':
        effects[i] = renewContract(draft, e.detail, e.id);
        break;
      case 'Contract Ended':
        effects[i] = endContract(draft, e.detail, e.id);
        break;
      case 'Survey Answered':
        effects[i] = recordAnswer(draft, e.detail, e.id, e.time);
        break;
      case 'Support Ticket Opened':
        effects[i] = openTicket(draft, e.detail, e.id);
        break;
      case 'Support Ticket Closed':
        effects[i] = closeTicket(draft, e.detail);
        break;
      case 'Signal Acknowledged':
      case 'Signal Resolved': {
        const handled = applyHandling(cases, e);
        const key = e.detailType === 'Signal Acknowledged' ? 'acknowledged' : 'resolved';
        if (handled !== null) cases = handled;
        else effects[i] = cases?.[e.detail.signalType]?.[key]?.eventId === e.id ? 'duplicate' : 'stale';
        break;
      }
      default: {
        const unknown: never = e;
        throw new Error(`applyEvents: unhandled detail type of event ${(unknown as ProductEvent).id}`);
      }
    }
  });
  countIgnored(mine, effects, movedLatest, ignored);

  // Facts only grow (sets, minima, maxima, newer stamps): once one event moved one, the state differs.
  const moved = folded || settled || effects.includes('changed') || movedLatest.includes(true);
  const finished = finish(draft, program, moved);
  const next = cases === state.signalCases ? finished.state : { ...finished.state, signalCases: cases };
  // A key contact change is not kept as a raised case: whether a batch raises it depends on how the
  // events were split, and the state must not. The queue reads it from the contacts (queue.ts).
  return { state: next, signals: signalsBetween(state, next), ignored, changed: finished.changed };
}

function completionEffect(held: string | null, completedAt: string): EventEffect {
  if (held === null || completedAt < held) return 'changed';
  return completedAt === held ? 'duplicate' : 'stale';
}

/** Events that changed nothing, by why; a second event with an id already in the batch is a duplicate. */
function countIgnored(
  events: readonly ProductEvent[],
  effects: readonly EventEffect[],
  movedLatest: readonly boolean[],
  ignored: Record<IgnoredReason, number>,
): void {
  const ids = new Set<string>();
  events.forEach((e, i) => {
    const effect = effects[i] as EventEffect;
    const repeated = ids.has(e.id);
    ids.add(e.id);
    if (effect === 'changed' || movedLatest[i] === true) return;
    ignored[repeated ? 'duplicate' : effect] += 1;
  });
}

/**
 * The state after the batch, and whether it differs from the base: `moved` says an event moved a
 * fact; the derived fields (milestones, completion, phase, re-onboarding, pending usage, next due
 * time) are compared here, as a program edit can move them with no event moving anything.
 */
function finish(draft: AccountDraft, program: Program, moved: boolean): { state: AccountState; changed: boolean } {
  const base = draft.base;
  const { actionsFirstSeen, actionDays } = boundActions(draft, program);
  const activeDays = draft.activeDays === null ? base.activeDays : activeDaysAfter(draft, draft.activeDays);

  const facts = { profile: draft.profile, actionDays };
  const milestones = mergeMilestones(base.milestones, reachedMilestones(facts, program));
  const onboardingCompletedAt = minIso(draft.completedAt, inferredOnboardingCompletion(milestones, program));

  // Apply only ever moves onboarding → adoption; the planner owns the later phases. Adoption's start
  // follows the (minimum) completion time, so it does not depend on which event came last.
  let phase = base.phase;
  let phaseChangedAt = base.phaseChangedAt;
  if (onboardingCompletedAt !== null && (phase === 'onboarding' || phase === 'adoption')) {
    phase = 'adoption';
    phaseChangedAt = onboardingCompletedAt;
  }

  const pending = draft.pending ?? base.pendingUsage ?? [];
  const { pendingUsage: _, contract: heldContract, actionCounts: heldCounts, support: heldSupport, ...rest } = base;
  const actionCounts = actionCountsAfter(draft, heldCounts);
  const support = ticketsAfter(heldSupport, draft.tickets);
  // The planner's note (endNoted) stays; the events' facts are the batch's latest.
  const contract =
    draft.renewed === heldContract?.renewed && draft.ended === heldContract?.ended
      ? heldContract
      : {
          ...heldContract,
          ...(draft.renewed === undefined ? {} : { renewed: draft.renewed }),
          ...(draft.ended === undefined ? {} : { ended: draft.ended }),
        };
  const settled = settleContacts(draft, onboardingCompletedAt, accountTimeZone(draft));
  const next: AccountState = {
    ...rest,
    profile: draft.profile,
    profileStamp: draft.profileStamp,
    onboardingCompletedAt,
    phase,
    phaseChangedAt,
    contacts: settled.contacts,
    activeDays,
    actionDays,
    actionsFirstSeen,
    milestones,
    lastEventAt: draft.lastEventAt,
    ...(pending.length > 0 ? { pendingUsage: pending } : {}),
    ...(contract === undefined ? {} : { contract }),
    ...(actionCounts === undefined ? {} : { actionCounts }),
    ...(support === undefined ? {} : { support }),
  };
  const nextDueAt = deriveNextDueAt(next, program);
  const changed =
    moved ||
    settled.rederived ||
    milestones !== base.milestones ||
    onboardingCompletedAt !== base.onboardingCompletedAt ||
    phase !== base.phase ||
    phaseChangedAt !== base.phaseChangedAt ||
    nextDueAt !== base.cadence.nextDueAt ||
    // An empty list is stored as no list.
    (pending.length === 0 && base.pendingUsage !== undefined);
  return { state: { ...next, cadence: { ...next.cadence, nextDueAt } }, changed };
}

/** The base's tickets with the batch's changed ones, pruned (voice.ts); the base's own when none changed. */
function ticketsAfter(
  base: SupportFacts | undefined,
  changed: ReadonlyMap<string, TicketFacts> | null,
): SupportFacts | undefined {
  if (changed === null) return base;
  return pruneTickets({ ...base, ...Object.fromEntries(changed) });
}

/**
 * Keeps the earliest MAX_TRACKED_ACTIONS actions by first-seen time (ties by name): taking the k
 * smallest is order-independent, so bounding the set keeps applyEvents so. Day lists go with their
 * action, except for actions a milestone needs.
 */
function boundActions(draft: AccountDraft, program: Program): Pick<AccountState, 'actionsFirstSeen' | 'actionDays'> {
  const firstSeen = draft.actionsFirstSeen ?? draft.base.actionsFirstSeen;
  const actionDays = draft.actionDays ?? draft.base.actionDays;
  const names = Object.keys(firstSeen);
  if (names.length <= MAX_TRACKED_ACTIONS) return { actionsFirstSeen: firstSeen, actionDays };

  const ordered = names.sort((a, b) => {
    const ta = firstSeen[a] as string;
    const tb = firstSeen[b] as string;
    return ta < tb ? -1 : ta > tb ? 1 : a < b ? -1 : 1;
  });
  const kept: Record<string, string> = {};
  for (const name of ordered.slice(0, MAX_TRACKED_ACTIONS)) kept[name] = firstSeen[name] as string;
  const limits = actionDayLimits(program);
  const keptDays: Record<string, readonly string[]> = {};
  for (const [action, days] of Object.entries(actionDays)) {
    if (action in kept || limits.has(action)) keptDays[action] = days;
  }
  return { actionsFirstSeen: kept, actionDays: keptDays };
}

/**
 * The base's action counts with the batch's changed days, in day order, without the days before the
 * rolling window the active days keep; undefined when there are none. A day pruned from the active
 * days may outlive them here until the next batch that counts actions: the windows read no older day.
 */
function actionCountsAfter(
  draft: AccountDraft,
  held: AccountState['actionCounts'],
): AccountState['actionCounts'] | undefined {
  const oldest = draft.oldestKeptDay;
  const changed = draft.actionCounts;
  // Pruned only when the batch counted something, as the active days are: else nothing moved.
  if (changed === null) return held;
  const days = new Set([...Object.keys(held ?? {}), ...(changed?.keys() ?? [])]);
  const out: Record<string, readonly string[]> = {};
  for (const day of [...days].sort()) {
    if (oldest !== null && day < oldest) continue;
    const entries = changed?.get(day) ?? held?.[day];
    if (entries !== undefined) out[day] = entries;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/** The base's days with the batch's changed ones, in day order, without those before the rolling window. */
function activeDaysAfter(
  draft: AccountDraft,
  changed: ReadonlyMap<string, readonly string[]>,
): AccountState['activeDays'] {
  const base = draft.base.activeDays;
  const oldest = draft.oldestKeptDay;
  // The usual batch adds contacts to known days or appends later ones, and drops nothing: then a copy
  // with those set is already in order, and keeps V8's fast object layout the days are read through.
  const { inOrder, earliest, latest } = draft.baseDays;
  const appended: string[] = [];
  let inPlace = inOrder && (oldest === null || earliest === null || earliest >= oldest);
  for (const day of changed.keys()) {
    if (!inPlace) break;
    if (Object.hasOwn(base, day)) continue;
    if ((latest !== null && day <= latest) || (oldest !== null && day < oldest)) inPlace = false;
    else appended.push(day);
  }
  if (inPlace) {
    const copy: Record<string, readonly string[]> = { ...base };
    for (const [day, ids] of changed) if (Object.hasOwn(base, day)) copy[day] = ids;
    for (const day of appended.sort()) copy[day] = changed.get(day) as readonly string[];
    return copy;
  }
  const days = Object.keys(base);
  for (const day of changed.keys()) if (!Object.hasOwn(base, day)) days.push(day);
  days.sort();
  const kept: [string, readonly string[]][] = [];
  for (const day of days) {
    if (oldest === null || day >= oldest) kept.push([day, changed.get(day) ?? (base[day] as readonly string[])]);
  }
  // Built at once rather than key by key: V8 then keeps the fast object layout (see above).
  return Object.fromEntries(kept);
}

/** Reached milestones stay reached (a program edit never un-reaches one); each keeps its earliest time. */
function mergeMilestones(
  before: Readonly<Record<string, string>>,
  now: Readonly<Record<string, string>>,
): Readonly<Record<string, string>> {
  let merged: Record<string, string> | null = null;
  for (const [id, at] of Object.entries(now)) {
    const old = before[id];
    if (old !== undefined && old <= at) continue;
    merged ??= { ...before };
    merged[id] = at;
  }
  return merged ?? before;
}

/**
 * The contacts after the batch, with re-onboarding derived from the facts: an owner or admin first
 * seen on a later local day than onboarding completed needs re-onboarding (`pending`) until the
 * planner marks it `done`. Days, not instants: completion inferred from milestones is a day's start,
 * and people who appear on the day onboarding finishes were part of it.
 */
function settleContacts(
  draft: AccountDraft,
  completedAt: string | null,
  timeZone: string,
): { contacts: AccountState['contacts']; rederived: boolean } {
  const base = draft.base.contacts;
  let out: Record<string, ContactState> | null = null;
  // A re-onboarding state that differs from the one held (the batch's contacts' own changes are the events').
  let rederived = false;
  const ids =
    draft.contacts.size === 0
      ? Object.keys(base)
      : [...new Set([...Object.keys(base), ...draft.contacts.keys()])].sort();
  for (const id of ids) {
    const contact: ContactState = draft.contacts.get(id) ?? (base[id] as ContactState);
    const reonboarding = reonboardingOf(contact, completedAt, timeZone);
    if (reonboarding !== contact.reonboarding) rederived = true;
    const changed = contact !== base[id] || reonboarding !== contact.reonboarding;
    if (!changed) {
      if (out !== null) out[id] = contact;
      continue;
    }
    if (out === null) {
      out = {};
      for (const earlier of ids) {
        if (earlier === id) break;
        out[earlier] = draft.contacts.get(earlier) ?? (base[earlier] as ContactState);
      }
    }
    out[id] = reonboarding === contact.reonboarding ? contact : { ...contact, reonboarding };
  }
  return { contacts: out ?? base, rederived };
}

function reonboardingOf(
  contact: ContactState,
  completedAt: string | null,
  timeZone: string,
): ContactState['reonboarding'] {
  if (contact.reonboarding === 'done') return 'done';
  if (completedAt === null || !isKeyContact(contact)) return 'none';
  // A member promoted to owner or admin after onboarding was done: a new key person like any other.
  const promotedAt = contact.memberUntil === undefined ? undefined : contact.keyStatedAt?.[0];
  const promotedAfter =
    promotedAt !== undefined &&
    promotedAt > completedAt &&
    localDate(promotedAt, timeZone) > localDate(completedAt, timeZone);
  if (promotedAfter) return 'pending';
  // Seen by the completion instant is seen by its day: no zone lookup needed.
  if (contact.firstSeenAt <= completedAt) return 'none';
  return localDate(contact.firstSeenAt, timeZone) > localDate(completedAt, timeZone) ? 'pending' : 'none';
}

function isOwner(contact: ContactState | undefined): boolean {
  return contact !== undefined && !contact.removed && contact.role === 'owner';
}

/**
 * `Key Contact Changed` for the CS team: the account's last owner left (removed, or no longer an
 * owner), or an owner appeared once onboarding was done (the people it was set up with are known).
 */
function keyContactChanges(before: AccountState, after: AccountState): Signal[] {
  if (before.contacts === after.contacts) return [];
  const signals: Signal[] = [];
  const ownersBefore = Object.keys(before.contacts).filter((id) => isOwner(before.contacts[id]));
  const ownersAfter = Object.keys(after.contacts).filter((id) => isOwner(after.contacts[id]));
  const at = (id: string) => after.contacts[id]?.stamp?.at ?? after.contacts[id]?.firstSeenAt ?? '';
  if (ownersBefore.length > 0 && ownersAfter.length === 0) {
    const left = ownersBefore.sort((a, b) => (at(a) < at(b) ? 1 : at(a) > at(b) ? -1 : 0))[0] as string;
    signals.push({
      type: 'Key Contact Changed',
      accountId: after.accountId,
      at: at(left),
      change: 'last-owner-left',
      contactId: left,
    });
  }
  if (after.onboardingCompletedAt !== null) {
    for (const id of ownersAfter.sort()) {
      if (ownersBefore.includes(id)) continue;
      signals.push({
        type: 'Key Contact Changed',
        accountId: after.accountId,
        at: at(id),
        change: 'owner-added',
        contactId: id,
      });
    }
  }
  return signals;
}

/**
 * `Detractor` for each answer this batch made a person's latest that is a detractor (NPS 0–6,
 * CSAT 1–2), with the score and the comment, for a person to follow up at once.
 */
function detractorSignals(before: AccountState, after: AccountState): Signal[] {
  if (before.contacts === after.contacts) return [];
  const signals: Signal[] = [];
  for (const contactId of Object.keys(after.contacts).sort()) {
    const surveys = after.contacts[contactId]?.surveys;
    if (surveys === undefined || surveys === before.contacts[contactId]?.surveys) continue;
    for (const survey of ['nps', 'csat'] as const) {
      const answer = surveys[survey];
      if (answer === undefined || !isDetractor(survey, answer.score)) continue;
      if (before.contacts[contactId]?.surveys?.[survey]?.eventId === answer.eventId) continue;
      signals.push({
        type: 'Detractor',
        accountId: after.accountId,
        at: answer.at,
        contactId,
        survey,
        score: answer.score,
        channel: answer.channel,
        ...(answer.comment === undefined ? {} : { comment: answer.comment }),
        ...(answer.surveyId === undefined ? {} : { surveyId: answer.surveyId }),
      });
    }
  }
  return signals;
}

/**
 * `Support Surge` when this batch's openings made a surge as of the latest opening (voice.ts
 * `surgeAt`) that was not one before them: judged on the same day for both, so a redelivery or a
 * further ticket of the same surge raises nothing.
 */
function surgeSignal(before: AccountState, after: AccountState): Signal | null {
  if (before.support === after.support) return null;
  const at = latestOpening(after.support);
  if (at === null) return null;
  const now = surgeAt(after.support, at);
  if (!now.surge || surgeAt(before.support, at).surge) return null;
  return {
    type: 'Support Surge',
    accountId: after.accountId,
    at,
    lastWeek: now.lastWeek,
    weeklyMean: now.weeklyMean,
  };
}

/** Signals for what this batch changed: each newly reached milestone, and the start of adoption. */
function signalsBetween(before: AccountState, after: AccountState): Signal[] {
  const signals: Signal[] = [];
  for (const id of Object.keys(after.milestones).sort()) {
    const reachedAt = after.milestones[id] as string;
    if (before.milestones[id] === undefined) {
      signals.push({
        type: 'Milestone Reached',
        accountId: after.accountId,
        at: reachedAt,
        milestoneId: id,
        reachedAt,
      });
    }
  }
  signals.push(...keyContactChanges(before, after));
  signals.push(...detractorSignals(before, after));
  const surge = surgeSignal(before, after);
  if (surge !== null) signals.push(surge);
  if (before.phase === 'onboarding' && after.phase === 'adoption' && after.phaseChangedAt !== null) {
    signals.push({
      type: 'Phase Changed',
      accountId: after.accountId,
      at: after.phaseChangedAt,
      from: 'onboarding',
      to: 'adoption',
    });
  }
  return signals.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
