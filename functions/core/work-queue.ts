// The work queue: the accounts that need a person now, each with the reason, the last touches and the
// play, ranked. Pure: read from account states (a run's accounts.jsonl, or the deployed table) at
// `now`, with the programs the accounts follow.
//
// What puts an account in the queue:
// - a signal case that is open or acknowledged (signal-cases.ts) and still true: `Account At Risk`
//   while the account is at risk, `Onboarding Stalled` while it is still onboarding, `Phase Changed`
//   while it is expansion-ready (for `plays.expansionReadyDays` after it became one), any other type
//   raised by the engine as long as it is not resolved;
// - `Detractor` and `Support Surge`, raised at ingest where no case is kept, read from the stored
//   answers (an open detractor) and ticket openings (a surge going on, voice.ts `openSurge`);
// - `Key Contact Changed`, read from the contacts (a new owner or admin after onboarding, or no owner
//   left), for KEY_CHANGE_DAYS after the change, unless resolved since;
// - a `low`-touch account at one of its moments (program `lowTouch`): days after onboarding
//   completion, and days before the renewal date, for the moment play's `withinDays` (at least a week).
//
// The score (0–100) ranks them; each part is 0–1:
//   40 × risk      (100 − health score) / 100; an account never assessed counts 0.5
//   25 × value     arr / the largest arr in the queue in the same currency; no arr counts 0
//   20 × renewal   1 − days to renewal / 180, within 0–1 (a renewal past due counts 1; none counts 0)
//   15 × age       days since the case opened / 30, at most 1
// An acknowledged case (a person is on it) counts half, so what nobody has taken up comes first.
import { contractOf, isContractEnded } from './contract.js';
import type { CsOwner, HandledSignalType, TouchModel } from './events.js';
import { localDayStart } from './milestones.js';
import { acknowledgedDaysOf, expansionReadyDaysOf, lowTouchOf, type Play, type Program, playOf } from './program.js';
import { accountProgram, type Programs } from './programs.js';
import { type CaseStatus, caseStatus } from './signal-cases.js';
import { HANDLED_SIGNAL_TYPES } from './signals.js';
import type { AccountState, ContactState, Phase, SignalCase } from './state.js';
import { addCalendarDays, DAY_MS, localDate, toMs } from './time.js';
import { openDetractors, openSurge } from './voice.js';

/** A key contact change stays in the queue this many days unless resolved. */
export const KEY_CHANGE_DAYS = 30;
/** Last touches shown per item. */
export const LAST_TOUCHES = 3;
/** Score weights (sum 100); see the header. */
export const QUEUE_WEIGHTS = { risk: 40, value: 25, renewal: 20, age: 15 } as const;
const RENEWAL_HORIZON_DAYS = 180;
const AGE_FULL_DAYS = 30;
/** A low-touch moment stays in the queue at least this many days. */
const LOW_TOUCH_MIN_DAYS = 7;

export type QueueReason =
  | { readonly kind: 'signal'; readonly signalType: HandledSignalType }
  | { readonly kind: 'low-touch'; readonly moment: 'after-onboarding' | 'before-renewal'; readonly day: number };

export interface QueueItem {
  readonly accountId: string;
  readonly accountName: string | null;
  readonly csOwner: CsOwner | null;
  readonly touchModel: TouchModel | null;
  readonly phase: Phase;
  readonly reason: QueueReason;
  /** When the case opened (the signal was raised, the contact changed, the moment came). */
  readonly since: string;
  readonly status: Exclude<CaseStatus, 'resolved'>;
  /** Who acknowledged it, when it is acknowledged. */
  readonly acknowledgedBy: string | null;
  readonly play: Play | null;
  readonly health: number | null;
  readonly arr: { readonly arr: number; readonly currency: string } | null;
  readonly renewalDate: string | null;
  readonly daysToRenewal: number | null;
  readonly lastTouches: readonly { readonly at: string; readonly kind: string; readonly contactId: string }[];
  readonly score: number;
}

interface Candidate {
  readonly reason: QueueReason;
  readonly since: string;
  readonly status: Exclude<CaseStatus, 'resolved'>;
  readonly acknowledgedBy: string | null;
  readonly play: Play | null;
}

function isActiveOwner(c: ContactState): boolean {
  return !c.removed && c.role === 'owner';
}

