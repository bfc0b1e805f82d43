// The ledger calls a sender needs to settle a claim it finds: claim as skipped in one write, read a
// claim back, mark a lost send `unconfirmed`. The memory ledger keeps the table's contract.
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDynamoTouchLedger } from '../../functions/adapters/dynamodb-ledger.js';
import { MemoryTouchLedger } from '../../functions/adapters/memory/touch-ledger.js';
import { aPlannedTouch } from '../fixtures/builders.js';

const dynamo = mockClient(DynamoDBClient);
const ledger = createDynamoTouchLedger(new DynamoDBClient({ region: 'us-east-1' }), { tableName: 'teichaku' });
const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

const touch = aPlannedTouch({ kind: 're-onboarding' });
const AT = '2026-02-02T01:05:00.000Z';
const LATER = '2026-02-02T01:12:00.000Z';

beforeEach(() => dynamo.reset());

describe('DynamoDB touch ledger: settling claims', () => {
  it('claims a dropped touch as skipped in the same conditional put', async () => {
    dynamo.on(PutItemCommand).resolves({});
    expect(await ledger.claim(touch, AT, 'skipped')).toBe('claimed');
    const input = dynamo.commandCalls(PutItemCommand)[0]?.args[0].input;
    expect(input?.ConditionExpression).toBe('attribute_not_exists(#pk)');
    expect(unmarshall(input?.Item ?? {})).toMatchObject({ status: 'skipped', statusAt: { claimed: AT, skipped: AT } });
  });

  it('reads a claim back with a strongly consistent read', async () => {
    dynamo.on(GetItemCommand).resolves({
      Item: marshall({ pk: 'ACCOUNT#acc-1', sk: `TOUCH#${touch.touchId}`, status: 'claimed', claimedAt: AT }),
    });
    expect(await ledger.inspect('acc-1', touch.touchId)).toEqual({ status: 'claimed', claimedAt: AT, messageId: null });
    const input = dynamo.commandCalls(GetItemCommand)[0]?.args[0].input;
    expect(input?.ConsistentRead).toBe(true);
    expect(unmarshall(input?.Key ?? {})).toEqual({ pk: 'ACCOUNT#acc-1', sk: `TOUCH#${touch.touchId}` });
  });

  it('reads no claim as null', async () => {
    dynamo.on(GetItemCommand).resolves({});
    expect(await ledger.inspect('acc-1', touch.touchId)).toBeNull();
  });

  it('marks only an open claim without a message id unconfirmed, keeping the first time', async () => {
    dynamo.on(UpdateItemCommand).resolves({});
    await ledger.markUnconfirmed('acc-1', touch.touchId, LATER);
    const input = dynamo.commandCalls(UpdateItemCommand)[0]?.args[0].input;
    expect(input?.ConditionExpression).toBe('#status = :claimed AND attribute_not_exists(messageId)');
    expect(input?.UpdateExpression).toContain('if_not_exists(#statusAt.#u, :at)');
    expect(unmarshall(input?.ExpressionAttributeValues ?? {})).toEqual({
      ':unconfirmed': 'unconfirmed',
      ':claimed': 'claimed',
      ':at': LATER,
    });
  });

  it('leaves a settled touch alone without an error', async () => {
    dynamo.on(UpdateItemCommand).rejects(conditionFailed());
    await expect(ledger.markUnconfirmed('acc-1', touch.touchId, LATER)).resolves.toBeUndefined();
  });

  it('lets other DynamoDB errors through, so the job is retried', async () => {
    dynamo
      .on(UpdateItemCommand)
      .rejects(Object.assign(new Error('throughput'), { name: 'ProvisionedThroughputExceededException' }));
    await expect(ledger.markUnconfirmed('acc-1', touch.touchId, LATER)).rejects.toThrow('throughput');
  });
});

describe('memory touch ledger: settling claims like the table', () => {
  it('marks an open claim unconfirmed once and reports it through inspect', async () => {
    const memory = new MemoryTouchLedger();
    await memory.claim(touch, AT);
    await memory.markUnconfirmed('acc-1', touch.touchId, LATER);
    await memory.markUnconfirmed('acc-1', touch.touchId, '2026-02-03T00:00:00.000Z');
    expect(await memory.inspect('acc-1', touch.touchId)).toEqual({
      status: 'unconfirmed',
      claimedAt: AT,
      messageId: null,
    });
    expect(memory.get('acc-1', touch.touchId)?.statuses.unconfirmed).toBe(LATER);
  });

  it('never marks a sent or skipped touch unconfirmed', async () => {
    const memory = new MemoryTouchLedger();
    await memory.claim(touch, AT);
    await memory.markSent('acc-1', touch.touchId, 'ses-1', AT);
    const skipped = { ...touch, touchId: 're-onboarding.ffffffffffffffffffffffffffffffff' };
    await memory.claim(skipped, AT, 'skipped');
    await memory.markUnconfirmed('acc-1', touch.touchId, LATER);
    await memory.markUnconfirmed('acc-1', skipped.touchId, LATER);
    expect((await memory.inspect('acc-1', touch.touchId))?.status).toBe('sent');
    expect((await memory.inspect('acc-1', skipped.touchId))?.status).toBe('skipped');
  });

  it('releases only a claim still open, as the conditional delete does', async () => {
    const memory = new MemoryTouchLedger();
    await memory.claim(touch, AT);
    await memory.markUnconfirmed('acc-1', touch.touchId, LATER);
    await memory.release('acc-1', touch.touchId);
    expect(await memory.inspect('acc-1', touch.touchId)).not.toBeNull();
  });
});
