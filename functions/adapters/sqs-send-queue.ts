// SendQueue on SQS SendMessageBatch: one message per planned touch, its JSON as the body (the sender
// parses it with the SendJob schema). Up to 10 messages per call; entries SQS failed on its side are
// retried with backoff, entries it refused as malformed are not.
import type { SQSClient } from '@aws-sdk/client-sqs';
import { TeichakuError } from '../core/errors.js';
import type { SendQueue } from '../core/ports.js';
import { type BackoffOptions, withBackoffDefaults } from './backoff.js';
import { batchesOf, sendMessageBatch } from './sqs-batch.js';

/** Some send jobs could not be queued; names the touches, never the recipients. */
export class EnqueueError extends TeichakuError {
  readonly code = 'ENQUEUE';
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

export interface SqsSendQueueOptions {
  readonly queueUrl: string;
  readonly backoff?: Partial<BackoffOptions>;
}

export function createSqsSendQueue(client: SQSClient, options: SqsSendQueueOptions): SendQueue {
  const backoff = withBackoffDefaults(options.backoff);

  return {
    async enqueue(touches) {
      for (const batch of batchesOf(touches)) {
        const entries = batch.map((t) => ({ MessageBody: JSON.stringify(t) }));
        const { unsent, callError } = await sendMessageBatch(client, options.queueUrl, entries, backoff);
        if (callError !== undefined) throw callError;
        if (unsent.length > 0)
          throw new EnqueueError(
            unsent.map((u) => batch[u.index]?.touchId ?? String(u.index)),
            unsent.map((u) => u.code),
          );
      }
    },
  };
}
