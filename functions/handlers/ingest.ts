// Ingest λ: an SQS batch of product events, ingested by the use case (functions/app/ingest-events.ts:
// one conditional write per account, a bad event isolated). This shim hands it the records, writes
// what can never go in to the dead-letter queue at once with its reason, and fails the records SQS
// must deliver again. The batch response is built here rather than with Powertools' BatchProcessor:
// that processes one record at a time, which would mean one write per event instead of one per account.
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { createIngestEvents, type IngestEventsDeps } from '../app/ingest-events.js';
import type { DeadLetters } from '../core/ports.js';
import { deadLetterRejections, type Rejection } from './dead-letters.js';
import { type HandlerMetrics, noMetrics } from './metrics.js';
import { ingestDepsFromEnv, lambdaEntry } from './wiring.js';

export { IGNORED_EVENT_METRICS } from '../app/ingest-events.js';

export interface IngestDeps extends Omit<IngestEventsDeps, 'metrics' | 'clock'> {
  /** Where the counts of events that changed nothing go (default: nowhere). */
  readonly metrics?: HandlerMetrics;
  /** Now (ISO), for rejecting events dated in the future (default: the system clock). */
  readonly clock?: () => string;
  /**
   * Where messages that can never go in are written at once, with their reason. Without it their
   * records fail, and SQS's redrive policy dead-letters them after the retries (the reason only in the log).
   */
  readonly deadLetters?: DeadLetters;
}

export function createIngestHandler(deps: IngestDeps): (event: SQSEvent) => Promise<SQSBatchResponse> {
  const ingest = createIngestEvents({
    ...deps,
    metrics: deps.metrics ?? noMetrics,
    clock: deps.clock ?? (() => new Date().toISOString()),
  });
  return async (event) => {
    const records = new Map<string, SQSRecord>(event.Records.map((record) => [record.messageId, record]));
    const outcome = await ingest(event.Records);
    const rejections: Rejection[] = outcome.rejected.map(({ messageId, reason, eventId }) => ({
      record: records.get(messageId) as SQSRecord,
      reason,
      eventId,
    }));
    const failed = [...outcome.retry, ...(await deadLetterRejections(deps.deadLetters, rejections, deps.logger))];
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}

export const handler = lambdaEntry(() => createIngestHandler(ingestDepsFromEnv()));
