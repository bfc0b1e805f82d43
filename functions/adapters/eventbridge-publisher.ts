// SignalPublisher on EventBridge PutEvents: source `teichaku`, detail-type = the signal's type, the
// signal as detail. PutEvents takes 10 entries per call and can fail some entries of a successful
// call; those entries (only those) are retried with backoff. When the account is known, the detail also
// carries `account` (name, owner, CRM id, health…) and, for the signals a person should read,
// `notification` (the words, Slack's text and blocks, the Teams card): additive fields the
// destinations' rules pick out (infra/destinations.ts).
import { type EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { TeichakuError } from '../core/errors.js';
import {
  NO_NOTIFICATION_SETTINGS,
  type NotificationSettings,
  notificationOf,
  type SignalAccount,
} from '../core/notifications.js';
import type { SignalPublisher } from '../core/ports.js';
import type { Programs } from '../core/programs.js';
import type { Signal } from '../core/signals.js';
import { type BackoffOptions, retryWithBackoff, withBackoffDefaults } from './backoff.js';

export const SIGNAL_SOURCE = 'teichaku';
const ENTRIES_PER_CALL = 10;

/** Some signals could not be put on the bus after every retry. */
export class SignalPublishError extends TeichakuError {
  readonly code = 'SIGNAL_PUBLISH';
  override readonly name = 'SignalPublishError';
  constructor(
    readonly failed: number,
    readonly errorCodes: readonly string[],
  ) {
    super(
      `EventBridge refused ${failed} signal(s) after retries (${[...new Set(errorCodes)].join(', ') || 'no error code'}); check the bus name and the function's events:PutEvents permission`,
    );
  }
}

class PartialFailure extends Error {
  constructor(
    readonly remaining: PutEventsRequestEntry[],
    readonly codes: string[],
  ) {
    super('some entries failed');
  }
}

export interface EventBridgePublisherOptions {
  readonly eventBusName: string;
  readonly backoff?: Partial<BackoffOptions>;
  /** How notifications mention owners, link the CRM and in which language they speak. */
  readonly notifications?: NotificationSettings;
  /** The programs, whose plays the notifications name (none without them). */
  readonly programs?: Programs;
}

/** The signal as published: itself, then (additive) its account and its notification. */
export function signalDetail(
  signal: Signal,
  account?: SignalAccount,
  settings: NotificationSettings = NO_NOTIFICATION_SETTINGS,
  programs?: Programs,
): Record<string, unknown> {
  const notification = notificationOf(signal, account ?? null, settings, programs);
  return {
    ...signal,
    ...(account === undefined ? {} : { account }),
    ...(notification === null ? {} : { notification }),
  };
}

export function signalEntry(
  signal: Signal,
  eventBusName: string,
  account?: SignalAccount,
  settings?: NotificationSettings,
  programs?: Programs,
): PutEventsRequestEntry {
  return {
    EventBusName: eventBusName,
    Source: SIGNAL_SOURCE,
    DetailType: signal.type,
    Time: new Date(signal.at),
    Detail: JSON.stringify(signalDetail(signal, account, settings, programs)),
  };
}

export function createEventBridgePublisher(
  client: EventBridgeClient,
  options: EventBridgePublisherOptions,
): SignalPublisher {
  const backoff = withBackoffDefaults(options.backoff);

  async function putChunk(chunk: PutEventsRequestEntry[]): Promise<void> {
    let pending = chunk;
    try {
      await retryWithBackoff(
        async () => {
          const out = await client.send(new PutEventsCommand({ Entries: pending }));
          if ((out.FailedEntryCount ?? 0) === 0) return;
          // Result entries are in request order; an entry with an ErrorCode failed.
          const results = out.Entries ?? [];
          const failed = pending.filter((_, i) => results[i]?.ErrorCode !== undefined || results[i] === undefined);
          const codes = results.flatMap((r) => (r.ErrorCode === undefined ? [] : [r.ErrorCode]));
          pending = failed;
          throw new PartialFailure(failed, codes);
        },
        (error) => error instanceof PartialFailure,
        backoff,
      );
    } catch (error) {
      if (error instanceof PartialFailure) throw new SignalPublishError(error.remaining.length, error.codes);
      throw error;
    }
  }

  return {
    async publish(signals, account) {
      const entries = signals.map((s) =>
        signalEntry(s, options.eventBusName, account, options.notifications, options.programs),
      );
      for (let i = 0; i < entries.length; i += ENTRIES_PER_CALL) await putChunk(entries.slice(i, i + ENTRIES_PER_CALL));
    },
  };
}
