// SendQueue on SQS SendMessageBatch: one message per planned touch, its JSON as the body (the sender
// parses it with the SendJob schema). Up to 10 messages per call; entries SQS failed on its side are
// retried with backoff, entries it refused as malformed are not.
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import type { PlannedTouch } from '../core/decisions.js';
import type { SendQueue } from '../core/ports.js';
import { type BackoffOptions, retryWithBackoff, withBackoffDefaults } from './backoff.js';

const MESSAGES_PER_CALL = 10;

/** Some send jobs could not be queued; names the touches, never the recipients. */
export class EnqueueError extends Error {
  override readonly name = 'EnqueueError';
  constructor(
    readonly touchIds: readonly string[],
    readonly codes: readonly string[],
  ) {
    super(
      `SQS refused ${touchIds.length} send job(s) (${[...new Set(codes)].join(', ')}): touches ${touchIds.slice(0, 5).join(', ')}${touchIds.length > 5 ? ', ...' : ''}`,
    );
  }
}

class PartialFailure extends Error {
  constructor(readonly retryable: boolean) {
    super('some entries failed');
  }
}

export interface SqsSendQueueOptions {
  readonly queueUrl: string;
  readonly backoff?: Partial<BackoffOptions>;
}

export function createSqsSendQueue(client: SQSClient, options: SqsSendQueueOptions): SendQueue {
  const backoff = withBackoffDefaults(options.backoff);

  async function sendChunk(touches: readonly PlannedTouch[]): Promise<void> {
    // Entry ids only need to be unique within the call; the index maps failures back to touches.
    let pending: SendMessageBatchRequestEntry[] = touches.map((t, i) => ({
      Id: String(i),
      MessageBody: JSON.stringify(t),
    }));
    let codes: string[] = [];
    try {
      await retryWithBackoff(
        async () => {
          const out = await client.send(new SendMessageBatchCommand({ QueueUrl: options.queueUrl, Entries: pending }));
          const failed = out.Failed ?? [];
          if (failed.length === 0) return;
          const failedIds = new Set(failed.map((f) => f.Id));
          pending = pending.filter((e) => failedIds.has(e.Id));
          codes = failed.map((f) => f.Code ?? 'unknown');
          // SenderFault means the entry itself is wrong (too big, bad attribute): retrying cannot help.
          throw new PartialFailure(!failed.some((f) => f.SenderFault === true));
        },
        (error) => error instanceof PartialFailure && error.retryable,
        backoff,
      );
    } catch (error) {
      if (error instanceof PartialFailure) {
        throw new EnqueueError(
          pending.map((e) => touches[Number(e.Id)]?.touchId ?? e.Id ?? '?'),
          codes,
        );
      }
      throw error;
    }
  }

  return {
    async enqueue(touches) {
      for (let i = 0; i < touches.length; i += MESSAGES_PER_CALL)
        await sendChunk(touches.slice(i, i + MESSAGES_PER_CALL));
    },
  };
}
