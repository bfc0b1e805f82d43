// AccountStore on the single table: one item per account (`ACCOUNT#id` / `STATE`), its state packed into
// one binary attribute (account-item.ts), written whole with a version condition, and mirrored into the
// sparse, sharded due index while it has a next due time.
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { AccountStateRefusedError } from '../core/errors.js';
import type { DueCursor, DueEntry, ShardRange } from '../core/planning-work.js';
import type { AccountStore, DueShardIndex } from '../core/ports.js';
import { VersionConflictError } from '../core/ports.js';
import type { AccountState } from '../core/state.js';
import { accountItem, readAccountItem } from './account-item.js';
import {
  ACCOUNT_ITEM_ATTRIBUTE,
  accountIdOfPartitionKey,
  accountPartitionKey,
  DEFAULT_DUE_SHARDS,
  DUE_INDEX,
  dueShardKey,
  STATE_SORT_KEY,
  TABLE_KEY,
} from './table-schema.js';

export { CorruptAccountItemError } from './account-item.js';

export interface DynamoAccountStoreOptions {
  readonly tableName: string;
  readonly dueShards?: number;
}

/** DynamoDB refused the item for its size (400 KB): the account's state must shrink, retrying will not help. */
export class AccountItemTooLargeError extends AccountStateRefusedError {
  override readonly name = 'AccountItemTooLargeError';
  readonly code = 'ACCOUNT_ITEM_TOO_LARGE';
  constructor(readonly accountId: string) {
    super(
      `account ${accountId}: state item exceeds DynamoDB's 400 KB item limit; trim its history (contacts, touches, active days)`,
    );
  }
}

/** The store and its due index, shard by shard (the planner's workers read one range each). */
export type DynamoAccountStore = AccountStore & DueShardIndex;

export function createDynamoAccountStore(
  client: DynamoDBClient,
  options: DynamoAccountStoreOptions,
): DynamoAccountStore {
  const { tableName } = options;
  const dueShards = options.dueShards ?? DEFAULT_DUE_SHARDS;

  async function load(accountId: string): Promise<AccountState | null> {
    const out = await client.send(
      new GetItemCommand({
        TableName: tableName,
        Key: {
          [TABLE_KEY.partitionKey]: { S: accountPartitionKey(accountId) },
          [TABLE_KEY.sortKey]: { S: STATE_SORT_KEY },
        },
        // The planner and the retry loops read-modify-write: a stale read would only cost a conflict,
        // but a consistent one avoids it.
        ConsistentRead: true,
      }),
    );
    if (out.Item === undefined) return null;
    return readAccountItem(accountId, out.Item);
  }

  async function save(state: AccountState): Promise<AccountState> {
    const next: AccountState = { ...state, version: state.version + 1 };
    const isNew = state.version === 0;
    try {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: accountItem(next, dueShards),
          ConditionExpression: isNew ? 'attribute_not_exists(#pk)' : '#version = :expected',
          ExpressionAttributeNames: isNew
            ? { '#pk': TABLE_KEY.partitionKey }
            : { '#version': ACCOUNT_ITEM_ATTRIBUTE.version },
          ...(isNew ? {} : { ExpressionAttributeValues: { ':expected': { N: String(state.version) } } }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        throw new VersionConflictError(state.accountId, state.version);
      if (isItemTooLarge(error)) throw new AccountItemTooLargeError(state.accountId);
      throw error;
    }
    return next;
  }

  /** One shard's due accounts, from after `after` (an ExclusiveStartKey of the index) on. */
  async function* listShard(shard: number, until: string, after: DueCursor | null): AsyncIterable<DueEntry> {
    let startKey: Record<string, AttributeValue> | undefined =
      after === null || after.shard !== shard
        ? undefined
        : {
            [DUE_INDEX.partitionKey]: { S: dueShardKey(shard) },
            [DUE_INDEX.sortKey]: { S: after.dueAt },
            [TABLE_KEY.partitionKey]: { S: accountPartitionKey(after.accountId) },
            [TABLE_KEY.sortKey]: { S: STATE_SORT_KEY },
          };
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: DUE_INDEX.name,
          KeyConditionExpression: '#shard = :shard AND #due <= :until',
          ExpressionAttributeNames: { '#shard': DUE_INDEX.partitionKey, '#due': DUE_INDEX.sortKey },
          ExpressionAttributeValues: { ':shard': { S: dueShardKey(shard) }, ':until': { S: until } },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const raw of page.Items ?? []) {
        const pk = raw[TABLE_KEY.partitionKey]?.S;
        const dueAt = raw[DUE_INDEX.sortKey]?.S;
        if (pk === undefined || dueAt === undefined) continue;
        // The start key places the cursor among accounts due at the same instant in the index's own order.
        yield { accountId: accountIdOfPartitionKey(pk), shard, dueAt };
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
  }

  async function* listDueIn(range: ShardRange, until: string, after: DueCursor | null): AsyncIterable<DueEntry> {
    if (range.last >= dueShards)
      throw new RangeError(`shards ${range.first}–${range.last} asked of a due index of ${dueShards} shards`);
    for (let shard = Math.max(range.first, after?.shard ?? 0); shard <= range.last; shard++)
      yield* listShard(shard, until, after);
  }

  async function* listDue(until: string): AsyncIterable<string> {
    for await (const entry of listDueIn({ first: 0, last: dueShards - 1 }, until, null)) yield entry.accountId;
  }

  return { load, save, listDue, listDueIn, shardCount: dueShards };
}

function isItemTooLarge(error: unknown): boolean {
  return error instanceof Error && error.name === 'ValidationException' && /item size/i.test(error.message);
}
