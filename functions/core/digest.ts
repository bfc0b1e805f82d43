// The daily digest to each CS owner: their own accounts only (matched by the owner's email, case
// insensitive), what needs them (their items of the work queue, ranked as `teichaku queue` ranks the
// whole queue) and what changed in the last 24 hours. Pure: read from account states at `now`.
//
// What changed is read from the times the state records, nothing else:
// - opened: a signal case raised (`raisedAt`), or a queue item whose start falls in the window (a key
//   contact change, a detractor's answer, a low-touch moment);
// - acknowledged, resolved: the latest handling of each case (`acknowledged.at`, `resolved.at`);
// - recovered: `Account Recovered` answering the at-risk case (`recoveredAt`);
// - phase changed: `phaseChangedAt` with the phase it moved to (the phase it left is not kept); a
//   move to `renewal` is told as the renewal entering its window, with the renewal date.
// Health score changes and support tickets keep no time of change: they are left out, not guessed.
//
// An owner with nothing needing them and nothing changed gets no digest: a daily "all quiet" mail
// teaches people to stop reading the one that matters.
import { contractOf } from './contract.js';
import type { CsOwner, Locale } from './events.js';
import type { Program } from './program.js';
import type { Programs } from './programs.js';
import { HANDLED_SIGNAL_TYPES, type HandledSignalType } from './signals.js';
import type { AccountState, Phase } from './state.js';
import { DAY_MS, toIso, toMs } from './time.js';
import { openDetractors } from './voice.js';
import { accountQueueItems, type QueueItem, type QueueReason, rankQueue } from './work-queue.js';

/** Items listed per part of one digest; the rest is counted ("and K more"). */
export const DIGEST_MAX_ITEMS = 50;
/** How far back "what changed" looks. */
export const DIGEST_WINDOW_MS = DAY_MS;

/** One item of the work queue that needs the owner. */
export interface DigestNeed {
  readonly accountId: string;
  readonly accountName: string | null;
  readonly reason: QueueReason;
  readonly status: QueueItem['status'];
  readonly acknowledgedBy: string | null;
  /** The play's step in the digest's language; null when the program has no play for it. */
  readonly play: string | null;
  /** Whole days since the case opened. */
  readonly daysOpen: number;
  /** The play's deadline (`YYYY-MM-DD`, UTC): the case's start plus the play's `withinDays`. */
  readonly dueBy: string | null;
  readonly score: number;
  /** Detractor only: whether an open answer carries a comment (its text stays out of the digest). */
  readonly commented: boolean;
}

export type DigestChangeKind =
  | 'opened'
  | 'acknowledged'
  | 'resolved'
  | 'recovered'
  | 'phase-changed'
  | 'renewal-window';

export interface DigestChange {
  readonly kind: DigestChangeKind;
  readonly accountId: string;
  readonly accountName: string | null;
  readonly at: string;
  /** What opened, was acknowledged or resolved; null for recoveries and phase changes. */
  readonly reason: QueueReason | null;
  /** Who acknowledged or resolved it. */
  readonly by: string | null;
  /** The phase moved to (phase changes). */
  readonly phase: Phase | null;
  /** The renewal date (a renewal entering its window). */
  readonly renewalDate: string | null;
}

export interface OwnerDigest {
  readonly owner: CsOwner;
  readonly locale: Locale;
  /** The window of "what changed": (since, now]. */
  readonly since: string;
  readonly now: string;
  /** The owner's accounts read. */
  readonly accounts: number;
  readonly needs: readonly DigestNeed[];
  readonly moreNeeds: number;
  readonly changes: readonly DigestChange[];
  readonly moreChanges: number;
}

/** What one account gives the digests: its owner, its queue items (unscored) and its changes. */
export interface AccountDigestPart {
  readonly ownerKey: string | null;
  readonly owner: CsOwner | null;
  readonly accountId: string;
  readonly items: readonly QueueItem[];
  readonly commented: boolean;
  readonly changes: readonly DigestChange[];
}

export interface DigestOptions {
  readonly locale: Locale;
  readonly maxItems?: number;
}

/** The owner's key: the address in lower case (the same person, whatever the product's spelling). */
export function ownerKeyOf(owner: CsOwner): string {
  return owner.email.toLowerCase();
}

function reasonKey(r: QueueReason): string {
  return r.kind === 'signal' ? r.signalType : `${r.moment}-${r.day}`;
}

function inWindow(at: string | undefined | null, now: string): at is string {
  if (at === undefined || at === null) return false;
  const ms = toMs(at);
  return ms > toMs(now) - DIGEST_WINDOW_MS && ms <= toMs(now);
}

function changesOf(state: AccountState, items: readonly QueueItem[], now: string): DigestChange[] {
  const base = { accountId: state.accountId, accountName: state.profile?.name ?? null };
  const none = { reason: null, by: null, phase: null, renewalDate: null };
  const out: DigestChange[] = [];
  const opened = new Set<string>();
  const signal = (signalType: HandledSignalType): QueueReason => ({ kind: 'signal', signalType });
  for (const type of HANDLED_SIGNAL_TYPES) {
    const c = state.signalCases?.[type];
    if (c === undefined) continue;
    if (inWindow(c.raisedAt, now)) {
      opened.add(type);
      out.push({ ...base, ...none, kind: 'opened', at: c.raisedAt, reason: signal(type) });
    }
    if (inWindow(c.acknowledged?.at, now))
      out.push({
        ...base,
        ...none,
        kind: 'acknowledged',
        at: c.acknowledged.at,
        reason: signal(type),
        by: c.acknowledged.by,
      });
    if (inWindow(c.resolved?.at, now))
      out.push({ ...base, ...none, kind: 'resolved', at: c.resolved.at, reason: signal(type), by: c.resolved.by });
    if (type === 'Account At Risk' && inWindow(c.recoveredAt, now))
      out.push({ ...base, ...none, kind: 'recovered', at: c.recoveredAt });
  }
  // Items the engine keeps no case for (a key contact change, a detractor, a low-touch moment).
  for (const item of items) {
    const key = reasonKey(item.reason);
    if (opened.has(key) || !inWindow(item.since, now)) continue;
    opened.add(key);
    out.push({ ...base, ...none, kind: 'opened', at: item.since, reason: item.reason });
  }
  if (inWindow(state.phaseChangedAt, now)) {
    const renewalDate = contractOf(state)?.renewalDate ?? null;
    out.push(
      state.phase === 'renewal'
        ? { ...base, ...none, kind: 'renewal-window', at: state.phaseChangedAt, renewalDate }
        : { ...base, ...none, kind: 'phase-changed', at: state.phaseChangedAt, phase: state.phase },
    );
  }
  return out;
}

