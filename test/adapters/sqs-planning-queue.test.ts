import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { parsePlanningWork } from '../../functions/adapters/planning-work-message.js';
import { createSqsPlanningQueue, PlanningEnqueueError } from '../../functions/adapters/sqs-planning-queue.js';
import { planningWorkAt } from '../../functions/core/planning-work.js';

const sqs = mockClient(SQSClient);
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/planning';
const queue = createSqsPlanningQueue(new SQSClient({ region: 'us-east-1' }), {
  queueUrl: QUEUE_URL,
  backoff: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => undefined },
});
const ITEMS = planningWorkAt('2026-01-26T00:00:00.000Z', 16, 1);

beforeEach(() => sqs.reset());

describe('SQS planning queue', () => {
  it('sends one message per work item, ten per call, each body an item the planner parses back', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    await queue.enqueue(ITEMS);
    const calls = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.Entries?.length)).toEqual([10, 6]);
    expect(calls[0]?.QueueUrl).toBe(QUEUE_URL);
    const bodies = calls.flatMap((c) => c.Entries ?? []).map((e) => parsePlanningWork(e.MessageBody ?? ''));
    expect(bodies).toEqual(ITEMS.map((work) => ({ kind: 'ok', work })));
  });

  it('sends again what SQS failed on its side, and names the shards of what it refused for good', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({ Failed: [{ Id: '1', Code: 'InternalError', SenderFault: false }] })
      .resolvesOnce({ Failed: [] })
      .resolves({ Failed: [{ Id: '0', Code: 'InvalidMessageContents', SenderFault: true }] });
    await queue.enqueue(ITEMS.slice(0, 2));
    expect(sqs.commandCalls(SendMessageBatchCommand)[1]?.args[0].input.Entries?.map((e) => e.Id)).toEqual(['1']);
    const error = await queue.enqueue(ITEMS.slice(5, 6)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlanningEnqueueError);
    expect((error as Error).message).toMatch(/InvalidMessageContents.*shards 5–5/);
  });
});