/** When the account's key people last changed, as the contacts show it; null when they did not. */
export function keyContactChangedAt(state: AccountState): string | null {
  const contacts = Object.values(state.contacts);
  let latest: string | null = null;
  const later = (at: string | undefined) => {
    if (at !== undefined && (latest === null || at > latest)) latest = at;
  };
  // A new key person after onboarding (re-onboarding pending or done): first seen, or promoted.
  for (const c of contacts) {
    if (c.removed || c.reonboarding === 'none') continue;
    later(c.memberUntil !== undefined ? (c.keyStatedAt?.[0] ?? c.firstSeenAt) : c.firstSeenAt);
  }
  // No owner left where there was one.
  if (!contacts.some(isActiveOwner))
    for (const c of contacts) if (c.removed && c.role === 'owner') later(c.stamp?.at ?? undefined);
  return latest;
}

/** The case of a type with a raise read from the facts rather than kept. */
function derivedCase(c: SignalCase | undefined, raisedAt: string): SignalCase {
  return { ...c, raisedAt };
}

function stillTrue(type: HandledSignalType, state: AccountState): boolean {
  switch (type) {
    case 'Account At Risk':
      return state.health?.atRisk === true;
    case 'Onboarding Stalled':
      return state.phase === 'onboarding';
    case 'Phase Changed':
      return state.phase === 'expansion-ready';
    case 'Renewal Approaching':
      return state.phase === 'renewal';
    case 'Detractor':
      return openDetractors(state).length > 0;
    default:
      return true;
  }
}

/** An expansion-ready account leaves the queue `plays.expansionReadyDays` after it became one. */
function isExpansionReadyAged(c: SignalCase | undefined, program: Program, now: string): boolean {
  return c?.raisedAt !== undefined && toMs(now) >= toMs(c.raisedAt) + expansionReadyDaysOf(program) * DAY_MS;
}

function signalCandidates(state: AccountState, program: Program, now: string): Candidate[] {
  const days = acknowledgedDaysOf(program);
  const out: Candidate[] = [];
  for (const type of HANDLED_SIGNAL_TYPES) {
    let c = state.signalCases?.[type];
    if (type === 'Key Contact Changed') {
      const at = keyContactChangedAt(state);
      if (at === null || toMs(now) - toMs(at) >= KEY_CHANGE_DAYS * DAY_MS || at > now) continue;
      c = derivedCase(c, at);
    } else if (type === 'Detractor') {
      // Raised at ingest, where no case is kept: the latest open detractor answer is the raise.
      const open = openDetractors(state);
      const latest = open[open.length - 1];
      if (latest === undefined) continue;
      c = derivedCase(c, latest.answer.at);
    } else if (type === 'Support Surge') {
      const surge = openSurge(state.support, now);
      if (surge === null) continue;
      c = derivedCase(c, surge.since);
    } else if (!stillTrue(type, state)) continue;
    else if (type === 'Phase Changed' && isExpansionReadyAged(c, program, now)) continue;
    const status = caseStatus(c, now, days);
    if (status === null || status === 'resolved' || c?.raisedAt === undefined || c.raisedAt > now) continue;
    out.push({
      reason: { kind: 'signal', signalType: type },
      since: c.raisedAt,
      status,
      acknowledgedBy: status === 'acknowledged' ? (c.acknowledged?.by ?? null) : null,
      play: playOf(program, type),
    });
  }
  return out;
}

/** A `low`-touch account's moments that are on at `now`. */
function lowTouchCandidates(state: AccountState, program: Program, now: string): Candidate[] {
  const profile = state.profile;
  if (profile?.touchModel !== 'low') return [];
  const low = lowTouchOf(program);
  const spanMs = Math.max(low.play.withinDays, LOW_TOUCH_MIN_DAYS) * DAY_MS;
  const on = (at: string) => toMs(at) <= toMs(now) && toMs(now) < toMs(at) + spanMs;
  const out: Candidate[] = [];
  const completed = state.onboardingCompletedAt;
  if (completed !== null) {
    for (const day of low.playDays) {
      const at = new Date(toMs(completed) + day * DAY_MS).toISOString();
      if (on(at))
        out.push({
          reason: { kind: 'low-touch', moment: 'after-onboarding', day },
          since: at,
          status: 'open',
          acknowledgedBy: null,
          play: low.play,
        });
    }
  }
  const renewalDate = contractOf(state)?.renewalDate ?? null;
  if (renewalDate !== null) {
    const at = localDayStart(addCalendarDays(renewalDate, -low.beforeRenewalDays), profile.timeZone);
    if (on(at))
      out.push({
        reason: { kind: 'low-touch', moment: 'before-renewal', day: low.beforeRenewalDays },
        since: at,
        status: 'open',
        acknowledgedBy: null,
        play: low.play,
      });
  }
  return out;
}

