// How long a contact's compliance record is kept after these events: a removed contact's entries for
// the retention period from its removal, and for good again when the contact comes back.
import type { ProductEvent } from './events.js';
import type { AccountState } from './state.js';
import { addDays } from './time.js';

/** The retention each contact's compliance record gets from these events (null: kept for good). */
export function retentionChanges(
  events: readonly ProductEvent[],
  before: AccountState | null,
  after: AccountState,
  retentionDays: number,
): { contactId: string; until: string | null }[] {
  const removals = new Set(events.filter((e) => e.detailType === 'Contact Removed').map((e) => e.id));
  const touched = new Set(
    events.flatMap((e) =>
      e.detailType === 'Contact Removed' || e.detailType === 'Contact Upserted' ? [e.detail.contactId] : [],
    ),
  );
  const changes: { contactId: string; until: string | null }[] = [];
  for (const contactId of touched) {
    const contact = after.contacts[contactId];
    if (contact === undefined || contact.stamp === null) continue;
    if (contact.removed && removals.has(contact.stamp.eventId))
      changes.push({ contactId, until: addDays(contact.stamp.at, retentionDays) });
    else if (!contact.removed && before?.contacts[contactId]?.removed === true)
      changes.push({ contactId, until: null });
  }
  return changes;
}
