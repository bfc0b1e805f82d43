// AccountStore on the single table: one item per account (`ACCOUNT#id` / `STATE`), written whole with a
// version condition, and mirrored into the sparse, sharded due index while it has a next due time.
import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { AccountStore } from '../core/ports.js';
import { VersionConflictError } from '../core/ports.js';
import type { AccountState } from '../core/state.js';
import {
  DEFAULT_DUE_SHARDS,
  DUE_INDEX,
  STATE_SORT_KEY,
  TABLE_KEY,
  accountIdOfPartitionKey,
  accountPartitionKey,
  allDueShards,
  dueShardOf,
} from './table-schema.js';

export interface DynamoAccountStoreOptions {
  readonly tableName: string;
  readonly dueShards?: number;
}

/** DynamoDB refused the item for its size (400 KB): the account's state must shrink, retrying will not help. */
export class AccountItemTooLargeError extends Error {
  override readonly name = 'AccountItemTooLargeError';
  constructor(readonly accountId: string) {
    super(`account ${accountId}: state item exceeds DynamoDB's 400 KB item limit; trim its history (contacts, touches, active days)`);
  }
}

/** A stored item that is not an account state as this code writes it. */
export class CorruptAccountItemError extends Error {
  override readonly name = 'CorruptAccountItemError';
  constructor(readonly accountId: string, what: string) {
    super(`account ${accountId}: stored state item is unreadable (${what}); expected the item written by the teichaku store`);
  }
}

export function createDynamoAccountStore(client: DynamoDBClient, options: DynamoAccountStoreOptions): AccountStore {
  const { tableName } = options;
  const dueShards = options.dueShards ?? DEFAULT_DUE_SHARDS;

  async function load(accountId: string): Promise<AccountState | null> {
    const out = await client.send(
      new GetItemCommand({
        TableName: tableName,
        Key: marshall({ [TABLE_KEY.partitionKey]: accountPartitionKey(accountId), [TABLE_KEY.sortKey]: STATE_SORT_KEY }),
        // The planner and the retry loops read-modify-write: a stale read would only cost a conflict,
        // but a consistent one avoids it.
        ConsistentRead: true,
      }),
    );
    if (out.Item === undefined) return null;
    const item = unmarshall(out.Item);
    if (typeof item.version !== 'number' || typeof item.state !== 'object' || item.state === null) {
      throw new CorruptAccountItemError(accountId, 'missing version or state');
    }
    const state = item.state as Omit<AccountState, 'version'>;
    if (state.accountId !== accountId) throw new CorruptAccountItemError(accountId, 'state belongs to another account id');
    return { ...state, version: item.version };
  }

  async function save(state: AccountState): Promise<AccountState> {
    const next: AccountState = { ...state, version: state.version + 1 };
    const { version: _version, ...body } = next;
    const nextDueAt = next.cadence.nextDueAt;
    const item: Record<string, unknown> = {
      [TABLE_KEY.partitionKey]: accountPartitionKey(state.accountId),
      [TABLE_KEY.sortKey]: STATE_SORT_KEY,
      version: next.version,
      state: body,
    };
    // Sparse index: the due attributes exist only while a touch is ahead, and a whole-item put drops
    // them when nextDueAt becomes null.
    if (nextDueAt !== null) {
      item[DUE_INDEX.partitionKey] = dueShardOf(state.accountId, dueShards);
      item[DUE_INDEX.sortKey] = nextDueAt;
    }
    const isNew = state.version === 0;
    try {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: marshall(item, { removeUndefinedValues: true }),
          ConditionExpression: isNew ? 'attribute_not_exists(#pk)' : '#version = :expected',
          ExpressionAttributeNames: isNew ? { '#pk': TABLE_KEY.partitionKey } : { '#version': 'version' },
          ...(isNew ? {} : { ExpressionAttributeValues: { ':expected': { N: String(state.version) } } }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new VersionConflictError(state.accountId, state.version);
      if (isItemTooLarge(error)) throw new AccountItemTooLargeError(state.accountId);
      throw error;
    }
    return next;
  }

  async function* listDue(until: string): AsyncIterable<string> {
    for (const shard of allDueShards(dueShards)) {
      let startKey: Record<string, AttributeValue> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: DUE_INDEX.name,
            KeyConditionExpression: '#shard = :shard AND #due <= :until',
            ExpressionAttributeNames: { '#shard': DUE_INDEX.partitionKey, '#due': DUE_INDEX.sortKey },
            ExpressionAttributeValues: { ':shard': { S: shard }, ':until': { S: until } },
            ExclusiveStartKey: startKey,
          }),
        );
        for (const raw of page.Items ?? []) {
          const pk = raw[TABLE_KEY.partitionKey]?.S;
          if (pk !== undefined) yield accountIdOfPartitionKey(pk);
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey !== undefined);
    }
  }

  return { load, save, listDue };
}

function isItemTooLarge(error: unknown): boolean {
  return error instanceof Error && error.name === 'ValidationException' && /item size/i.test(error.message);
}
