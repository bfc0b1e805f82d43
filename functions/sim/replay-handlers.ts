// The real Lambda handlers, built on the replay's ports and clock: the replay runs exactly the code
// that runs in AWS, only its event sources (SQS, the hourly schedule) are played by the replay loop.
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { Content } from '../core/email/content.js';
import { renderEmail } from '../core/email/render.js';
import { DEFAULT_COMPLIANCE_RETENTION_DAYS } from '../core/compliance-record.js';
import { fromAddress } from '../core/email/from-address.js';
import { MemoryDeadLetters } from '../adapters/memory/dead-letters.js';
import { MemorySendQueue } from '../adapters/memory/send-queue.js';
import { createUnsubscribeTokens } from '../adapters/unsubscribe-token.js';
import { createIngestHandler, type IngestDeps } from '../handlers/ingest.js';
import type { HandlerLogger } from '../handlers/logger.js';
import type { HandlerMetrics } from '../handlers/metrics.js';
import type { DecisionTrail } from '../core/ports.js';
import { createPlannerHandler, type PlannerRun } from '../handlers/planner.js';
import { createSenderHandler } from '../handlers/sender.js';
import type { ReplayPorts } from './replay-ports.js';
import type { ReplayRecorder } from './recorders.js';
import type { ReplayDeliverability } from './replay-deliverability.js';
import { createSenderAddresses } from '../core/sender-address.js';

/** The From address of replayed emails: example.com never receives mail (RFC 2606). */
export const REPLAY_FROM_ADDRESS = 'customer-success@example.com';
/** Unsubscribe links in replayed emails point nowhere real. */
export const REPLAY_UNSUBSCRIBE_URL = 'https://unsubscribe.example.com/u';
// Signs the replay's unsubscribe tokens; fixed so two replays render the same emails.
const REPLAY_SECRET = 'teichaku-replay-secret-not-for-production-use';

export interface ReplayHandlers {
  /** Ingest for events of one source (the ingest Lambda accepts one configured source). */
  ingest(source: string, event: SQSEvent): Promise<SQSBatchResponse>;
  plan(): Promise<PlannerRun>;
  send(event: SQSEvent): Promise<SQSBatchResponse>;
  readonly queue: MemorySendQueue;
  /** The ingest and send queues' dead-letter queues: what the handlers sent there at once, with its reason. */
  readonly ingestDeadLetters: MemoryDeadLetters;
  readonly sendDeadLetters: MemoryDeadLetters;
}

/** A logger that keeps counts of warnings and errors by message, for the run's summary. */
export function countingLogger(): HandlerLogger & { readonly counts: ReadonlyMap<string, number> } {
  const counts = new Map<string, number>();
  const count = (level: string) => (message: string) => counts.set(`${level}: ${message}`, (counts.get(`${level}: ${message}`) ?? 0) + 1);
  return { counts, debug: () => undefined, info: () => undefined, warn: count('warn'), error: count('error') };
}

/** What a replay may hand the handlers besides the ports: where the trail and the metrics go. */
export interface ReplayExtras {
  readonly trail?: DecisionTrail;
  readonly metrics?: HandlerMetrics;
  /** The sending guard, the deferred jobs, SES's events and the compliance record (see replay-deliverability.ts). */
  readonly deliverability?: ReplayDeliverability;
  /** How ingest applies an account's events (default: the engine's); a test's stand-in makes one event poison. */
  readonly apply?: IngestDeps['apply'];
}

export function createReplayHandlers(ports: ReplayPorts, content: Content, clock: () => string, recorder: ReplayRecorder, logger: HandlerLogger, extras: ReplayExtras = {}): ReplayHandlers {
  const queue = new MemorySendQueue();
  const ingestDeadLetters = new MemoryDeadLetters();
  const sendDeadLetters = new MemoryDeadLetters();
  const publisher = recorder.publisher(null);
  const ingestBySource = new Map<string, (event: SQSEvent) => Promise<SQSBatchResponse>>();
  const planner = createPlannerHandler({
    store: ports.store,
    queue: recorder.queue(queue),
    publisher,
    program: content.programs,
    catalogs: content.catalogs,
    clock,
    logger,
    trail: extras.trail,
  });
  const sender = createSenderHandler({
    store: ports.store,
    ledger: ports.ledger,
    mailer: recorder.mailer(extras.deliverability?.mailer(ports.mailer) ?? ports.mailer),
    gate: extras.deliverability?.gate,
    deferrer: extras.deliverability?.deferrer,
    // As wired in Lambda: the sender counts the emails SES accepted for the guard (the configuration set publishes no Send events).
    ...(extras.deliverability === undefined ? {} : { sends: ports.guard }),
    // The replay has no construct to check identities against: the addresses it is given are the known ones.
    senderFor: createSenderAddresses({
      addressFor: (locale) => content.sender[locale].fromAddress ?? REPLAY_FROM_ADDRESS,
      nameFor: (locale) => content.sender[locale].name,
      identities: [REPLAY_FROM_ADDRESS, content.sender.ja.fromAddress, content.sender.en.fromAddress].flatMap((a) => (a === undefined ? [] : [a])),
    }),
    publisher,
    renderer: { render: (input) => renderEmail(content, input) },
    tokens: createUnsubscribeTokens(async () => REPLAY_SECRET),
    fromFor: (locale) => fromAddress(content.sender[locale].name, REPLAY_FROM_ADDRESS),
    unsubscribeBaseUrl: REPLAY_UNSUBSCRIBE_URL,
    clock,
    logger,
    deadLetters: sendDeadLetters,
  });
  return {
    queue,
    ingestDeadLetters,
    sendDeadLetters,
    ingest: (source, event) => {
      let ingest = ingestBySource.get(source);
      if (ingest === undefined) {
        ingest = createIngestHandler({
          store: ports.store,
          publisher,
          program: content.programs,
          eventSource: source,
          logger,
          metrics: extras.metrics,
          compliance: { log: ports.compliance, retentionDays: DEFAULT_COMPLIANCE_RETENTION_DAYS },
          deadLetters: ingestDeadLetters,
          clock,
          ...(extras.apply === undefined ? {} : { apply: extras.apply }),
        });
        ingestBySource.set(source, ingest);
      }
      return ingest(event);
    },
    plan: () => planner(),
    send: (event) => sender(event),
  };
}
