// The use cases the Lambda handlers run, built on the replay's ports and clock: the replay runs the
// same ingest, planning and sending as AWS, called directly; only their event sources (SQS, the
// hourly schedule) are played by the replay loop.

import { MemorySendQueue } from '../adapters/memory/send-queue.js';
import { parseSendJob } from '../adapters/send-job.js';
import { createSurveyTokens } from '../adapters/survey-token.js';
import { createUnsubscribeTokens } from '../adapters/unsubscribe-token.js';
import {
  createIngestEvents,
  type IncomingMessage,
  type IngestEvents,
  type IngestEventsDeps,
  type IngestOutcome,
} from '../app/ingest-events.js';
import type { PlannerRun } from '../app/plan-accounts.js';
import { createSendTouch } from '../app/send-touch.js';
import { createSurvey } from '../app/survey.js';
import { DEFAULT_COMPLIANCE_RETENTION_DAYS } from '../core/compliance-record.js';
import type { PlannedTouch } from '../core/decisions.js';
import type { Content } from '../core/email/content.js';
import { fromAddress } from '../core/email/from-address.js';
import { renderEmail } from '../core/email/render.js';
import {
  type CrmRecordPublisher,
  type DecisionTrail,
  type Logger,
  type Metrics,
  noMetrics,
  type SignalPublisher,
} from '../core/ports.js';
import { createSenderAddresses } from '../core/sender-address.js';
import { createFanOutPlanner } from './fan-out-planner.js';
import type { ReplayRecorder } from './recorders.js';
import type { ReplayDeliverability } from './replay-deliverability.js';
import type { ReplayPorts } from './replay-ports.js';
import type { SurveyWeb } from './sample-browser.js';

/** The From address of replayed emails: example.com never receives mail (RFC 2606). */
export const REPLAY_FROM_ADDRESS = 'customer-success@example.com';
/** Unsubscribe links in replayed emails point nowhere real. */
export const REPLAY_UNSUBSCRIBE_URL = 'https://unsubscribe.example.com/u';
// Signs the replay's unsubscribe tokens; fixed so two replays render the same emails.
const REPLAY_SECRET = 'teichaku-replay-secret-not-for-production-use';

/** The replay's fan-out: two planners, one shard per item (the construct's default), over the replay's due shards. */
export const REPLAY_FAN_OUT = { workers: 2, shardsPerItem: 1 } as const;

/** What became of a batch of send jobs: the indexes of those to deliver again, and how many can never be sent. */
export interface SendBatchOutcome {
  readonly retry: readonly number[];
  readonly rejected: number;
}

export interface ReplayHandlers {
  /** Ingest for events of one source (the ingest Lambda accepts one configured source). */
  ingest(source: string, messages: readonly IncomingMessage[]): Promise<IngestOutcome>;
  plan(): Promise<PlannerRun>;
  /** One batch of send jobs, as one sender invocation takes them. */
  send(touches: readonly PlannedTouch[]): Promise<SendBatchOutcome>;
  /** The survey page the unsubscribe function serves at `/survey`, as it answers at `at`. */
  readonly surveyPage: SurveyWeb;
  readonly queue: MemorySendQueue;
}

/** A logger that keeps counts of warnings and errors by message, for the run's summary. */
export function countingLogger(): Logger & { readonly counts: ReadonlyMap<string, number> } {
  const counts = new Map<string, number>();
  const count = (level: string) => (message: string) =>
    counts.set(`${level}: ${message}`, (counts.get(`${level}: ${message}`) ?? 0) + 1);
  return { counts, debug: () => undefined, info: () => undefined, warn: count('warn'), error: count('error') };
}

