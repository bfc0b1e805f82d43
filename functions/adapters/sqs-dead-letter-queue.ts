// A dead-letter queue read and emptied from the command line (`teichaku dlq`): receive its messages
// with their teichaku attributes, hand them back (visible again), delete them; and a work queue to
// send them back to. SQS calls only; what to show and when to delete is the command's.
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { batchesOf, SQS_BATCH_MAX } from './sqs-batch.js';
import { DEAD_LETTER_ATTRIBUTES } from './sqs-dead-letters.js';

/** One message of a dead-letter queue. The teichaku attributes are null on a message SQS moved there itself (after its last delivery). */
export interface DeadLetterMessage {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  /** When it was sent to the dead-letter queue (ISO), if SQS said. */
  readonly sentAt: string | null;
  readonly reason: string | null;
  readonly eventId: string | null;
  readonly touchId: string | null;
  /** The ARN of the queue it came from. */
  readonly sourceQueue: string | null;
  /** The message's other attributes, passed on as they are by a redrive. */
  readonly otherAttributes: Readonly<Record<string, MessageAttributeValue>>;
}

export interface DeadLetterQueue {
  /** Up to 10 messages, hidden from other readers for `visibilityTimeoutSec`. */
  receive(visibilityTimeoutSec: number): Promise<DeadLetterMessage[]>;
  /** Makes the messages visible again at once. */
  release(messages: readonly DeadLetterMessage[]): Promise<void>;
  /** Deletes the messages; returns the ids of those SQS did not delete. */
  remove(messages: readonly DeadLetterMessage[]): Promise<string[]>;
}

export interface RedriveTarget {
  /** Sends each body (and its other attributes) to the queue; returns the ids of those SQS did not take. */
  send(messages: readonly DeadLetterMessage[]): Promise<string[]>;
}

/**
 * Makes one batch call per ten messages, in turn; returns the ids of the messages SQS says it failed
 * on (its `Failed` entries name them by their index in the call).
 */
async function inBatches(
  messages: readonly DeadLetterMessage[],
  call: (batch: DeadLetterMessage[]) => Promise<{ readonly Failed?: readonly { readonly Id?: string | undefined }[] }>,
): Promise<string[]> {
  const failed: string[] = [];
  for (const batch of batchesOf(messages)) {
    const out = await call(batch);
    for (const f of out.Failed ?? []) failed.push(batch[Number(f.Id)]?.messageId ?? '?');
  }
  return failed;
}

const TEICHAKU = new Set<string>(Object.values(DEAD_LETTER_ATTRIBUTES));

export function createSqsDeadLetterQueue(client: SQSClient, queueUrl: string): DeadLetterQueue {
  return {
    async receive(visibilityTimeoutSec) {
      const out = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: SQS_BATCH_MAX,
          VisibilityTimeout: visibilityTimeoutSec,
          // A short wait: an empty answer from a queue that still holds messages is rarer than with none.
          WaitTimeSeconds: 1,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['SentTimestamp'],
        }),
      );
      return (out.Messages ?? []).flatMap((m) => {
        if (m.MessageId === undefined || m.ReceiptHandle === undefined) return [];
        const attributes = m.MessageAttributes ?? {};
        const text = (name: string) => attributes[name]?.StringValue ?? null;
        const sent = Number(m.Attributes?.SentTimestamp);
        return [
          {
            messageId: m.MessageId,
            receiptHandle: m.ReceiptHandle,
            body: m.Body ?? '',
            sentAt: Number.isFinite(sent) && sent > 0 ? new Date(sent).toISOString() : null,
            reason: text(DEAD_LETTER_ATTRIBUTES.reason),
            eventId: text(DEAD_LETTER_ATTRIBUTES.eventId),
            touchId: text(DEAD_LETTER_ATTRIBUTES.touchId),
            sourceQueue: text(DEAD_LETTER_ATTRIBUTES.sourceQueue),
            otherAttributes: Object.fromEntries(Object.entries(attributes).filter(([name]) => !TEICHAKU.has(name))),
          },
        ];
      });
    },
    async release(messages) {
      // What SQS failed to release becomes visible anyway when its timeout ends.
      await inBatches(messages, (batch) =>
        client.send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: queueUrl,
            Entries: batch.map((m, i) => ({ Id: String(i), ReceiptHandle: m.receiptHandle, VisibilityTimeout: 0 })),
          }),
        ),
      );
    },
    remove: (messages) =>
      inBatches(messages, (batch) =>
        client.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: batch.map((m, i) => ({ Id: String(i), ReceiptHandle: m.receiptHandle })),
          }),
        ),
      ),
  };
}

export function createSqsRedriveTarget(client: SQSClient, queueUrl: string): RedriveTarget {
  return {
    send: (messages) =>
      inBatches(messages, (batch) =>
        client.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: batch.map((m, i) => ({
              Id: String(i),
              MessageBody: m.body,
              ...(Object.keys(m.otherAttributes).length === 0 ? {} : { MessageAttributes: { ...m.otherAttributes } }),
            })),
          }),
        ),
      ),
  };
}

/** The queue name at the end of a queue URL or ARN. */
export function queueNameOf(urlOrArn: string): string {
  return (
    urlOrArn
      .split(/[/:]/)
      .filter((part) => part !== '')
      .at(-1) ?? urlOrArn
  );
}
