// PlanningQueue on SQS SendMessageBatch: one message per work item, its JSON as the body (the planner
// parses it with the PlanningWork schema). Up to 10 messages per call; entries SQS failed on its side
// are retried with backoff; what still fails throws, naming the shard ranges.
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import type { PlanningWork } from '../core/planning-work.js';
import type { PlanningQueue } from '../core/ports.js';
import { type BackoffOptions, retryWithBackoff, withBackoffDefaults } from './backoff.js';
import { planningWorkBody } from './planning-work-message.js';

const MESSAGES_PER_CALL = 10;

/** Some work items could not be queued: their shards are not planned by this run. */
export class PlanningEnqueueError extends Error {
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

class PartialFailure extends Error {
  constructor(readonly retryable: boolean) {
    super('some entries failed');
  }
}

export interface SqsPlanningQueueOptions {
  readonly queueUrl: string;
  readonly backoff?: Partial<BackoffOptions>;
}

export function createSqsPlanningQueue(client: SQSClient, options: SqsPlanningQueueOptions): PlanningQueue {
  const backoff = withBackoffDefaults(options.backoff);

  async function sendChunk(items: readonly PlanningWork[]): Promise<void> {
    let pending: SendMessageBatchRequestEntry[] = items.map((w, i) => ({
      Id: String(i),
      MessageBody: planningWorkBody(w),
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
          // SenderFault: the entry itself is wrong; retrying cannot help.
          throw new PartialFailure(!failed.some((f) => f.SenderFault === true));
        },
        (error) => error instanceof PartialFailure && error.retryable,
        backoff,
      );
    } catch (error) {
      if (error instanceof PartialFailure)
        throw new PlanningEnqueueError(
          pending.map((e) => items[Number(e.Id)] as PlanningWork),
          codes,
        );
      throw error;
    }
  }

  return {
    async enqueue(items) {
      for (let i = 0; i < items.length; i += MESSAGES_PER_CALL) await sendChunk(items.slice(i, i + MESSAGES_PER_CALL));
    },
  };
}
