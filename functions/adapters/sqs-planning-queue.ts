// PlanningQueue on SQS SendMessageBatch: one message per work item, its JSON as the body (the planner
// parses it with the PlanningWork schema). Up to 10 messages per call; entries SQS failed on its side
// are retried with backoff; what still fails throws, naming the shard ranges.
import type { SQSClient } from '@aws-sdk/client-sqs';
import { TeichakuError } from '../core/errors.js';
import type { PlanningWork } from '../core/planning-work.js';
import type { PlanningQueue } from '../core/ports.js';
import { type BackoffOptions, withBackoffDefaults } from './backoff.js';
import { planningWorkBody } from './planning-work-message.js';
import { batchesOf, sendMessageBatch } from './sqs-batch.js';

/** Some work items could not be queued: their shards are not planned by this run. */
export class PlanningEnqueueError extends TeichakuError {
  readonly code = 'PLANNING_ENQUEUE';
  override readonly name = 'PlanningEnqueueError';
  constructor(
    readonly items: readonly PlanningWork[],
    readonly codes: readonly string[],
  ) {
    super(
      `SQS refused ${items.length} planning work item(s) (${[...new Set(codes)].join(', ')}): shards ${items
        .map((w) => `${w.shards.first}–${w.shards.last}`)
        .join(', ')}; they are planned by the next run`,
    );
  }
}

export interface SqsPlanningQueueOptions {
  readonly queueUrl: string;
  readonly backoff?: Partial<BackoffOptions>;
}

export function createSqsPlanningQueue(client: SQSClient, options: SqsPlanningQueueOptions): PlanningQueue {
  const backoff = withBackoffDefaults(options.backoff);

  return {
    async enqueue(items) {
      for (const batch of batchesOf(items)) {
        const entries = batch.map((w) => ({ MessageBody: planningWorkBody(w) }));
        const outcome = await sendMessageBatch(client, options.queueUrl, entries, backoff);
        // A call that failed as a whole (access denied, the queue gone) keeps its own error.
        if (outcome.callError !== undefined) throw outcome.callError;
        if (outcome.unsent.length > 0)
          throw new PlanningEnqueueError(
            outcome.unsent.map((u) => batch[u.index] as PlanningWork),
            outcome.unsent.map((u) => u.code),
          );
      }
    },
  };
}
