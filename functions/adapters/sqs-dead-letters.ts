// DeadLetters on SQS SendMessageBatch: each rejected message goes to its work queue's dead-letter
// queue at once, its body unchanged (so a redrive after the fix sends it back as it came), with why
// and what as message attributes. Up to 10 messages per call; entries SQS failed on its side are tried
// again with backoff; what still fails is returned, never thrown, so the caller can fail those records
// and let SQS deliver them again.
import {
  type MessageAttributeValue,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { DeadLetter, DeadLetterOutcome, DeadLetters } from '../core/ports.js';
import { type BackoffOptions, retryWithBackoff, withBackoffDefaults } from './backoff.js';

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

const MESSAGES_PER_CALL = 10;

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

class PartialFailure extends Error {
  constructor(readonly retryable: boolean) {
    super('some dead letters were not written');
  }
}

export interface SqsDeadLettersOptions {
  readonly queueUrl: string;
  /** Retries of entries SQS failed on its side (default: 3 attempts in all, at most 1 s apart: the invocation is waiting). */
  readonly backoff?: Partial<BackoffOptions>;
}

export function createSqsDeadLetters(client: SQSClient, options: SqsDeadLettersOptions): DeadLetters {
  const backoff = withBackoffDefaults({ maxAttempts: 3, maxDelayMs: 1_000, ...options.backoff });

  async function sendChunk(items: readonly DeadLetter[]): Promise<DeadLetterOutcome['failed']> {
    // Entry ids only need to be unique within the call; the index maps failures back to the items.
    let pending: SendMessageBatchRequestEntry[] = items.map((item, i) => ({
      Id: String(i),
      MessageBody: item.body,
      MessageAttributes: deadLetterAttributes(item),
    }));
    let problems = new Map<string, string>();
    const failedAll = (problem: string) =>
      pending.map((e) => ({ messageId: items[Number(e.Id)]?.source.messageId ?? '?', problem }));
    try {
      await retryWithBackoff(
        async () => {
          const out = await client.send(new SendMessageBatchCommand({ QueueUrl: options.queueUrl, Entries: pending }));
          const failed = out.Failed ?? [];
          if (failed.length === 0) {
            pending = [];
            return;
          }
          const failedIds = new Set(failed.map((f) => f.Id));
          pending = pending.filter((e) => failedIds.has(e.Id));
          problems = new Map(failed.map((f) => [f.Id ?? '?', f.Code ?? 'unknown']));
          // SenderFault: the entry itself is wrong (too big with its attributes, say): retrying cannot help.
          throw new PartialFailure(!failed.some((f) => f.SenderFault === true));
        },
        (error) => error instanceof PartialFailure && error.retryable,
        backoff,
      );
      return [];
    } catch (error) {
      if (error instanceof PartialFailure)
        return pending.map((e) => ({
          messageId: items[Number(e.Id)]?.source.messageId ?? '?',
          problem: problems.get(e.Id ?? '') ?? 'unknown',
        }));
      // The whole call failed (after the SDK's own retries): access denied, the queue gone, the network.
      return failedAll(error instanceof Error ? error.name : 'non-Error thrown');
    }
  }

  return {
    async deadLetter(items) {
      const failed: DeadLetterOutcome['failed'][number][] = [];
      for (let i = 0; i < items.length; i += MESSAGES_PER_CALL)
        failed.push(...(await sendChunk(items.slice(i, i + MESSAGES_PER_CALL))));
      return { failed };
    },
  };
}
