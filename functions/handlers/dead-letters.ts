// Rejections straight to the dead-letter queue. A message that can never be processed (bad JSON, a
// schema rejection, an event the engine cannot apply, a send job whose content is missing) would fail
// the same way on every delivery: retrying it only delays it, and the queue's redrive policy would
// dead-letter it without its reason. So it is written to the dead-letter queue at once, with the
// reason and its ids as message attributes, and its record is reported as processed. Only when that
// write fails is the record failed, for SQS to deliver again.
import type { SQSRecord } from 'aws-lambda';
import type { DeadLetter, DeadLetterOutcome, DeadLetters } from '../core/ports.js';
import type { HandlerLogger } from './logger.js';

/** A record to dead-letter and why; the reason names ids, fields and rules, never a value. */
export interface Rejection {
  readonly record: SQSRecord;
  readonly reason: string;
  readonly eventId: string | null;
  readonly touchId?: string | null;
}

export function deadLetterOf(rejection: Rejection): DeadLetter {
  const { record, reason, eventId, touchId } = rejection;
  return {
    body: record.body,
    reason,
    eventId,
    ...(touchId === undefined ? {} : { touchId }),
    source: { queueArn: record.eventSourceARN, messageId: record.messageId },
  };
}

/**
 * Dead-letters the rejections and returns the message ids of the records that must fail instead:
 * those the queue did not take, or all of them when there is no dead-letter queue to write to (then
 * SQS retries them and its redrive policy dead-letters them, as before).
 */
export async function deadLetterRejections(
  deadLetters: DeadLetters | undefined,
  rejections: readonly Rejection[],
  logger: HandlerLogger,
): Promise<string[]> {
  if (rejections.length === 0) return [];
  if (deadLetters === undefined) return rejections.map((r) => r.record.messageId);
  let failed: DeadLetterOutcome['failed'];
  try {
    ({ failed } = await deadLetters.deadLetter(rejections.map(deadLetterOf)));
  } catch (error) {
    // The port promises not to throw; one that does has written nothing we can be sure of.
    failed = rejections.map((r) => ({
      messageId: r.record.messageId,
      problem: error instanceof Error ? error.name : 'non-Error thrown',
    }));
  }
  const written = rejections.length - failed.length;
  if (written > 0) logger.info('records dead-lettered with their reasons', { records: written });
  if (failed.length > 0) {
    logger.error('dead letters not written; their records fail for SQS to deliver again', {
      records: failed.length,
      messageIds: failed.map((f) => f.messageId),
      problems: [...new Set(failed.map((f) => f.problem))],
    });
  }
  return failed.map((f) => f.messageId);
}
