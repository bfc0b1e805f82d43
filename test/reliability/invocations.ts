// One invocation of each real handler, on ports wrapped with the faults of that invocation: what a
// Lambda container would be handed, built fresh per invocation so a crash stays in its invocation.
import type { APIGatewayProxyEventV2, EventBridgeEvent, SQSRecord } from 'aws-lambda';
import { createRenderer } from '../../functions/adapters/content-file.js';
import type { MemorySignalPublisher } from '../../functions/adapters/memory/signal-publisher.js';
import type { UnsubscribeTokens } from '../../functions/adapters/unsubscribe-token.js';
import { createStoreSuppressionRecorder } from '../../functions/app/account-suppression.js';
import { createPlanAccounts } from '../../functions/app/plan-accounts.js';
import type { PlannedTouch } from '../../functions/core/decisions.js';
import type { Content } from '../../functions/core/email/content.js';
import { fromAddress } from '../../functions/core/email/from-address.js';
import type { AccountStore, SendQueue, TouchLedger } from '../../functions/core/ports.js';
import { addDays } from '../../functions/core/time.js';
import { encodeTagValue } from '../../functions/core/touch-tags.js';
import { createEngagementHandler } from '../../functions/handlers/engagement.js';
import { createIngestHandler } from '../../functions/handlers/ingest.js';
import type { HandlerLogger } from '../../functions/handlers/logger.js';
import type { HandlerMetrics } from '../../functions/handlers/metrics.js';
import { createSenderHandler } from '../../functions/handlers/sender.js';
import { createUnsubscribeHandler } from '../../functions/handlers/unsubscribe.js';
import {
  Choices,
  type FaultySes,
  faultyLedger,
  faultyPublisher,
  faultyQueue,
  faultyStore,
  type Invocation,
  type Tally,
} from '../fixtures/faults.js';
import type { BatchOutcome } from './redelivering-queue.js';
import { EVENT_SOURCE } from './world.js';

export interface MetricRecord {
  readonly name: string;
  readonly touchId: string | undefined;
}

/** The shared, fault-free adapters of one run, and the fault streams its invocations draw from. */
export interface Ports {
  readonly store: AccountStore;
  readonly ledger: TouchLedger;
  readonly publisher: MemorySignalPublisher;
  readonly ses: FaultySes;
  readonly tokens: UnsubscribeTokens;
  readonly metrics: MetricRecord[];
  readonly choices: {
    readonly store: Choices;
    readonly ledger: Choices;
    readonly publisher: Choices;
    readonly queue: Choices;
  };
  readonly tally: Tally;
}

export const UNSUBSCRIBE_BASE_URL = 'https://unsubscribe.example.com/';
export const FROM_ADDRESS = 'cs@example.com';

const silent: HandlerLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
const quiet = new Choices([]);

