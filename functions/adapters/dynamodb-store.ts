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
import type { AccountStore } from '../core/ports.js';
import { VersionConflictError } from '../core/ports.js';
import type { AccountState } from '../core/state.js';
import { accountItem, readAccountItem } from './account-item.js';
import {
  ACCOUNT_ITEM_ATTRIBUTE,
  accountIdOfPartitionKey,
  accountPartitionKey,
  allDueShards,
  DEFAULT_DUE_SHARDS,
  DUE_INDEX,
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

export function createDynamoAccountStore(client: DynamoDBClient, options: DynamoAccountStoreOptions): AccountStore {
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
