// A mutable working copy of one account's facts while a batch of events is applied. Copy-on-write:
// a contact, a day's contact list or an action's day list is copied the first time this batch
// changes it, so a batch costs a few copies, not one per event, and redelivered events copy nothing.
import { actionEventKey, withActionEvent } from './action-counts.js';
import type {
  ContactRemoved,
  ContactUpserted,
  ContractEnded,
  ContractRenewed,
  SupportTicketClosed,
  SupportTicketOpened,
  SurveyAnswered,
  UsageRecorded,
} from './events.js';
import { localDayStart } from './milestones.js';
import { MAX_PERSON_FEATURES } from './person-usage.js';
import { insertSorted, wouldChange } from './sorted-strings.js';
import {
  type AccountProfile,
  type AccountState,
  blankContact,
  type ContactState,
  type ContractEnding,
  type ContractRenewal,
  type Stamp,
} from './state.js';
import { addCalendarDays, localDate, toIso, toMs } from './time.js';
import type { TicketFacts } from './voice.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
export type ContactDraft = Mutable<ContactState>;

/**
 * What one event did to the draft: `changed`, or nothing because the state held it already
 * (`duplicate`: the very fact, same stamp or same instant) or held something newer (`stale`).
 */
export type EventEffect = 'changed' | 'duplicate' | 'stale';

/** An upsert or removal that lost to the stamp held: the same stamp is a redelivery, an older one is stale. */
export function stampEffect(stamp: Stamp, held: Stamp | null): 'duplicate' | 'stale' {
  return held !== null && held.at === stamp.at && held.eventId === stamp.eventId ? 'duplicate' : 'stale';
}

/** Usage seen before the time zone is known is kept at this grain (every zone offset is a multiple of it). */
const QUARTER_HOUR_MS = 15 * 60_000;
/** Bound on pending usage keys, so an account whose profile never arrives cannot grow without end. */
export const MAX_PENDING_USAGE = 1_000;

export interface AccountDraft {
  readonly base: AccountState;
  /** Distinct local days of activity kept, counted back from the latest day present. */
  readonly retentionDays: number;
  readonly dayLimits: ReadonlyMap<string, number>;
  /** The actions of the program's features: a person's first use of each is kept on the contact. */
  readonly featureActions: ReadonlySet<string>;
  profile: AccountProfile | null;
  profileStamp: Stamp | null;
  completedAt: string | null;
  lastEventAt: string | null;
  /** Contacts changed by this batch (copies of the stored ones, or new placeholders). */
  readonly contacts: Map<string, ContactDraft>;
  /** The days whose contact lists this batch changed (its own copies); the rest are the base's. */
  activeDays: Map<string, string[]> | null;
  /** The base's days: in day order (as this code writes them), and the earliest and latest of them. */
  readonly baseDays: { readonly inOrder: boolean; readonly earliest: string | null; readonly latest: string | null };
  latestDay: string | null;
  oldestKeptDay: string | null;
  actionDays: Record<string, readonly string[]> | null;
  /** The days whose action counts this batch changed (see action-counts.ts); the rest are the base's. */
  actionCounts: Map<string, string[]> | null;
  readonly ownActions: Set<string>;
  actionsFirstSeen: Record<string, string> | null;
  pending: string[] | null;
  /** The latest `Contract Renewed` and `Contract Ended` known, the batch's included. */
  renewed: ContractRenewal | undefined;
  ended: ContractEnding | undefined;
  /** The tickets this batch changed (its own copies); the rest are the base's. */
  tickets: Map<string, TicketFacts> | null;
}

