// DeadLetters on SQS SendMessageBatch: each rejected message goes to its work queue's dead-letter
// queue at once, its body unchanged (so a redrive after the fix sends it back as it came), with why
// and what as message attributes. Up to 10 messages per call; entries SQS failed on its side are tried
// again with backoff; what still fails is returned, never thrown, so the caller can fail those records
// and let SQS deliver them again.
import type { MessageAttributeValue, SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetter, DeadLetterOutcome, DeadLetters } from '../core/ports.js';
import { type BackoffOptions, withBackoffDefaults } from './backoff.js';
import { batchesOf, sendMessageBatch } from './sqs-batch.js';

/** The message attributes a dead letter carries; `teichaku dlq list` shows them. */
export const DEAD_LETTER_ATTRIBUTES = {
  reason: 'teichaku-reason',
  eventId: 'teichaku-event-id',
  touchId: 'teichaku-touch-id',
  sourceQueue: 'teichaku-source-queue',
  sourceMessageId: 'teichaku-source-message-id',
} as const;

/** A reason longer than this is cut: it names fields and rules, and a whole zod report can be long. */
export const REASON_MAX_CHARS = 500;

/** What a person sees of a cut reason's end. */
const CUT = ' …';

export function truncateReason(reason: string): string {
  return reason.length <= REASON_MAX_CHARS ? reason : `${reason.slice(0, REASON_MAX_CHARS - CUT.length)}${CUT}`;
}

function text(value: string): MessageAttributeValue {
  return { DataType: 'String', StringValue: value };
}

/** The attributes of one dead letter; an id that could not be read is left out (SQS refuses empty values). */
export function deadLetterAttributes(item: DeadLetter): Record<string, MessageAttributeValue> {
  return {
    [DEAD_LETTER_ATTRIBUTES.reason]: text(truncateReason(item.reason === '' ? 'no reason given' : item.reason)),
    ...(item.eventId === null || item.eventId === '' ? {} : { [DEAD_LETTER_ATTRIBUTES.eventId]: text(item.eventId) }),
    ...(item.touchId === undefined || item.touchId === null || item.touchId === ''
      ? {}
      : { [DEAD_LETTER_ATTRIBUTES.touchId]: text(item.touchId) }),
    [DEAD_LETTER_ATTRIBUTES.sourceQueue]: text(item.source.queueArn),
    [DEAD_LETTER_ATTRIBUTES.sourceMessageId]: text(item.source.messageId),
  };
}

export interface SqsDeadLettersOptions {
  readonly queueUrl: string;
  /** Retries of entries SQS failed on its side (default: 3 attempts in all, at most 1 s apart: the invocation is waiting). */
  readonly backoff?: Partial<BackoffOptions>;
}

export function createSqsDeadLetters(client: SQSClient, options: SqsDeadLettersOptions): DeadLetters {
  const backoff = withBackoffDefaults({ maxAttempts: 3, maxDelayMs: 1_000, ...options.backoff });

  return {
    async deadLetter(items) {
      const failed: DeadLetterOutcome['failed'][number][] = [];
      for (const batch of batchesOf(items)) {
        const entries = batch.map((item) => ({
          MessageBody: item.body,
          MessageAttributes: deadLetterAttributes(item),
        }));
        const { unsent } = await sendMessageBatch(client, options.queueUrl, entries, backoff);
        for (const { index, code } of unsent)
          failed.push({ messageId: batch[index]?.source.messageId ?? '?', problem: code });
      }
      return { failed };
    },
  };
}