export function handlersFor(ports: Ports, content: Content, nextInvocation: () => Invocation, faulty: () => boolean) {
  const renderer = createRenderer(content);
  const metrics: HandlerMetrics = {
    count: (name, context) => void ports.metrics.push({ name, touchId: context?.touchId }),
  };
  const wrapped = (inv: Invocation) => {
    const on = faulty();
    const c = ports.choices;
    return {
      store: faultyStore(ports.store, inv, on ? c.store : quiet, { tally: ports.tally }),
      ledger: faultyLedger(ports.ledger, inv, on ? c.ledger : quiet, ports.tally),
      publisher: faultyPublisher(ports.publisher, inv, on ? c.publisher : quiet, ports.tally),
      queueOf: (base: SendQueue) => faultyQueue(base, inv, on ? c.queue : quiet, ports.tally),
    };
  };

  /** Runs an SQS-triggered handler on one batch; an error thrown out of it fails the whole batch, as in Lambda. */
  async function sqsInvocation(
    records: SQSRecord[],
    died: (inv: Invocation) => boolean,
    build: (
      inv: Invocation,
    ) => (event: { Records: SQSRecord[] }) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>,
  ): Promise<BatchOutcome> {
    const inv = nextInvocation();
    try {
      const outcome = await inv.run(() => build(inv)({ Records: records }));
      if (died(inv) || outcome.kind === 'crashed') return 'crashed';
      return new Set(outcome.value.batchItemFailures.map((f) => f.itemIdentifier));
    } catch {
      died(inv);
      return 'crashed';
    }
  }

  return {
    invocation: nextInvocation,

    ingest: (records: SQSRecord[], died: (inv: Invocation) => boolean) =>
      sqsInvocation(records, died, (inv) => {
        const p = wrapped(inv);
        return createIngestHandler({
          store: p.store,
          publisher: p.publisher,
          program: content.program,
          eventSource: EVENT_SOURCE,
          logger: silent,
        });
      }),

    /** One planner invocation at the scheduled hour; true when it finished without error. */
    async planner(
      at: string,
      enqueue: (touches: readonly PlannedTouch[]) => void,
      died: (inv: Invocation) => boolean,
    ): Promise<boolean> {
      const inv = nextInvocation();
      const p = wrapped(inv);
      const queue = p.queueOf({ enqueue: async (touches) => enqueue(touches) });
      const planner = createPlanAccounts({
        store: p.store,
        queue,
        publisher: p.publisher,
        program: content.program,
        catalogs: content.catalogs,
        clock: () => at,
        logger: silent,
      });
      try {
        const outcome = await inv.run(() => planner());
        return !died(inv) && outcome.kind === 'done';
      } catch {
        died(inv);
        return false;
      }
    },

    sender: (records: SQSRecord[], nowMs: number, died: (inv: Invocation) => boolean) =>
      sqsInvocation(records, died, (inv) => {
        const p = wrapped(inv);
        return createSenderHandler({
          store: p.store,
          ledger: p.ledger,
          mailer: ports.ses.mailerFor(inv),
          publisher: p.publisher,
          renderer,
          tokens: ports.tokens,
          fromFor: (locale) => fromAddress(content.sender[locale].name, FROM_ADDRESS),
          unsubscribeBaseUrl: UNSUBSCRIBE_BASE_URL,
          clock: () => new Date(nowMs).toISOString(),
          logger: silent,
          metrics,
        });
      }),

    /** The one-click POST a mail client sends; throws unless the page says it worked. */
    async unsubscribe(inv: Invocation, accountId: string, contactId: string, at: string): Promise<void> {
      const p = wrapped(inv);
      const token = await ports.tokens.sign(accountId, contactId, addDays(at, 30));
      const handler = createUnsubscribeHandler({
        tokens: ports.tokens,
        store: p.store,
        suppressions: createStoreSuppressionRecorder(p.store),
        clock: () => at,
        logger: silent,
      });
      const event = {
        requestContext: { http: { method: 'POST' } },
        queryStringParameters: { t: token },
        body: 'List-Unsubscribe=One-Click',
        isBase64Encoded: false,
      } as unknown as APIGatewayProxyEventV2;
      const response = await handler(event);
      if (response.statusCode !== 200) throw new Error(`unsubscribe answered ${response.statusCode}`);
    },

    /** A permanent bounce or a complaint, as SES reports it through EventBridge. */
    async sesEvent(
      inv: Invocation,
      kind: 'bounce' | 'complaint',
      accountId: string,
      contactId: string,
      touchId: string,
      at: string,
    ): Promise<void> {
      const p = wrapped(inv);
      const handler = createEngagementHandler({
        ledger: p.ledger,
        suppressions: createStoreSuppressionRecorder(p.store),
        logger: silent,
      });
      const mail = {
        messageId: `ses-${touchId}`,
        timestamp: at,
        tags: {
          account: [encodeTagValue(accountId)],
          contact: [encodeTagValue(contactId)],
          touch: [encodeTagValue(touchId)],
        },
      };
      const detail =
        kind === 'bounce'
          ? { eventType: 'Bounce', mail, bounce: { bounceType: 'Permanent', timestamp: at } }
          : { eventType: 'Complaint', mail, complaint: { timestamp: at } };
      await handler({
        id: `ses-${kind}-${contactId}`,
        time: at,
        source: 'aws.ses',
        'detail-type': `Email ${kind}`,
        detail,
      } as unknown as EventBridgeEvent<string, unknown>);
    },
  };
}