export function startDraft(
  state: AccountState,
  retentionDays: number,
  dayLimits: ReadonlyMap<string, number>,
  featureActions: ReadonlySet<string> = new Set(),
): AccountDraft {
  let latestDay: string | null = null;
  let earliest: string | null = null;
  let inOrder = true;
  for (const day in state.activeDays) {
    if (latestDay === null) earliest = day;
    else if (day <= latestDay) inOrder = false;
    if (latestDay === null || day > latestDay) latestDay = day;
  }
  return {
    base: state,
    retentionDays,
    dayLimits,
    featureActions,
    profile: state.profile,
    profileStamp: state.profileStamp,
    completedAt: state.onboardingCompletedAt,
    lastEventAt: state.lastEventAt,
    contacts: new Map(),
    activeDays: null,
    baseDays: { inOrder, earliest: inOrder ? earliest : null, latest: latestDay },
    latestDay,
    oldestKeptDay: latestDay === null ? null : addCalendarDays(latestDay, 1 - retentionDays),
    actionDays: null,
    actionCounts: null,
    ownActions: new Set(),
    actionsFirstSeen: null,
    pending: null,
    renewed: state.contract?.renewed,
    ended: state.contract?.ended,
    tickets: null,
  };
}

/** Last writer wins: the later event time, then the larger event id, so ties resolve the same everywhere. */
export function isNewer(stamp: Stamp, than: Stamp | null): boolean {
  return than === null || stamp.at > than.at || (stamp.at === than.at && stamp.eventId > than.eventId);
}

/** Keeps the renewal when it is the latest (by `renewedAt`, then event id): it starts the current term. */
export function renewContract(draft: AccountDraft, detail: ContractRenewed, eventId: string): EventEffect {
  const stamp = { at: detail.renewedAt, eventId };
  const held = draft.renewed === undefined ? null : { at: draft.renewed.at, eventId: draft.renewed.eventId };
  if (!isNewer(stamp, held)) return stampEffect(stamp, held);
  draft.renewed = {
    ...stamp,
    renewalDate: detail.renewalDate,
    ...(detail.arr === undefined ? {} : { arr: detail.arr }),
    ...(detail.currency === undefined ? {} : { currency: detail.currency }),
  };
  return 'changed';
}

/** Keeps the ending when it is the latest (by `endedAt`, then event id). */
export function endContract(draft: AccountDraft, detail: ContractEnded, eventId: string): EventEffect {
  const stamp = { at: detail.endedAt, eventId };
  const held = draft.ended === undefined ? null : { at: draft.ended.at, eventId: draft.ended.eventId };
  if (!isNewer(stamp, held)) return stampEffect(stamp, held);
  draft.ended = { ...stamp, ...(detail.reason === undefined ? {} : { reason: detail.reason }) };
  return 'changed';
}

function placeholder(contactId: string, seenAt: string): ContactDraft {
  return { ...blankContact(contactId, seenAt) };
}

/** The batch's copy of a contact (created as a placeholder when unknown), seen at `seenAt`. */
function draftContact(draft: AccountDraft, contactId: string, seenAt: string): ContactDraft {
  let contact = draft.contacts.get(contactId);
  if (contact === undefined) {
    const stored = draft.base.contacts[contactId];
    contact = stored === undefined ? placeholder(contactId, seenAt) : { ...stored };
    draft.contacts.set(contactId, contact);
  }
  if (seenAt < contact.firstSeenAt) contact.firstSeenAt = seenAt;
  return contact;
}

/** True when an event at `at` about the contact is its first sighting, or an earlier one. */
function movesFirstSeen(draft: AccountDraft, contactId: string, at: string): boolean {
  const known = draft.contacts.get(contactId) ?? draft.base.contacts[contactId];
  return known === undefined || at < known.firstSeenAt;
}

export function upsertContact(draft: AccountDraft, detail: ContactUpserted, stamp: Stamp): EventEffect {
  const seenEarlier = movesFirstSeen(draft, detail.contactId, stamp.at);
  const contact = draftContact(draft, detail.contactId, stamp.at);
  const roleFact = noteRoleStatement(contact, detail.role, stamp.at);
  if (!isNewer(stamp, contact.stamp)) return seenEarlier || roleFact ? 'changed' : stampEffect(stamp, contact.stamp);
  contact.stamp = stamp;
  contact.removed = false;
  contact.email = detail.email;
  contact.name = detail.name;
  contact.role = detail.role;
  contact.locale = detail.locale ?? null;
  if (detail.timeZone === undefined) delete contact.timeZone;
  else contact.timeZone = detail.timeZone;
  return 'changed';
}

