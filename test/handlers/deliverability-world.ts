// A small world for the deliverability tests: accounts with reachable contacts, one send job per
// contact, the real sender and engagement handlers on in-memory adapters with the sending guard,
// a virtual clock, and SES events built from the emails the mailer got (as SES tags them).
import type { EventBridgeEvent } from 'aws-lambda';
import { MemoryAccountStore } from '../../functions/adapters/memory/account-store.js';
import { MemoryComplianceLog } from '../../functions/adapters/memory/compliance-log.js';
import { MemoryDeferredSends } from '../../functions/adapters/memory/deferred-sends.js';
import { MemoryMailer } from '../../functions/adapters/memory/mailer.js';
import { MemorySendingGuard } from '../../functions/adapters/memory/sending-guard.js';
import { MemorySignalPublisher } from '../../functions/adapters/memory/signal-publisher.js';
import { MemoryTouchLedger } from '../../functions/adapters/memory/touch-ledger.js';
import { createUnsubscribeTokens } from '../../functions/adapters/unsubscribe-token.js';
import { createStoreSuppressionRecorder } from '../../functions/app/account-suppression.js';
import { createSendGate } from '../../functions/app/send-gate.js';
import type { PlannedTouch } from '../../functions/core/decisions.js';
import type { OutgoingEmail, SendQuotaSource } from '../../functions/core/ports.js';
import { GuardrailThresholds } from '../../functions/core/sending-rates.js';
import { toIso } from '../../functions/core/time.js';
import { createEngagementHandler } from '../../functions/handlers/engagement.js';
import type { HandlerMetrics, MetricName } from '../../functions/handlers/metrics.js';
import { createSenderHandler } from '../../functions/handlers/sender.js';
import { anAccount, aPlannedTouch } from '../fixtures/builders.js';
import { fakeRenderer, recordingLogger, sqsEvent } from './helpers.js';

export const CONTACTS_PER_ACCOUNT = 10;
export const START = '2026-03-02T00:00:00.000Z';

export function countingMetrics(): HandlerMetrics & { readonly counts: Map<MetricName, number> } {
  const counts = new Map<MetricName, number>();
  return { counts, count: (name, _context, value = 1) => void counts.set(name, (counts.get(name) ?? 0) + value) };
}

export interface WorldOptions {
  readonly jobs: number;
  readonly thresholds?: Partial<GuardrailThresholds>;
  /** An SES quota; default none. */
  readonly quota?: (world: { readonly sentAtMs: readonly number[]; readonly nowMs: number }) => SendQuotaSource;
}

export async function aSendWorld(options: WorldOptions) {
  let nowMs = Date.parse(START);
  const clock = () => toIso(nowMs);
  const store = new MemoryAccountStore();
  const accounts = Math.ceil(options.jobs / CONTACTS_PER_ACCOUNT);
  const jobs: PlannedTouch[] = [];
  for (let a = 0; a < accounts; a++) {
    const accountId = `acc-${a}`;
    const builder = anAccount(accountId).withProfile({ locale: 'en', timeZone: 'UTC' });
    for (let c = 0; c < CONTACTS_PER_ACCOUNT && jobs.length < options.jobs; c++) {
      const contactId = `c-${c}`;
      builder.withContact(contactId, { role: 'member' });
      const touchId = `feature-tip.${String(jobs.length).padStart(32, '0')}`;
      jobs.push(aPlannedTouch(undefined, { touchId, accountId, contactId, locale: 'en', plannedAt: START }));
    }
    await store.save(builder.state());
  }
  const ledger = new MemoryTouchLedger();
  const mailer = new MemoryMailer();
  const sentAtMs: number[] = [];
  const publisher = new MemorySignalPublisher();
  const guard = new MemorySendingGuard({
    touchExists: async (accountId, touchId) => (await ledger.inspect(accountId, touchId)) !== null,
  });
  const deferred = new MemoryDeferredSends(() => nowMs);
  const compliance = new MemoryComplianceLog();
  const metrics = countingMetrics();
  const logger = recordingLogger();
  const thresholds = GuardrailThresholds.parse(options.thresholds ?? {});
  const world = {
    get sentAtMs() {
      return sentAtMs;
    },
    get nowMs() {
      return nowMs;
    },
  };
  const gate = createSendGate({
    guard,
    quota: options.quota?.(world) ?? null,
    senders: 1,
    warmUp: [],
    ratePerSecond: 100,
  });
  const send = createSenderHandler({
    store,
    ledger,
    mailer: {
      send: async (email) => {
        sentAtMs.push(nowMs);
        return mailer.send(email);
      },
    },
    publisher,
    renderer: fakeRenderer(),
    tokens: createUnsubscribeTokens(async () => 's'.repeat(40)),
    fromFor: () => 'cs@example.com',
    unsubscribeBaseUrl: 'https://unsub.example.com/',
    clock,
    logger,
    metrics,
    gate,
    deferrer: deferred,
  });
  const engage = createEngagementHandler({
    ledger,
    suppressions: createStoreSuppressionRecorder(store),
    logger,
    guard: { store: guard, thresholds, publisher, clock, metrics },
    compliance,
  });
  let batch = 0;
  return {
    jobs,
    store,
    ledger,
    mailer,
    publisher,
    guard,
    deferred,
    compliance,
    metrics,
    logger,
    clock,
    sentAtMs,
    advance(ms: number) {
      nowMs += ms;
    },
    /** Delivers these jobs to the sender as one SQS batch; returns the ids SQS would deliver again. */
    async sendBatch(touches: readonly PlannedTouch[]): Promise<string[]> {
      const { batchItemFailures } = await send(
        sqsEvent(
          touches.map((t) => JSON.stringify(t)),
          `b${batch++}`,
        ),
      );
      return batchItemFailures.map((f) => f.itemIdentifier);
    },
    /** An SES event for a sent email, tagged as the sender tagged it. */
    async sesEvent(
      email: OutgoingEmail,
      messageId: string,
      eventType: 'Send' | 'Complaint' | 'Bounce' | 'Delivery' | 'DeliveryDelay',
      extra: Record<string, unknown> = {},
    ) {
      await engage(sesEventOf(email, messageId, eventType, clock(), extra));
    },
  };
}

export function sesEventOf(
  email: OutgoingEmail,
  messageId: string,
  eventType: string,
  at: string,
  extra: Record<string, unknown> = {},
): EventBridgeEvent<string, unknown> {
  return {
    version: '0',
    id: `ses-${messageId}-${eventType}`,
    'detail-type': `Email ${eventType}`,
    source: 'aws.ses',
    account: '123456789012',
    time: at,
    region: 'ap-northeast-1',
    resources: [],
    detail: {
      eventType,
      mail: {
        messageId,
        timestamp: at,
        tags: Object.fromEntries(Object.entries(email.tags).map(([k, v]) => [k, [v]])),
      },
      ...extra,
    },
  };
}
