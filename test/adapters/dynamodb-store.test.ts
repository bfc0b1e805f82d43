import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  AccountItemTooLargeError,
  CorruptAccountItemError,
  createDynamoAccountStore,
} from '../../functions/adapters/dynamodb-store.js';
import { packState } from '../../functions/adapters/packed-state.js';
import { allDueShards, dueShardOf } from '../../functions/adapters/table-schema.js';
import { VersionConflictError } from '../../functions/core/ports.js';
import { type AccountState, emptyAccountState } from '../../functions/core/state.js';
import { anAccount } from '../fixtures/builders.js';
import { aBusyAccount } from './busy-account.js';

const dynamo = mockClient(DynamoDBClient);
const store = createDynamoAccountStore(new DynamoDBClient({ region: 'us-east-1' }), {
  tableName: 'teichaku',
  dueShards: 4,
});

function withDue(state: AccountState, nextDueAt: string | null): AccountState {
  return { ...state, cadence: { ...state.cadence, nextDueAt } };
}

beforeEach(() => dynamo.reset());

describe('DynamoDB account store', () => {
  it('creates a new account only when no item exists yet', async () => {
    dynamo.on(PutItemCommand).resolves({});
    const saved = await store.save(emptyAccountState('acc-1', 'default'));
    const input = dynamo.commandCalls(PutItemCommand)[0]?.args[0].input;
    expect(input?.ConditionExpression).toBe('attribute_not_exists(#pk)');
    expect(input?.ExpressionAttributeNames).toEqual({ '#pk': 'pk' });
    expect(saved.version).toBe(1);
    const item = unmarshall(input?.Item ?? {});
    expect(item).toMatchObject({ pk: 'ACCOUNT#acc-1', sk: 'STATE', version: 1 });
  });

  it('writes an existing account only if the stored version is the one read', async () => {
    dynamo.on(PutItemCommand).resolves({});
    const state = { ...anAccount('acc-1').withProfile().state(), version: 7 };
    const saved = await store.save(state);
    const input = dynamo.commandCalls(PutItemCommand)[0]?.args[0].input;
    expect(input?.ConditionExpression).toBe('#version = :expected');
    expect(input?.ExpressionAttributeValues).toEqual({ ':expected': { N: '7' } });
    expect(unmarshall(input?.Item ?? {}).version).toBe(8);
    expect(saved).toEqual({ ...state, version: 8 });
  });

  it('turns a failed version condition into a VersionConflictError', async () => {
    dynamo
      .on(PutItemCommand)
      .rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
    await expect(store.save({ ...emptyAccountState('acc-1', 'default'), version: 3 })).rejects.toBeInstanceOf(
      VersionConflictError,
    );
  });

  it('names the account when the item outgrows the 400 KB limit', async () => {
    const tooLarge = Object.assign(new Error('Item size has exceeded the maximum allowed size'), {
      name: 'ValidationException',
    });
    dynamo.on(PutItemCommand).rejects(tooLarge);
    await expect(store.save(emptyAccountState('acc-9', 'default'))).rejects.toThrowError(AccountItemTooLargeError);
  });

  it('puts an account in its due shard while it has a next due time, and takes it out when it has none', async () => {
    dynamo.on(PutItemCommand).resolves({});
    await store.save(withDue(emptyAccountState('acc-1', 'default'), '2026-02-02T00:00:00.000Z'));
    await store.save({ ...withDue(emptyAccountState('acc-1', 'default'), null), version: 1 });
    const [due, none] = dynamo.commandCalls(PutItemCommand).map((c) => unmarshall(c.args[0].input.Item ?? {}));
    expect(due).toMatchObject({ dueShard: dueShardOf('acc-1', 4), nextDueAt: '2026-02-02T00:00:00.000Z' });
    expect(none).not.toHaveProperty('dueShard');
    expect(none).not.toHaveProperty('nextDueAt');
  });

  it('loads what it saved, with a consistent read', async () => {
    const state = anAccount('acc-1').withProfile().withContact('c-1', { role: 'owner' }).state();
    dynamo.on(PutItemCommand).resolves({});
    const saved = await store.save(state);
    const written = dynamo.commandCalls(PutItemCommand)[0]?.args[0].input.Item;
    dynamo.on(GetItemCommand).resolves({ Item: written });
    expect(await store.load('acc-1')).toEqual(saved);
    expect(dynamo.commandCalls(GetItemCommand)[0]?.args[0].input).toMatchObject({
      ConsistentRead: true,
      Key: marshall({ pk: 'ACCOUNT#acc-1', sk: 'STATE' }),
    });
  });

  it('stores the state in one packed binary attribute, beside only the keys, the version and the due attributes', async () => {
    dynamo.on(PutItemCommand).resolves({});
    await store.save(aBusyAccount('acc-1', 10));
    const item = dynamo.commandCalls(PutItemCommand)[0]?.args[0].input.Item ?? {};
    expect(Object.keys(item).sort()).toEqual(['dueShard', 'nextDueAt', 'packed', 'pk', 'sk', 'version']);
    expect(item.packed?.B).toBeInstanceOf(Uint8Array);
  });

  it('reads an item written before the packing (the state as a map) and writes it packed on its next save', async () => {
    const state = { ...aBusyAccount('acc-1', 3), version: 4 };
    const { version, ...body } = state;
    dynamo.on(GetItemCommand).resolves({
      Item: marshall({ pk: 'ACCOUNT#acc-1', sk: 'STATE', version, state: body }, { removeUndefinedValues: true }),
    });
    dynamo.on(PutItemCommand).resolves({});
    const loaded = await store.load('acc-1');
    expect(loaded).toEqual(state);
    await store.save(loaded as AccountState);
    const rewritten = dynamo.commandCalls(PutItemCommand)[0]?.args[0].input;
    expect(rewritten?.Item).not.toHaveProperty('state');
    expect(rewritten?.Item?.packed?.B).toBeInstanceOf(Uint8Array);
    expect(rewritten?.ExpressionAttributeValues).toEqual({ ':expected': { N: '4' } });
    dynamo.on(GetItemCommand).resolves({ Item: rewritten?.Item });
    expect(await store.load('acc-1')).toEqual({ ...state, version: 5 });
  });

  it('names the account and what is wrong when the packed state is damaged, and never its content', async () => {
    const { version: _version, ...body } = aBusyAccount('acc-1', 3);
    const packed = packState(body);
    dynamo.on(GetItemCommand).resolves({
      Item: {
        pk: { S: 'ACCOUNT#acc-1' },
        sk: { S: 'STATE' },
        version: { N: '3' },
        packed: { B: packed.subarray(0, packed.length - 40) },
      },
    });
    const error: unknown = await store.load('acc-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptAccountItemError);
    expect((error as Error).message).toMatch(
      /^account acc-1: stored state item is unreadable \(packed state does not inflate/,
    );
    expect((error as Error).message).not.toMatch(/example\.com|Person/);
  });

  it("refuses an item whose packed state is another account's", async () => {
    const { version: _version, ...other } = aBusyAccount('acc-2', 1);
    dynamo.on(GetItemCommand).resolves({
      Item: { pk: { S: 'ACCOUNT#acc-1' }, sk: { S: 'STATE' }, version: { N: '1' }, packed: { B: packState(other) } },
    });
    await expect(store.load('acc-1')).rejects.toThrowError(/account acc-1: .*another account id/);
  });

  it('refuses an item with neither a packed nor a map state, or without a version', async () => {
    dynamo
      .on(GetItemCommand)
      .resolvesOnce({ Item: { pk: { S: 'ACCOUNT#acc-1' }, sk: { S: 'STATE' }, version: { N: '1' } } })
      .resolvesOnce({
        Item: {
          pk: { S: 'ACCOUNT#acc-1' },
          sk: { S: 'STATE' },
          packed: { B: packState(emptyAccountState('acc-1', 'default')) },
        },
      });
    await expect(store.load('acc-1')).rejects.toThrowError(
      /account acc-1: .*neither packed \(binary\) nor state \(map\)/,
    );
    await expect(store.load('acc-1')).rejects.toThrowError(/account acc-1: .*missing or non-integer version/);
  });

  it('loads null for an account it never saw', async () => {
    dynamo.on(GetItemCommand).resolves({});
    expect(await store.load('nobody')).toBeNull();
  });

  // The index's keys-only projection holds the index keys besides the table's.
  const DUE = { sk: 'STATE', nextDueAt: '2026-02-01T00:00:00.000Z' };

  it('lists the due accounts of a shard range from a cursor, starting the cursor’s shard at its key', async () => {
    dynamo.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: Record<string, { S: string }> }) => ({
      Items: [marshall({ pk: `ACCOUNT#in-${input.ExpressionAttributeValues[':shard']?.S}`, ...DUE })],
    }));
    const cursor = { shard: 2, dueAt: '2026-02-01T00:00:00.000Z', accountId: 'acc-9' };
    const entries = [];
    for await (const e of store.listDueIn({ first: 1, last: 3 }, '2026-02-02T00:00:00.000Z', cursor)) entries.push(e);
    expect(entries).toEqual([
      { accountId: 'in-DUE#2', shard: 2, dueAt: DUE.nextDueAt },
      { accountId: 'in-DUE#3', shard: 3, dueAt: DUE.nextDueAt },
    ]);
    const calls = dynamo.commandCalls(QueryCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.ExpressionAttributeValues?.[':shard']?.S)).toEqual(['DUE#2', 'DUE#3']);
    expect(calls[0]?.ExclusiveStartKey).toEqual(
      marshall({ dueShard: 'DUE#2', nextDueAt: cursor.dueAt, pk: 'ACCOUNT#acc-9', sk: 'STATE' }),
    );
    expect(calls[1]?.ExclusiveStartKey).toBeUndefined();
    await expect(async () => {
      for await (const _ of store.listDueIn({ first: 0, last: 4 }, '2026-02-02T00:00:00.000Z', null)) void _;
    }).rejects.toThrow(/shards 0–4 asked of a due index of 4 shards/);
  });

  it('lists due accounts by querying every shard of the due index, page by page, never scanning', async () => {
    dynamo
      .on(QueryCommand)
      .callsFake((input: { ExpressionAttributeValues: Record<string, { S: string }>; ExclusiveStartKey?: unknown }) => {
        const shard = input.ExpressionAttributeValues[':shard']?.S;
        if (shard === 'DUE#1' && input.ExclusiveStartKey === undefined) {
          return { Items: [marshall({ pk: 'ACCOUNT#a', ...DUE })], LastEvaluatedKey: marshall({ pk: 'ACCOUNT#a' }) };
        }
        if (shard === 'DUE#1') return { Items: [marshall({ pk: 'ACCOUNT#b', ...DUE })] };
        if (shard === 'DUE#3') return { Items: [marshall({ pk: 'ACCOUNT#c:x', ...DUE })] };
        return { Items: [] };
      });
    const ids: string[] = [];
    for await (const id of store.listDue('2026-02-02T00:00:00.000Z')) ids.push(id);
    expect(ids).toEqual(['a', 'b', 'c:x']);
    const calls = dynamo.commandCalls(QueryCommand).map((c) => c.args[0].input);
    expect(new Set(calls.map((c) => c.ExpressionAttributeValues?.[':shard']?.S))).toEqual(new Set(allDueShards(4)));
    for (const call of calls) {
      expect(call).toMatchObject({ IndexName: 'due', KeyConditionExpression: '#shard = :shard AND #due <= :until' });
      expect(call.ExpressionAttributeValues?.[':until']).toEqual({ S: '2026-02-02T00:00:00.000Z' });
    }
    expect(dynamo.calls().every((c) => c.args[0] instanceof QueryCommand)).toBe(true);
  });
});

describe('due shards', () => {
  it('keeps every account in one stable shard within range', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 128 }), fc.integer({ min: 1, max: 64 }), (id, shards) => {
        const shard = dueShardOf(id, shards);
        expect(shard).toBe(dueShardOf(id, shards));
        expect(allDueShards(shards)).toContain(shard);
      }),
    );
  });

  it('spreads many accounts over all shards', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 1600; i++)
      counts.set(dueShardOf(`acc-${i}`, 16), (counts.get(dueShardOf(`acc-${i}`, 16)) ?? 0) + 1);
    expect(counts.size).toBe(16);
    expect(Math.min(...counts.values())).toBeGreaterThan(50);
  });
});