/** Times an owner or admin statement is kept for, above the latest member statement (the earliest ones). */
export const MAX_KEY_STATEMENTS = 4;

/**
 * Keeps what a promotion is judged by, apart from the details so the order of upserts does not
 * matter: the latest time the person was stated a member (a maximum), and the earliest times after
 * it they were stated owner or admin (the first of them is the promotion). True when either moved.
 */
function noteRoleStatement(contact: ContactDraft, role: ContactUpserted['role'], at: string): boolean {
  const memberUntil = contact.memberUntil;
  if (role === 'member') {
    if (memberUntil !== undefined && at <= memberUntil) return false;
    contact.memberUntil = at;
    const later = contact.keyStatedAt?.filter((t) => t > at);
    if (later !== undefined) contact.keyStatedAt = later.length > 0 ? later : undefined;
    return true;
  }
  if (memberUntil !== undefined && at <= memberUntil) return false;
  const held = contact.keyStatedAt ?? [];
  if (held.includes(at)) return false;
  if (held.length >= MAX_KEY_STATEMENTS && at > (held[held.length - 1] as string)) return false;
  contact.keyStatedAt = [...held, at].sort().slice(0, MAX_KEY_STATEMENTS);
  return true;
}

/**
 * The basis a contact upsert states is kept by its own stamp (its `at`, then the event id), apart
 * from the contact's details: an upsert that states none leaves the known basis as it is, so the
 * outcome does not depend on the order of upserts. A removal keeps it too: the record of it is owed
 * for a while after the person leaves.
 */
export function stateConsent(draft: AccountDraft, detail: ContactUpserted, stamp: Stamp): boolean {
  if (detail.consent === undefined) return false;
  const contact = draftContact(draft, detail.contactId, stamp.at);
  const known = contact.consent;
  const next = { at: detail.consent.at, eventId: stamp.eventId };
  if (known !== undefined && !isNewer(next, { at: known.at, eventId: known.eventId })) return false;
  contact.consent = { ...detail.consent, eventId: stamp.eventId };
  return true;
}

/**
 * A removal wins over older upserts and drops the person's details (email, name, role, locale, zone):
 * that keeps the outcome independent of order (an upsert older than the removal changes nothing
 * either way) and keeps no personal data of people who left. Usage and touch history stay.
 */
export function removeContact(draft: AccountDraft, detail: ContactRemoved, stamp: Stamp): EventEffect {
  const seenEarlier = movesFirstSeen(draft, detail.contactId, stamp.at);
  const contact = draftContact(draft, detail.contactId, stamp.at);
  if (!isNewer(stamp, contact.stamp)) return seenEarlier ? 'changed' : stampEffect(stamp, contact.stamp);
  contact.stamp = stamp;
  contact.removed = true;
  contact.email = null;
  contact.name = null;
  contact.role = null;
  contact.locale = null;
  delete contact.timeZone;
  // Survey answers (and their comments) are the person's own words: they go with the person.
  dropAnswersUpTo(contact, stamp.at);
  return 'changed';
}

function dropAnswersUpTo(contact: ContactDraft, at: string): void {
  if (contact.surveys === undefined) return;
  const kept = Object.fromEntries(Object.entries(contact.surveys).filter(([, answer]) => answer.at > at));
  if (Object.keys(kept).length === 0) delete contact.surveys;
  else contact.surveys = kept;
}

/**
 * Keeps the answer when it is the person's latest to that survey (by `answeredAt`, then event id).
 * An answer given before the person's removal is dropped (the removal erased their answers).
 */