/** What a replay may hand the handlers besides the ports: where the trail and the metrics go. */
export interface ReplayExtras {
  readonly trail?: DecisionTrail;
  readonly metrics?: Metrics;
  /** The sending guard, the deferred jobs, SES's events and the compliance record (see replay-deliverability.ts). */
  readonly deliverability?: ReplayDeliverability;
  /** How ingest applies an account's events (default: the engine's); a test's stand-in makes one event poison. */
  readonly apply?: IngestEventsDeps['apply'];
  /** Where the signals go besides the record (`npm start`: the notifications to the local receiver). */
  readonly notify?: SignalPublisher;
  /** Where the planner's CRM record changes go (default: the CRM is not kept in sync). */
  readonly crm?: CrmRecordPublisher;
}

export function createReplayHandlers(
  ports: ReplayPorts,
  content: Content,
  clock: () => string,
  recorder: ReplayRecorder,
  logger: Logger,
  extras: ReplayExtras = {},
): ReplayHandlers {
  const queue = new MemorySendQueue();
  const publisher = recorder.publisher(extras.notify ?? null);
  const ingestBySource = new Map<string, IngestEvents>();
  const surveyTokens = createSurveyTokens(async () => REPLAY_SECRET);
  // The coordinator and its planners, as deployed (the store the saves go through, the index the ports read).
  const planner = createFanOutPlanner(
    {
      store: ports.store,
      due: ports.due,
      queue: recorder.queue(queue),
      publisher,
      program: content.programs,
      catalogs: content.catalogs,
      clock,
      logger,
      trail: extras.trail,
      ...(extras.crm === undefined ? {} : { crm: extras.crm }),
    },
    REPLAY_FAN_OUT,
  );
  const sender = createSendTouch({
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
      replyToFor: (locale) => content.sender[locale].replyTo,
      identities: [REPLAY_FROM_ADDRESS, content.sender.ja.fromAddress, content.sender.en.fromAddress].flatMap((a) =>
        a === undefined ? [] : [a],
      ),
    }),
    publisher,
    renderer: { render: (input) => renderEmail(content, input) },
    programs: content.programs,
    tokens: createUnsubscribeTokens(async () => REPLAY_SECRET),
    surveyTokens,
    fromFor: (locale) => fromAddress(content.sender[locale].name, REPLAY_FROM_ADDRESS),
    unsubscribeBaseUrl: REPLAY_UNSUBSCRIBE_URL,
    clock,
    logger,
    metrics: noMetrics,
  });

  async function send(touches: readonly PlannedTouch[]): Promise<SendBatchOutcome> {
    const retry: number[] = [];
    let rejected = 0;
    try {
      for (const [i, touch] of touches.entries()) {
        // Through the send queue's wire format, as the sender receives it.
        const parsed = parseSendJob(JSON.stringify(touch));
        if (parsed.kind === 'rejected') {
          rejected += 1;
          continue;
        }
        try {
          if ((await sender.send(parsed.job)).kind === 'rejected') rejected += 1;
        } catch {
          // In flight, deferred with no deferrer, or a port that failed: SQS would deliver it again.
          retry.push(i);
        }
      }
    } finally {
      await sender.flush();
    }
    return { retry, rejected };
  }
  return {
    queue,
    ingest: (source, messages) => {
      let ingest = ingestBySource.get(source);
      if (ingest === undefined) {
        ingest = createIngestEvents({
          store: ports.store,
          publisher,
          program: content.programs,
          eventSource: source,
          logger,
          metrics: extras.metrics ?? noMetrics,
          compliance: { log: ports.compliance, retentionDays: DEFAULT_COMPLIANCE_RETENTION_DAYS },
          clock,
          ...(extras.apply === undefined ? {} : { apply: extras.apply }),
        });
        ingestBySource.set(source, ingest);
      }
      return ingest(messages);
    },
    plan: () => planner(),
    send,
    // The page's clock is the visit's time; its store is read only, for the person's language.
    surveyPage: (request, at, answers) =>
      createSurvey({ tokens: surveyTokens, answers, store: ports.store, clock: () => at, logger })(request),
  };
}
