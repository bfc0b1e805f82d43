// SQS queues of the stack: every queue is encrypted, refuses plain HTTP, and has somewhere for its
// failures to go.
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * Lambda's guidance for SQS sources: a visibility timeout of at least six times the function timeout
 * plus the batching window, so a message is not visible again while a retried invocation still runs.
 */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

/**
 * Five attempts, then the message is kept for a person: enough to ride out throttling and a busy
 * minute (issue #16), not a loop. Deterministic rejections skip the wait: ingest and the sender send
 * those to their dead-letter queue themselves.
 */
export const MAX_RECEIVE_COUNT = 5;

/** The longest SQS keeps a message: a dead letter waits two weeks for someone to look at it. */
const DEAD_LETTER_RETENTION = Duration.days(14);

export interface WorkQueue {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
}

export function deadLetterQueue(scope: Construct, id: string, removalPolicy: RemovalPolicy): Queue {
  return new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: DEAD_LETTER_RETENTION,
    removalPolicy,
  });
}

export interface WorkQueueOptions {
  /** Timeout of the consuming function. */
  readonly consumerTimeout: Duration;
  /** Batching window of the event source. */
  readonly batchingWindow: Duration;
  readonly removalPolicy: RemovalPolicy;
}

/** A queue consumed by one Lambda, with its dead-letter queue. */
export function workQueue(scope: Construct, id: string, options: WorkQueueOptions): WorkQueue {
  const { consumerTimeout, batchingWindow, removalPolicy } = options;
  const dlq = deadLetterQueue(scope, `${id}DeadLetters`, removalPolicy);
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    visibilityTimeout: Duration.seconds(
      consumerTimeout.toSeconds() * VISIBILITY_TIMEOUT_FACTOR + batchingWindow.toSeconds(),
    ),
    deadLetterQueue: { queue: dlq, maxReceiveCount: MAX_RECEIVE_COUNT },
    removalPolicy,
  });
  return { queue, deadLetterQueue: dlq };
}