export function recordAnswer(
  draft: AccountDraft,
  detail: SurveyAnswered,
  eventId: string,
  seenAt: string,
): EventEffect {
  const known = draft.contacts.get(detail.contactId) ?? draft.base.contacts[detail.contactId];
  if (known?.removed === true && known.stamp !== null && detail.answeredAt <= known.stamp.at) return 'stale';
  const held = known?.surveys?.[detail.survey];
  const stamp = { at: detail.answeredAt, eventId };
  if (held !== undefined && !isNewer(stamp, { at: held.at, eventId: held.eventId }))
    return stampEffect(stamp, { at: held.at, eventId: held.eventId });
  const contact = draftContact(draft, detail.contactId, seenAt);
  contact.surveys = {
    ...contact.surveys,
    [detail.survey]: {
      score: detail.score,
      at: detail.answeredAt,
      eventId,
      channel: detail.channel,
      ...(detail.comment === undefined ? {} : { comment: detail.comment }),
      ...(detail.surveyId === undefined ? {} : { surveyId: detail.surveyId }),
    },
  };
  return 'changed';
}

function draftTicket(draft: AccountDraft, ticketId: string): TicketFacts | undefined {
  return draft.tickets?.get(ticketId) ?? draft.base.support?.[ticketId];
}

function setTicket(draft: AccountDraft, ticketId: string, ticket: TicketFacts): void {
  draft.tickets ??= new Map();
  draft.tickets.set(ticketId, ticket);
}

/** Keeps the ticket's latest opening (by `openedAt`, then event id) with its priority, sentiment and contact. */
export function openTicket(draft: AccountDraft, detail: SupportTicketOpened, eventId: string): EventEffect {
  const held = draftTicket(draft, detail.ticketId);
  const stamp = { at: detail.openedAt, eventId };
  const heldStamp = held?.openedAt === undefined ? null : { at: held.openedAt, eventId: held.openedBy ?? '' };
  if (!isNewer(stamp, heldStamp)) return stampEffect(stamp, heldStamp);
  setTicket(draft, detail.ticketId, {
    ...(held?.closedAt === undefined ? {} : { closedAt: held.closedAt }),
    openedAt: detail.openedAt,
    openedBy: eventId,
    priority: detail.priority,
    ...(detail.sentiment === undefined ? {} : { sentiment: detail.sentiment }),
    ...(detail.contactId === undefined ? {} : { contactId: detail.contactId }),
  });
  return 'changed';
}

/** Keeps the ticket's latest closing (a maximum); a closing before its opening arrives is kept for it. */
export function closeTicket(draft: AccountDraft, detail: SupportTicketClosed): EventEffect {
  const held = draftTicket(draft, detail.ticketId);
  if (held?.closedAt !== undefined && held.closedAt >= detail.closedAt)
    return held.closedAt === detail.closedAt ? 'duplicate' : 'stale';
  setTicket(draft, detail.ticketId, { ...held, closedAt: detail.closedAt });
  return 'changed';
}

function quarterStart(at: string): string {
  return toIso(Math.floor(toMs(at) / QUARTER_HOUR_MS) * QUARTER_HOUR_MS);
}

/**
 * What a last-seen time (a contact's `lastActiveAt`, the account's `lastEventAt`) keeps of an instant:
 * the start of its local day in the account's zone, so later events that day change nothing and cost
 * no write. While the zone is unknown, the start of its UTC quarter-hour, which fixes the local day
 * in every zone: settleLastSeen turns it into the day's start once the profile arrives.
 */
export function lastSeenOf(at: string, timeZone: string | null): string {
  return timeZone === null ? quarterStart(at) : localDayStart(localDate(at, timeZone), timeZone);
}

/**
 * Once the zone is known, last-seen times kept at the quarter-hour become day starts, as if the
 * profile had come first. True when one moved.
 */
