// CrmRecordPublisher on EventBridge PutEvents: source `teichaku`, detail-type `CRM Record Changed`,
// the change as detail (with the HubSpot and Salesforce bodies already shaped, so the destinations'
// rules only pick one out). A failed entry is retried with backoff; after the last attempt the
// publish rejects and the planner leaves the change unrecorded, so it goes again at the next planning.
import { type EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { CRM_RECORD_CHANGED, type CrmRecordChange } from '../core/crm-record.js';
import type { CrmRecordPublisher } from '../core/ports.js';
import { type BackoffOptions, retryWithBackoff, withBackoffDefaults } from './backoff.js';
import { SIGNAL_SOURCE, SignalPublishError } from './eventbridge-publisher.js';

class FailedEntry extends Error {
  constructor(readonly code: string) {
    super(`entry failed: ${code}`);
  }
}

export interface EventBridgeCrmPublisherOptions {
  readonly eventBusName: string;
  readonly backoff?: Partial<BackoffOptions>;
}

export function crmRecordEntry(change: CrmRecordChange, eventBusName: string): PutEventsRequestEntry {
  return {
    EventBusName: eventBusName,
    Source: SIGNAL_SOURCE,
    DetailType: CRM_RECORD_CHANGED,
    Time: new Date(change.at),
    Detail: JSON.stringify(change),
  };
}

export function createEventBridgeCrmPublisher(
  client: EventBridgeClient,
  options: EventBridgeCrmPublisherOptions,
): CrmRecordPublisher {
  const backoff = withBackoffDefaults(options.backoff);
  return {
    async publish(change) {
      const entry = crmRecordEntry(change, options.eventBusName);
      try {
        await retryWithBackoff(
          async () => {
            const out = await client.send(new PutEventsCommand({ Entries: [entry] }));
            if ((out.FailedEntryCount ?? 0) === 0) return;
            throw new FailedEntry(out.Entries?.[0]?.ErrorCode ?? 'no error code');
          },
          (error) => error instanceof FailedEntry,
          backoff,
        );
      } catch (error) {
        if (error instanceof FailedEntry) throw new SignalPublishError(1, [error.code]);
        throw error;
      }
    },
  };
}
