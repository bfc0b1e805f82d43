// The touch ledger's statuses on a real local DynamoDB: how many writes each SES event costs, and that
// any order of events ends at the same item.
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDynamoTouchLedger } from '../../functions/adapters/dynamodb-ledger.js';
import { accountPartitionKey, TABLE_KEY, touchSortKey } from '../../functions/adapters/table-schema.js';
import type { PlannedTouch } from '../../functions/core/decisions.js';
import type { TouchStatus } from '../../functions/core/ports.js';
import { aFeatureTip } from '../fixtures/builders.js';
import { useLocalTable } from '../fixtures/local-table.js';

/** UpdateItem calls sent, refused ones included (DynamoDB bills those too). */
let updates = 0;
const local = useLocalTable('ledger', {
  onClient: (client) =>
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'UpdateItemCommand') updates += 1;
        return next(args);
      },
      { step: 'initialize', name: 'countUpdates' },
    ),
});
const tableName = local.tableName;
const touch = (n: number) => aFeatureTip(n);

async function stored(
  t: PlannedTouch,
): Promise<{ status: TouchStatus; statusAt: Record<string, string>; messageId?: string }> {
  const out = await local.dynamo.send(
    new GetItemCommand({
      TableName: tableName,
      Key: marshall({
        [TABLE_KEY.partitionKey]: accountPartitionKey(t.accountId),
        [TABLE_KEY.sortKey]: touchSortKey(t.touchId),
      }),
      ConsistentRead: true,
    }),
  );
  return unmarshall(out.Item ?? {}) as { status: TouchStatus; statusAt: Record<string, string>; messageId?: string };
}

const at = (minute: number) => `2026-02-02T01:${String(minute).padStart(2, '0')}:00.000Z`;

describe('touch ledger statuses on DynamoDB Local', () => {
  const ledger = () => createDynamoTouchLedger(local.dynamo, { tableName });

  it('marks sent and records each later status in one write when the events come in order', async () => {
    const t = touch(1);
    await ledger().claim(t, at(0));
    updates = 0;
    await ledger().markSent(t.accountId, t.touchId, 'ses-1', at(1));
    await ledger().recordStatus(t.accountId, t.touchId, 'delivered', at(2));
    await ledger().recordStatus(t.accountId, t.touchId, 'opened', at(3));
    expect(updates).toBe(3);
    expect(await stored(t)).toMatchObject({
      status: 'opened',
      messageId: 'ses-1',
      statusAt: { claimed: at(0), sent: at(1), delivered: at(2), opened: at(3) },
    });
  });

  it('writes nothing for a second open of the same email: one refused write, the item unchanged', async () => {
    const t = touch(1);
    const before = await stored(t);
    updates = 0;
    await ledger().recordStatus(t.accountId, t.touchId, 'opened', at(9));
    expect(updates).toBe(1);
    expect(await stored(t)).toEqual(before);
  });

  it('stamps a late delivery under a touch already opened, keeping its status and first times', async () => {
    const t = touch(2);
    await ledger().claim(t, at(0));
    await ledger().markSent(t.accountId, t.touchId, 'ses-2', at(1));
    await ledger().recordStatus(t.accountId, t.touchId, 'opened', at(3));
    await ledger().recordStatus(t.accountId, t.touchId, 'delivered', at(2));
    await ledger().recordStatus(t.accountId, t.touchId, 'delivered', at(5));
    expect(await stored(t)).toMatchObject({
      status: 'opened',
      statusAt: { sent: at(1), delivered: at(2), opened: at(3) },
    });
  });

  it('records the message id of a send whose delivery was recorded first', async () => {
    const t = touch(3);
    await ledger().claim(t, at(0));
    await ledger().recordStatus(t.accountId, t.touchId, 'delivered', at(2));
    await ledger().markSent(t.accountId, t.touchId, 'ses-3', at(1));
    expect(await stored(t)).toMatchObject({
      status: 'delivered',
      messageId: 'ses-3',
      statusAt: { sent: at(1), delivered: at(2) },
    });
  });

  it('leaves a touch it never claimed absent, and refuses to mark it sent', async () => {
    const t = touch(4);
    await ledger().recordStatus(t.accountId, t.touchId, 'delivered', at(2));
    expect(await stored(t)).toEqual({});
    await expect(ledger().markSent(t.accountId, t.touchId, 'ses-4', at(1))).rejects.toThrow(/never claimed/);
  });
});