/**
 * What one account gives the digests at `now`. Accounts without a CS owner still give their queue
 * items: the queue's value part compares `arr` across the whole queue, as `teichaku queue` does.
 */
export function accountDigestPart(state: AccountState, programs: Program | Programs, now: string): AccountDigestPart {
  const owner = state.profile?.csOwner ?? null;
  // The last touches are not shown: drop them, so a run over a large table keeps little per item.
  const items = accountQueueItems(state, programs, now).map((i) => ({ ...i, lastTouches: [] }));
  return {
    ownerKey: owner === null ? null : ownerKeyOf(owner),
    owner,
    accountId: state.accountId,
    items,
    commented: openDetractors(state).some((d) => (d.answer.comment ?? '') !== ''),
    changes: owner === null ? [] : changesOf(state, items, now),
  };
}

function needOf(item: QueueItem, locale: Locale, now: string, commented: boolean): DigestNeed {
  const withinDays = item.play?.withinDays;
  return {
    accountId: item.accountId,
    accountName: item.accountName,
    reason: item.reason,
    status: item.status,
    acknowledgedBy: item.acknowledgedBy,
    play: item.play === null ? null : item.play.do[locale],
    daysOpen: Math.max(0, Math.floor((toMs(now) - toMs(item.since)) / DAY_MS)),
    dueBy: withinDays === undefined ? null : toIso(toMs(item.since) + withinDays * DAY_MS).slice(0, 10),
    score: item.score,
    commented: item.reason.kind === 'signal' && item.reason.signalType === 'Detractor' && commented,
  };
}

function byTimeThenAccount(a: DigestChange, b: DigestChange): number {
  if (a.at !== b.at) return a.at > b.at ? -1 : 1;
  return a.accountId < b.accountId
    ? -1
    : a.accountId > b.accountId
      ? 1
      : a.kind < b.kind
        ? -1
        : a.kind > b.kind
          ? 1
          : 0;
}

/**
 * One digest per CS owner with something to say, in the order of their addresses. The parts may come
 * in any order (a parallel scan): the result is the same.
 */
export function buildDigests(parts: Iterable<AccountDigestPart>, now: string, options: DigestOptions): OwnerDigest[] {
  const max = options.maxItems ?? DIGEST_MAX_ITEMS;
  const owners = new Map<
    string,
    { owner: CsOwner; ownerAccountId: string; accounts: number; changes: DigestChange[] }
  >();
  const items: QueueItem[] = [];
  const commented = new Set<string>();
  for (const part of parts) {
    items.push(...part.items);
    if (part.ownerKey === null || part.owner === null) continue;
    if (part.commented) commented.add(part.accountId);
    const held = owners.get(part.ownerKey);
    if (held === undefined) {
      owners.set(part.ownerKey, {
        owner: part.owner,
        ownerAccountId: part.accountId,
        accounts: 1,
        changes: [...part.changes],
      });
      continue;
    }
    held.accounts += 1;
    held.changes.push(...part.changes);
    // The name shown is the one on the owner's first account by id, whatever order the parts came in.
    if (part.accountId < held.ownerAccountId) {
      held.owner = part.owner;
      held.ownerAccountId = part.accountId;
    }
  }
  const needs = new Map<string, DigestNeed[]>();
  for (const item of rankQueue(items, now)) {
    if (item.csOwner === null) continue;
    const key = ownerKeyOf(item.csOwner);
    const list = needs.get(key) ?? [];
    list.push(needOf(item, options.locale, now, commented.has(item.accountId)));
    needs.set(key, list);
  }
  const digests: OwnerDigest[] = [];
  for (const key of [...owners.keys()].sort()) {
    const held = owners.get(key) as NonNullable<ReturnType<typeof owners.get>>;
    const ownNeeds = needs.get(key) ?? [];
    const changes = held.changes.sort(byTimeThenAccount);
    if (ownNeeds.length === 0 && changes.length === 0) continue;
    digests.push({
      owner: { name: held.owner.name, email: held.owner.email },
      locale: options.locale,
      since: toIso(toMs(now) - DIGEST_WINDOW_MS),
      now,
      accounts: held.accounts,
      needs: ownNeeds.slice(0, max),
      moreNeeds: Math.max(0, ownNeeds.length - max),
      changes: changes.slice(0, max),
      moreChanges: Math.max(0, changes.length - max),
    });
  }
  return digests;
}

/** The digests of these account states at `now` (tests and small runs; large ones fold parts as they scan). */
export function digestsOf(
  states: Iterable<AccountState>,
  programs: Program | Programs,
  now: string,
  options: DigestOptions,
): OwnerDigest[] {
  const parts: AccountDigestPart[] = [];
  for (const state of states) parts.push(accountDigestPart(state, programs, now));
  return buildDigests(parts, now, options);
}