export function settleLastSeen(draft: AccountDraft, timeZone: string): boolean {
  let moved = false;
  if (draft.lastEventAt !== null) {
    const latest = lastSeenOf(draft.lastEventAt, timeZone);
    moved = latest !== draft.lastEventAt;
    draft.lastEventAt = latest;
  }
  for (const id in draft.base.contacts) {
    const stored = draft.base.contacts[id] as ContactState;
    if (stored.lastActiveAt === null) continue;
    const seen = lastSeenOf(stored.lastActiveAt, timeZone);
    if (seen === stored.lastActiveAt) continue;
    draftContact(draft, id, stored.firstSeenAt).lastActiveAt = seen;
    moved = true;
  }
  return moved;
}

/** Records one usage event. `timeZone` is null while the profile is unknown: days then wait in `pending`. */
/**
 * Applies one usage event (`eventId` keys its actions, so a redelivery counts them once; usage that
 * waits for the time zone keeps its key and count in its pending entry).
 */
export function recordUsage(
  draft: AccountDraft,
  usage: UsageRecorded,
  timeZone: string | null,
  eventId: string,
): EventEffect {
  const at = usage.occurredAt;
  const day = timeZone === null ? null : localDate(at, timeZone);
  const quarter = timeZone === null ? quarterStart(at) : null;
  let changed = noteActivity(
    draft,
    usage.contactId,
    at,
    day === null ? (quarter as string) : localDayStart(day, timeZone as string),
  );

  if (draft.featureActions.has(usage.action) && notePersonFeature(draft, usage.contactId, usage.action, at))
    changed = true;

  const seen = (draft.actionsFirstSeen ?? draft.base.actionsFirstSeen)[usage.action];
  if (seen === undefined || at < seen) {
    draft.actionsFirstSeen ??= { ...draft.base.actionsFirstSeen };
    draft.actionsFirstSeen[usage.action] = at;
    changed = true;
  }

  const counted = `${actionEventKey(eventId)}:${usage.count}`;
  if (day === null) {
    if (addPending(draft, `${quarter}|${usage.contactId}|${usage.action}|${counted}`)) changed = true;
    return changed ? 'changed' : usageHeld(draft, usage.contactId, at, null);
  }
  if (addActiveDay(draft, day, usage.contactId)) changed = true;
  if (addActionDay(draft, usage.action, day)) changed = true;
  if (addActionCount(draft, day, counted)) changed = true;
  return changed ? 'changed' : usageHeld(draft, usage.contactId, at, day);
}

/** Keeps the person's first use of a feature action (a minimum); true when it moved. */
function notePersonFeature(draft: AccountDraft, contactId: string, action: string, at: string): boolean {
  const known = (draft.contacts.get(contactId) ?? draft.base.contacts[contactId])?.featuresFirstUsed;
  const first = known?.[action];
  if (first !== undefined && first <= at) return false;
  // Bounded: a program has at most MAX_PERSON_FEATURES features, so only a program edit that swapped
  // them all could add more; then the ones beyond the bound are not kept.
  if (first === undefined && known !== undefined && Object.keys(known).length >= MAX_PERSON_FEATURES) return false;
  const contact = draftContact(draft, contactId, at);
  contact.featuresFirstUsed = { ...contact.featuresFirstUsed, [action]: at };
  return true;
}

/**
 * Usage that added nothing: on a day older than the kept window, or on a day before the contact's
 * latest active day, it is stale; on a day already recorded for the person and the action, it is the
 * same fact again (a duplicate), whether or not it is the very same event.
 */
function usageHeld(draft: AccountDraft, contactId: string, at: string, day: string | null): 'duplicate' | 'stale' {
  if (day !== null && draft.oldestKeptDay !== null && day < draft.oldestKeptDay) return 'stale';
  const lastActiveAt = (draft.contacts.get(contactId) ?? draft.base.contacts[contactId])?.lastActiveAt ?? null;
  return lastActiveAt !== null && at < lastActiveAt ? 'stale' : 'duplicate';
}

/**
 * Notes the contact's activity at `at`, last seen at `seen` (see lastSeenOf); true when its first
 * sighting or its last-seen day moved (or it is new).
 */
