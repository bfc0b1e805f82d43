import { BatchWriteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Decision } from '../../functions/core/decisions.js';
import { BatchWriteError } from '../../functions/adapters/batch-write.js';
import { createDynamoDecisionTrail, expiresAtFor } from '../../functions/adapters/dynamodb-decision-trail.js';

const dynamo = mockClient(DynamoDBClient);
const client = new DynamoDBClient({ region: 'us-east-1' });
const AT = '2026-03-02T00:00:00.000Z';

function skipped(contactId: string): Decision {
  return { outcome: 'skipped', at: AT, accountId: 'acc-1', contactId, reason: { code: 'capped', until: '2026-03-04T00:00:00.000Z' }, passedOver: [] };
}

const run = (decisions: Decision[]) => ({ at: AT, state: { accountId: 'acc-1', phase: 'adoption' as const, health: null }, decisions, signals: [] });

beforeEach(() => dynamo.reset());

describe('DynamoDB decision trail', () => {
  it('writes the run and each decision beside the account, 25 items per call, each with its TTL', async () => {
    dynamo.on(BatchWriteItemCommand).resolves({});
    const trail = createDynamoDecisionTrail(client, { tableName: 'teichaku', retentionDays: 30 });
    await trail.record(run(Array.from({ length: 30 }, (_, i) => skipped(`c-${String(i).padStart(2, '0')}`))));
    const calls = dynamo.commandCalls(BatchWriteItemCommand).map((c) => c.args[0].input.RequestItems?.teichaku ?? []);
    expect(calls.map((c) => c.length)).toEqual([25, 6]);
    const items = calls.flat().map((r) => unmarshall(r.PutRequest?.Item ?? {}));
    expect(items[0]).toMatchObject({ pk: 'ACCOUNT#acc-1', sk: `PLAN#${AT}`, phase: 'adoption', decisions: 30 });
    expect(items[1]).toMatchObject({ pk: 'ACCOUNT#acc-1', sk: `DECISION#c-00#${AT}`, outcome: 'skipped', reason: 'capped', until: '2026-03-04T00:00:00.000Z' });
    expect(new Set(items.map((i) => i.expiresAt))).toEqual(new Set([expiresAtFor(AT, 30)]));
    expect(expiresAtFor(AT, 30)).toBe(Date.parse('2026-04-01T00:00:00.000Z') / 1000);
  });

  it('writes again the items DynamoDB left unprocessed, and names the table when some never go through', async () => {
    const sleeps: number[] = [];
    const backoff = { sleep: async (ms: number) => void sleeps.push(ms), random: () => 0.5, maxAttempts: 3 };
    dynamo.on(BatchWriteItemCommand).callsFake((input: { RequestItems: Record<string, unknown[]> }) => {
      const first = dynamo.commandCalls(BatchWriteItemCommand).length === 1;
      return { UnprocessedItems: first ? { teichaku: input.RequestItems.teichaku?.slice(1) } : {} };
    });
    await createDynamoDecisionTrail(client, { tableName: 'teichaku', backoff }).record(run([skipped('c-1')]));
    expect(dynamo.commandCalls(BatchWriteItemCommand).map((c) => c.args[0].input.RequestItems?.teichaku?.length)).toEqual([2, 1]);

    dynamo.reset();
    dynamo.on(BatchWriteItemCommand).callsFake((input: { RequestItems: Record<string, unknown[]> }) => ({ UnprocessedItems: { teichaku: input.RequestItems.teichaku } }));
    await expect(createDynamoDecisionTrail(client, { tableName: 'teichaku', backoff }).record(run([skipped('c-1')]))).rejects.toThrow(BatchWriteError);
    expect(sleeps.length).toBeGreaterThan(0);
  });
});
