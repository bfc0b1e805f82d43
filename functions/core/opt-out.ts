// One opt-out, one entry: what the unsubscribe function needs to keep the compliance record free of
// repeats. A person's opt-out is held by the contact's state with the time it took effect (the
// suppression `unsubscribed`, or the topic's time); the record's entry carries that same time, so
// the request that made the change writes it and any later POST of the same choice finds it held.
// A state that cannot hold the choice (the contact already suppressed by a bounce or a complaint, or
// unknown for a topic) leaves the record itself to say whether the choice is on it.
import type { ComplianceEntry } from './compliance-record.js';
import type { OptOutTopic } from './message-class.js';
import type { ContactState } from './state.js';

export type OptOutScope = 'all' | OptOutTopic;

/** When the contact's state holds the person's own opt-out of `scope`; null when it holds none. */
export function heldOptOutAt(contact: ContactState | undefined, scope: OptOutScope): string | null {
  if (contact === undefined) return null;
  if (scope === 'all') return contact.suppressed?.reason === 'unsubscribed' ? contact.suppressed.at : null;
  return contact.topicOptOuts?.[scope] ?? null;
}

/**
 * Whether the record already has an opt-out of `scope` (or of everything, which covers a topic) by
 * the contact at or after `since` (any time when null).
 */
export function optOutOnRecord(
  entries: readonly ComplianceEntry[],
  contactId: string,
  scope: OptOutScope,
  since: string | null,
): boolean {
  return entries.some(
    (e) =>
      e.kind === 'opt-out' &&
      e.contactId === contactId &&
      (e.scope === scope || e.scope === 'all') &&
      (since === null || e.at >= since),
  );
}
