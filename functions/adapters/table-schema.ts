// The single table's layout, in one place: the local table creation, the DynamoDB store and the CDK
// construct all read these constants, so the key names and the due index cannot drift apart.
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/** Partition and sort key attribute names (both strings). */
export const TABLE_KEY = { partitionKey: 'pk', sortKey: 'sk' } as const;

/**
 * The due index: a sparse GSI holding only accounts with a next touch time. Sharded on a hash of the
 * account id so the planner's hourly queries spread over `dueShards` partitions instead of one hot key.
 * Keys only: the planner reloads each account with a consistent read anyway.
 */
export const DUE_INDEX = {
  name: 'due',
  partitionKey: 'dueShard',
  sortKey: 'nextDueAt',
  projection: 'KEYS_ONLY',
} as const;

export const DEFAULT_DUE_SHARDS = 16;

export const ITEM_PREFIX = {
  account: 'ACCOUNT#',
  contact: 'CONTACT#',
  touch: 'TOUCH#',
  due: 'DUE#',
  plan: 'PLAN#',
  reading: 'READING#',
} as const;
export const STATE_SORT_KEY = 'STATE';

/**
 * Attributes of the account item besides the keys: the version the conditional put compares, the
 * state packed into one binary attribute (account-item.ts), and the map attribute that held the state
 * before the packing (still read; rewritten packed on the account's next save).
 */
export const ACCOUNT_ITEM_ATTRIBUTE = { version: 'version', packedState: 'packed', legacyState: 'state' } as const;

/**
 * Epoch seconds after which DynamoDB's TTL deletes an item: set on the decision trail (decisions and
 * planner runs) so it stays bounded without a sweeper; never on state, touches or readings.
 */
export const TTL_ATTRIBUTE = 'expiresAt';

/**
 * The compliance record's own table (same pk/sk names, no index). Each item holds the keys and one
 * `entry` attribute, written once; the only attribute ever changed afterwards is TTL_ATTRIBUTE, when a
 * contact's removal starts its retention. The construct's IAM holds roles to exactly that.
 */
export const COMPLIANCE_ITEM_ATTRIBUTE = { entry: 'entry' } as const;

/** The partition of the weekly readings of the whole table (the report's time series). */
export const REPORT_PARTITION_KEY = 'REPORT';

/** `PLAN#<at>#<part>`: a planner run's trail sorts by time under the account. */
export function planSortKey(at: string, part: number): string {
  return `${ITEM_PREFIX.plan}${at}#${String(part).padStart(3, '0')}`;
}

export function readingSortKey(at: string): string {
  return `${ITEM_PREFIX.reading}${at}`;
}

export function accountPartitionKey(accountId: string): string {
  return `${ITEM_PREFIX.account}${accountId}`;
}

export function accountIdOfPartitionKey(pk: string): string {
  if (!pk.startsWith(ITEM_PREFIX.account))
    throw new Error(`partition key does not start with ${ITEM_PREFIX.account}; is this the teichaku table?`);
  return pk.slice(ITEM_PREFIX.account.length);
}

export function touchSortKey(touchId: string): string {
  return `${ITEM_PREFIX.touch}${touchId}`;
}

/** FNV-1a over the UTF-16 code units: stable across runtimes and cheap; spread, not secrecy, is the goal. */
function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** `hash(accountId) mod shards`: the number of the due index shard an account lives in. */
export function dueShardNumberOf(accountId: string, shards: number): number {
  if (!Number.isInteger(shards) || shards < 1) throw new Error(`due shards must be a positive integer, got ${shards}`);
  return fnv1a32(accountId) % shards;
}

/** `DUE#<hash(accountId) mod shards>`: the due index partition an account lives in. */
export function dueShardOf(accountId: string, shards: number): string {
  return dueShardKey(dueShardNumberOf(accountId, shards));
}

/** The due index partition key of shard `shard`. */
export function dueShardKey(shard: number): string {
  return `${ITEM_PREFIX.due}${shard}`;
}

export function allDueShards(shards: number): string[] {
  return Array.from({ length: shards }, (_, i) => dueShardKey(i));
}

/** A string partition key and a string sort key: their attribute definitions and key schema. */
function stringKeys(keys: { readonly partitionKey: string; readonly sortKey: string }) {
  return {
    attributes: [
      { AttributeName: keys.partitionKey, AttributeType: 'S' as const },
      { AttributeName: keys.sortKey, AttributeType: 'S' as const },
    ],
    schema: [
      { AttributeName: keys.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: keys.sortKey, KeyType: 'RANGE' as const },
    ],
  };
}

/** The table as a CreateTable request (on-demand), for local DynamoDB; the CDK construct mirrors it. */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  const table = stringKeys(TABLE_KEY);
  const due = stringKeys(DUE_INDEX);
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...table.attributes, ...due.attributes],
    KeySchema: table.schema,
    GlobalSecondaryIndexes: [
      { IndexName: DUE_INDEX.name, KeySchema: due.schema, Projection: { ProjectionType: DUE_INDEX.projection } },
    ],
  };
}

/** The compliance record's own table (the same key names, no index) as a CreateTable request, for local DynamoDB. */
export function complianceTableDefinition(tableName: string): CreateTableCommandInput {
  const table = stringKeys(TABLE_KEY);
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: table.attributes,
    KeySchema: table.schema,
  };
}

/** The local name of the compliance table beside a local teichaku table. */
export function localComplianceTableName(tableName: string): string {
  return `${tableName}-compliance`;
}