function noteActivity(draft: AccountDraft, contactId: string, at: string, seen: string): boolean {
  let contact = draft.contacts.get(contactId);
  let changed = false;
  if (contact === undefined) {
    const stored = draft.base.contacts[contactId];
    // Usage on a day already seen changes nothing: skip the copy.
    if (stored !== undefined && stored.firstSeenAt <= at && stored.lastActiveAt !== null && stored.lastActiveAt >= seen)
      return false;
    changed = stored === undefined || at < stored.firstSeenAt;
    contact = draftContact(draft, contactId, at);
  } else if (at < contact.firstSeenAt) {
    contact.firstSeenAt = at;
    changed = true;
  }
  if (contact.lastActiveAt === null || seen > contact.lastActiveAt) {
    contact.lastActiveAt = seen;
    changed = true;
  }
  return changed;
}

function addActiveDay(draft: AccountDraft, day: string, contactId: string): boolean {
  // Older than the kept window: it would be pruned at the end anyway.
  if (draft.oldestKeptDay !== null && day < draft.oldestKeptDay) return false;
  let own = draft.activeDays?.get(day);
  const ids = own ?? draft.base.activeDays[day];
  if (ids !== undefined && !wouldChange(ids, contactId)) return false;
  if (own === undefined) {
    own = ids === undefined ? [] : ids.slice();
    draft.activeDays ??= new Map();
    draft.activeDays.set(day, own);
  }
  insertSorted(own, contactId);
  if (draft.latestDay === null || day > draft.latestDay) {
    draft.latestDay = day;
    draft.oldestKeptDay = addCalendarDays(day, 1 - draft.retentionDays);
  }
  return true;
}

/** Adds one event's `<key>:<count>` to its day's action counts; true when they changed. */
function addActionCount(draft: AccountDraft, day: string, counted: string): boolean {
  if (draft.oldestKeptDay !== null && day < draft.oldestKeptDay) return false;
  const held = draft.actionCounts?.get(day) ?? draft.base.actionCounts?.[day];
  const [key, count] = counted.split(':') as [string, string];
  const next = withActionEvent(held, key, Number(count));
  if (next === null) return false;
  draft.actionCounts ??= new Map();
  draft.actionCounts.set(day, next);
  return true;
}

function addActionDay(draft: AccountDraft, action: string, day: string): boolean {
  const limit = draft.dayLimits.get(action) ?? 1;
  const lists = draft.actionDays ?? draft.base.actionDays;
  const days = lists[action];
  if (!wouldChange(days, day, limit)) return false;
  draft.actionDays ??= { ...draft.base.actionDays };
  let own = days;
  if (!draft.ownActions.has(action)) {
    own = days === undefined ? [] : days.slice();
    draft.actionDays[action] = own;
    draft.ownActions.add(action);
  }
  insertSorted(own as string[], day, limit);
  return true;
}

function addPending(draft: AccountDraft, key: string): boolean {
  const stored = draft.pending ?? draft.base.pendingUsage ?? [];
  if (!wouldChange(stored, key, MAX_PENDING_USAGE)) return false;
  draft.pending ??= stored.slice();
  insertSorted(draft.pending, key, MAX_PENDING_USAGE);
  return true;
}

/** Moves usage that waited for the time zone into the day-keyed facts; true when there was any. */
export function foldPending(draft: AccountDraft, timeZone: string): boolean {
  const pending = draft.pending ?? draft.base.pendingUsage ?? [];
  if (pending.length === 0) return false;
  for (const key of pending) {
    // Keys held before actions were counted have no fourth part: their usage counts as activity only.
    const [quarter, contactId, action, counted] = key.split('|') as [string, string, string, string?];
    const day = localDate(quarter, timeZone);
    addActiveDay(draft, day, contactId);
    addActionDay(draft, action, day);
    if (counted !== undefined) addActionCount(draft, day, counted);
  }
  draft.pending = [];
  return true;
}
