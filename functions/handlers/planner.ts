// Planner λ, one worker of the fan-out: each message of the planning queue is a work item (a range of
// the due index's shards, as of the run's instant) that the use case (functions/app/plan-shard-range.ts)
// plans. A body that is not a work item goes to the dead-letter queue at once, with its reason; an item
// in which some accounts failed fails its record, so SQS delivers it again after the visibility
// timeout (then the dead-letter queue, after the queue's usual receives); the accounts it planned stay planned.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { parsePlanningWork } from '../adapters/planning-work-message.js';
import { createPlanShardRange, type PlanShardRangeDeps } from '../app/plan-shard-range.js';
import type { DeadLetters } from '../core/ports.js';
import { deadLetterRejections, type Rejection } from './dead-letters.js';
import { lambdaEntry, plannerDepsFromEnv } from './wiring.js';

export { type PlannerRun, PlannerRunError } from '../app/plan-accounts.js';
export type { ShardRangeRun } from '../app/plan-shard-range.js';

export interface PlannerDeps extends PlanShardRangeDeps {
  /** Where bodies that are no work item go at once, with their reason; without it their records fail for SQS's redrive policy. */
  readonly deadLetters?: DeadLetters;
}

export function createPlannerHandler(deps: PlannerDeps): (event: SQSEvent) => Promise<SQSBatchResponse> {
  const { logger } = deps;
  const planRange = createPlanShardRange(deps);
  return async (event) => {
    const processor = new BatchProcessor(EventType.SQS);
    const rejections: Rejection[] = [];
    const processItem = async (record: SQSRecord): Promise<void> => {
      const parsed = parsePlanningWork(record.body);
      if (parsed.kind === 'rejected') {
        logger.warn('planning work item rejected', { messageId: record.messageId, reason: parsed.reason });
        rejections.push({ record, reason: parsed.reason, eventId: null });
        return;
      }
      await planRange(parsed.work);
    };
    // One item after the other: each plans its accounts several at a time already.
    const response = await processPartialResponse(event, processItem, processor, {
      processInParallel: false,
      throwOnFullBatchFailure: false,
    });
    const failed = await deadLetterRejections(deps.deadLetters, rejections, logger);
    return {
      batchItemFailures: [...response.batchItemFailures, ...failed.map((itemIdentifier) => ({ itemIdentifier }))],
    };
  };
}

export const handler = lambdaEntry(() => createPlannerHandler(plannerDepsFromEnv()));
