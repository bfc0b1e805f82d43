import { BatchWriteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { BatchWriteError } from '../../functions/adapters/batch-write.js';
import {
  createDynamoDecisionTrail,
  DECISIONS_PER_ITEM,
  expiresAtFor,
} from '../../functions/adapters/dynamodb-decision-trail.js';
import type { Decision } from '../../functions/core/decisions.js';

const dynamo = mockClient(DynamoDBClient);
const client = new DynamoDBClient({ region: 'us-east-1' });
const AT = '2026-03-02T00:00:00.000Z';

function skipped(contactId: string): Decision {
  return {
    outcome: 'skipped',
    at: AT,
    accountId: 'acc-1',
    contactId,
    reason: { code: 'capped', until: '2026-03-04T00:00:00.000Z' },
    passedOver: [],
  };
}

const run = (decisions: Decision[]) => ({
  at: AT,
  state: { accountId: 'acc-1', phase: 'adoption' as const, health: null },
  decisions,
  signals: [],
});

beforeEach(() => dynamo.reset());

describe('DynamoDB decision trail', () => {
  it('writes one item per run beside the account, with its decisions, its health and a TTL', async () => {
    dynamo.on(BatchWriteItemCommand).resolves({});
    const trail = createDynamoDecisionTrail(client, { tableName: 'teichaku', retentionDays: 30 });
    await trail.record(run([skipped('c-1'), skipped('c-2')]));
    const items = dynamo
      .commandCalls(BatchWriteItemCommand)
      .flatMap((c) => c.args[0].input.RequestItems?.teichaku ?? [])
      .map((r) => unmarshall(r.PutRequest?.Item ?? {}));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      pk: 'ACCOUNT#acc-1',
      sk: `PLAN#${AT}#000`,
      part: 0,
      phase: 'adoption',
      decisions: 2,
      expiresAt: expiresAtFor(AT, 30),
    });
    expect(items[0]?.trail).toEqual([
      {
        at: AT,
        accountId: 'acc-1',
        contactId: 'c-1',
        outcome: 'skipped',
        reason: 'capped',
        until: '2026-03-04T00:00:00.000Z',
        passedOver: [],
      },
      {
        at: AT,
        accountId: 'acc-1',
        contactId: 'c-2',
        outcome: 'skipped',
        reason: 'capped',
        until: '2026-03-04T00:00:00.000Z',
        passedOver: [],
      },
    ]);
    expect(expiresAtFor(AT, 30)).toBe(Date.parse('2026-04-01T00:00:00.000Z') / 1000);
  });

  it('spreads a large account’s run over parts that each stay far under the item size limit', async () => {
    dynamo.on(BatchWriteItemCommand).resolves({});
    const many = Array.from({ length: DECISIONS_PER_ITEM * 2 + 1 }, (_, i) =>
      skipped(`c-${String(i).padStart(4, '0')}`),
    );
    await createDynamoDecisionTrail(client, { tableName: 'teichaku' }).record(run(many));
    const items = dynamo
      .commandCalls(BatchWriteItemCommand)
      .flatMap((c) => c.args[0].input.RequestItems?.teichaku ?? [])
      .map((r) => unmarshall(r.PutRequest?.Item ?? {}));
    expect(items.map((i) => [i.sk, (i.trail as unknown[]).length])).toEqual([
      [`PLAN#${AT}#000`, DECISIONS_PER_ITEM],
      [`PLAN#${AT}#001`, DECISIONS_PER_ITEM],
      [`PLAN#${AT}#002`, 1],
    ]);
    expect(items[1]?.phase).toBeUndefined();
  });

  it('writes again the items DynamoDB left unprocessed, and names the table when some never go through', async () => {
    const sleeps: number[] = [];
    const backoff = { sleep: async (ms: number) => void sleeps.push(ms), random: () => 0.5, maxAttempts: 3 };
    dynamo.on(BatchWriteItemCommand).callsFake((input: { RequestItems: Record<string, unknown[]> }) => {
      const first = dynamo.commandCalls(BatchWriteItemCommand).length === 1;
      return { UnprocessedItems: first ? { teichaku: input.RequestItems.teichaku?.slice(1) } : {} };
    });
    const twoParts = Array.from({ length: DECISIONS_PER_ITEM + 1 }, (_, i) =>
      skipped(`c-${String(i).padStart(4, '0')}`),
    );
    await createDynamoDecisionTrail(client, { tableName: 'teichaku', backoff }).record(run(twoParts));
    expect(
      dynamo.commandCalls(BatchWriteItemCommand).map((c) => c.args[0].input.RequestItems?.teichaku?.length),
    ).toEqual([2, 1]);

    dynamo.reset();
    dynamo.on(BatchWriteItemCommand).callsFake((input: { RequestItems: Record<string, unknown[]> }) => ({
      UnprocessedItems: { teichaku: input.RequestItems.teichaku },
    }));
    await expect(
      createDynamoDecisionTrail(client, { tableName: 'teichaku', backoff }).record(run([skipped('c-1')])),
    ).rejects.toThrow(BatchWriteError);
    expect(sleeps.length).toBeGreaterThan(0);
  });
});
