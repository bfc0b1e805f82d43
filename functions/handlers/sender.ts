// Sender λ: an SQS batch of send jobs (PlannedTouch JSON), sent one by one by the send use case
// (functions/app/send-touch.ts, which holds the protocol: render, then claim, then send). This shim
// parses each record, dead-letters what can never be sent as it is (a body that is not a send job,
// a touch the use case rejects) and fails the records SQS must deliver again.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { parseSendJob } from '../adapters/send-job.js';
import { createSendTouch, type SendTouchDeps } from '../app/send-touch.js';
import type { DeadLetters } from '../core/ports.js';
import { deadLetterRejections, type Rejection } from './dead-letters.js';
import { type HandlerMetrics, noMetrics } from './metrics.js';
import { lambdaEntry, senderDepsFromEnv } from './wiring.js';

export interface SenderDeps extends Omit<SendTouchDeps, 'metrics'> {
  readonly metrics?: HandlerMetrics; // counts lost sends; default: not counted
  readonly tokenTtlDays?: number;
  readonly claimInFlightSec?: number; // see CLAIM_IN_FLIGHT_SEC in app/send-settings.ts
  readonly deadLetters?: DeadLetters; // without it, rejected records fail for SQS's redrive policy
}

export function createSenderHandler(deps: SenderDeps): (event: SQSEvent) => Promise<SQSBatchResponse> {
  const { logger } = deps;
  const sendTouch = createSendTouch({
    ...deps,
    metrics: deps.metrics ?? noMetrics,
    settings: { claimInFlightSec: deps.claimInFlightSec, tokenTtlDays: deps.tokenTtlDays, ...deps.settings },
  });
  return async (event) => {
    const processor = new BatchProcessor(EventType.SQS);
    const rejections: Rejection[] = [];
    // A rejected job is kept for the dead-letter queue and reported as processed; any other failure fails its record.
    const processJob = async (record: SQSRecord): Promise<void> => {
      const parsed = parseSendJob(record.body);
      if (parsed.kind === 'rejected') {
        const { touchId, reason } = parsed;
        logger.warn('send job rejected', { messageId: record.messageId, touchId, reason });
        rejections.push({ record, reason: parsed.reason, eventId: null, touchId: parsed.touchId });
        return;
      }
      const outcome = await sendTouch.send(parsed.job);
      if (outcome.kind === 'rejected')
        rejections.push({ record, reason: outcome.reason, eventId: null, touchId: outcome.touchId });
    };
    try {
      // Sequential: the mailer's rate limiter paces sends, and one job's failure stays its own.
      const response = await processPartialResponse(event, processJob, processor, {
        processInParallel: false,
        throwOnFullBatchFailure: false,
      });
      const failed = await deadLetterRejections(deps.deadLetters, rejections, logger);
      return {
        batchItemFailures: [...response.batchItemFailures, ...failed.map((itemIdentifier) => ({ itemIdentifier }))],
      };
    } finally {
      await sendTouch.flush();
    }
  };
}

export const handler = lambdaEntry(() => createSenderHandler(senderDepsFromEnv()));