function lastTouchesOf(state: AccountState): QueueItem['lastTouches'] {
  const all: { at: string; kind: string; contactId: string }[] = [];
  for (const c of Object.values(state.contacts))
    for (const t of c.touches) all.push({ at: t.at, kind: t.kind, contactId: c.contactId });
  all.sort((a, b) => (a.at > b.at ? -1 : a.at < b.at ? 1 : a.contactId < b.contactId ? -1 : 1));
  return all.slice(0, LAST_TOUCHES);
}

/** The items of one account at `now` (unscored: the value part needs the whole queue). */
export function accountQueueItems(state: AccountState, programs: Program | Programs, now: string): QueueItem[] {
  if (state.profile === null || isContractEnded(state)) return [];
  const program = accountProgram(state, programs);
  const candidates = [...signalCandidates(state, program, now), ...lowTouchCandidates(state, program, now)];
  if (candidates.length === 0) return [];
  const contract = contractOf(state);
  const renewalDate = contract?.renewalDate ?? null;
  const today = localDate(now, state.profile.timeZone);
  const daysToRenewal =
    renewalDate === null
      ? null
      : Math.round((Date.parse(`${renewalDate}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
  const lastTouches = lastTouchesOf(state);
  return candidates.map((c) => ({
    accountId: state.accountId,
    accountName: state.profile?.name ?? null,
    csOwner: state.profile?.csOwner ?? null,
    touchModel: state.profile?.touchModel ?? null,
    phase: state.phase,
    ...c,
    health: state.health?.score ?? null,
    arr: contract?.value ?? null,
    renewalDate,
    daysToRenewal,
    lastTouches,
    score: 0,
  }));
}

/** The item's score (0–100, one decimal) given the largest `arr` per currency in the queue. */
export function queueScore(item: QueueItem, now: string, largestArr: ReadonlyMap<string, number>): number {
  const risk = item.health === null ? 0.5 : (100 - item.health) / 100;
  const top = item.arr === null ? undefined : largestArr.get(item.arr.currency);
  const value = item.arr === null || top === undefined || top <= 0 ? 0 : item.arr.arr / top;
  const renewal =
    item.daysToRenewal === null ? 0 : Math.min(1, Math.max(0, 1 - item.daysToRenewal / RENEWAL_HORIZON_DAYS));
  const age = Math.min(1, Math.max(0, (toMs(now) - toMs(item.since)) / DAY_MS / AGE_FULL_DAYS));
  const w = QUEUE_WEIGHTS;
  const score = w.risk * risk + w.value * value + w.renewal * renewal + w.age * age;
  return Math.round(10 * (item.status === 'acknowledged' ? score / 2 : score)) / 10;
}

function reasonKey(r: QueueReason): string {
  return r.kind === 'signal' ? r.signalType : `${r.moment}-${r.day}`;
}

/** Scores and ranks the items: highest score first; ties by account, then reason. */
export function rankQueue(items: readonly QueueItem[], now: string): QueueItem[] {
  const largestArr = new Map<string, number>();
  for (const i of items)
    if (i.arr !== null) largestArr.set(i.arr.currency, Math.max(largestArr.get(i.arr.currency) ?? 0, i.arr.arr));
  return items
    .map((i) => ({ ...i, score: queueScore(i, now, largestArr) }))
    .sort(
      (a, b) =>
        b.score - a.score ||
        (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0) ||
        (reasonKey(a.reason) < reasonKey(b.reason) ? -1 : 1),
    );
}

/** The work queue of these accounts at `now`, ranked. */
export function workQueue(states: Iterable<AccountState>, programs: Program | Programs, now: string): QueueItem[] {
  const items: QueueItem[] = [];
  for (const state of states) items.push(...accountQueueItems(state, programs, now));
  return rankQueue(items, now);
}
