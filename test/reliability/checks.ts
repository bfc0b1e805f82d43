// What the properties assert, as functions from a run's observations to its violations (empty when
// the property holds), so a failure prints exactly what went wrong.

import type { LedgerEntry } from '../../functions/adapters/memory/touch-ledger.js';
import type { Signal } from '../../functions/core/signals.js';
import type { AccountState } from '../../functions/core/state.js';
import { decodeTagValue } from '../../functions/core/touch-tags.js';
import type { AcceptedEmail } from '../fixtures/faults.js';
import type { MetricRecord } from './invocations.js';

const touchOf = (email: AcceptedEmail) => decodeTagValue(email.tags.touch ?? '');

/** Touch ids SES accepted more than once. */
export function sentTwice(accepted: readonly AcceptedEmail[]): string[] {
  const seen = new Map<string, number>();
  for (const email of accepted) seen.set(touchOf(email), (seen.get(touchOf(email)) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id} accepted ${n} times`);
}

/** Emails SES accepted for an address after its person unsubscribed, bounced, complained or was removed. */
export function sentAfterNo(accepted: readonly AcceptedEmail[], stops: ReadonlyMap<string, number>): string[] {
  return accepted.flatMap((email) =>
    email.to
      .filter((to) => (stops.get(to) ?? Number.POSITIVE_INFINITY) < email.seq)
      .map((to) => `${touchOf(email)} to ${to} (#${email.seq}, no since #${stops.get(to)})`),
  );
}

/** JSON with object keys sorted: a stored map has no order (DynamoDB gives its own back). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** States as stored, without the store's version (concurrent writers raise it, not the content). */
export function contentOf(states: readonly AccountState[]): string[] {
  return states.map((s) => canonical({ ...s, version: 0 }));
}

export interface LostSendAudit {
  /** SES accepted it and the ledger never recorded its message id. */
  readonly lost: ReadonlySet<string>;
  /** Marked `unconfirmed` in the ledger. */
  readonly unconfirmed: ReadonlySet<string>;
  readonly signalled: ReadonlySet<string>;
  readonly counted: ReadonlySet<string>;
  /** Claims nobody ever settled (sent, skipped, failed, unconfirmed). */
  readonly open: readonly string[];
  readonly problems: readonly string[];
}

/**
 * Every lost send is marked `unconfirmed`, signalled and counted; nothing else is, except claims
 * taken just before the sender died (no email left, but nobody can know that); no claim stays open.
 */
export function auditLostSends(
  accepted: readonly AcceptedEmail[],
  ledger: readonly LedgerEntry[],
  signals: readonly Signal[],
  metrics: readonly MetricRecord[],
): LostSendAudit {
  const byId = new Map(ledger.map((e) => [e.touch.touchId, e]));
  const lost = new Set(accepted.map(touchOf).filter((id) => byId.get(id)?.messageId === null));
  const unconfirmed = new Set(ledger.filter((e) => e.statuses.unconfirmed !== undefined).map((e) => e.touch.touchId));
  const signalled = new Set(signals.flatMap((s) => (s.type === 'Send Unconfirmed' ? [s.touchId] : [])));
  const counted = new Set(metrics.filter((m) => m.name === 'UnconfirmedSends').map((m) => m.touchId ?? '?'));
  const open = ledger.filter((e) => e.status === 'claimed').map((e) => e.touch.touchId);
  const problems: string[] = [];
  for (const id of lost)
    if (!unconfirmed.has(id)) problems.push(`${id}: accepted by SES, never recorded, not marked unconfirmed`);
  for (const id of unconfirmed) {
    const entry = byId.get(id);
    if (entry?.messageId !== null || entry.statuses.sent !== undefined)
      problems.push(`${id}: marked unconfirmed though its send was recorded`);
    if (!signalled.has(id)) problems.push(`${id}: unconfirmed but no Send Unconfirmed signal`);
    if (!counted.has(id)) problems.push(`${id}: unconfirmed but not counted in UnconfirmedSends`);
  }
  for (const id of signalled)
    if (!unconfirmed.has(id)) problems.push(`${id}: signalled as unconfirmed but not marked so`);
  for (const id of counted) if (!unconfirmed.has(id)) problems.push(`${id}: counted as unconfirmed but not marked so`);
  for (const id of open) problems.push(`${id}: claim left open`);
  return { lost, unconfirmed, signalled, counted, open, problems };
}
