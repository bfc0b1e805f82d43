// The compliance record: per contact, every basis the product stated and every opt-out (from the
// unsubscribe page, a mail client's one-click, a complaint), with its time and channel. Append-only:
// an entry's id is derived from what it records, so writing it again changes nothing. Kept while the
// contact exists and for a retention period after its removal (Japan's Act on Specified Electronic
// Mail asks for the record of a basis to be kept after the last email relying on it).
import type { ConsentBasis, ProductEvent } from './events.js';
import type { OptOutTopic } from './message-class.js';

export const OPT_OUT_CHANNELS = ['one-click', 'unsubscribe-page', 'complaint'] as const;
export type OptOutChannel = (typeof OPT_OUT_CHANNELS)[number];

export type ComplianceEntry =
  | {
      readonly kind: 'basis';
      readonly accountId: string;
      readonly contactId: string;
      /** When the basis was obtained, as the product says. */
      readonly at: string;
      readonly basis: ConsentBasis;
      readonly source: string;
      readonly channel: 'product-event';
      readonly eventId: string;
    }
  | {
      readonly kind: 'opt-out';
      readonly accountId: string;
      readonly contactId: string;
      readonly at: string;
      /** Everything automated, or one topic. */
      readonly scope: 'all' | OptOutTopic;
      readonly channel: OptOutChannel;
    }
  | {
      /** The product removed the contact: the retention period starts. */
      readonly kind: 'removed';
      readonly accountId: string;
      readonly contactId: string;
      readonly at: string;
      readonly channel: 'product-event';
      readonly eventId: string;
    };

export type ComplianceEntryKind = ComplianceEntry['kind'];

/** Default days a removed contact's record is kept (see README: one year covers the Act's longest case). */
export const DEFAULT_COMPLIANCE_RETENTION_DAYS = 365;

/**
 * The entry's id within its contact: time first (so a contact's entries list in order), then what
 * makes it unique. The same fact always gives the same id.
 */
export function complianceEntryId(entry: ComplianceEntry): string {
  switch (entry.kind) {
    case 'basis':
      // Not the event id: a product that repeats the same basis in every upsert adds one entry, not one per upsert.
      return `${entry.at}#basis#${entry.basis}#${fnv1a(entry.source)}`;
    case 'opt-out':
      return `${entry.at}#opt-out#${entry.scope}#${entry.channel}`;
    case 'removed':
      return `${entry.at}#removed#${entry.eventId}`;
    default: {
      const unknown: never = entry;
      throw new Error(`unknown compliance entry kind ${(unknown as ComplianceEntry).kind}`);
    }
  }
}

/** A short, stable digest (FNV-1a, hex) so free text never ends up in a key. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The entries a batch of product events adds: each stated basis and each removal. */
export function entriesFromEvents(events: readonly ProductEvent[]): ComplianceEntry[] {
  const out: ComplianceEntry[] = [];
  for (const e of events) {
    if (e.detailType === 'Contact Upserted' && e.detail.consent !== undefined) {
      const { basis, at, source } = e.detail.consent;
      out.push({
        kind: 'basis',
        accountId: e.detail.accountId,
        contactId: e.detail.contactId,
        at,
        basis,
        source,
        channel: 'product-event',
        eventId: e.id,
      });
    } else if (e.detailType === 'Contact Removed') {
      out.push({
        kind: 'removed',
        accountId: e.detail.accountId,
        contactId: e.detail.contactId,
        at: e.time,
        channel: 'product-event',
        eventId: e.id,
      });
    }
  }
  return out;
}
