// The single table: accounts, contacts and touches under one partition per account, and the sharded
// due index the planner queries (never a scan); the compliance record's own, append-only table; and
// the grants on both, each held to the partition keys its items live under.
import { Arn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { SENDING_PARTITION_KEY } from '../functions/adapters/dynamodb-sending-guard.js';
import {
  COMPLIANCE_ITEM_ATTRIBUTE,
  DUE_INDEX,
  ITEM_PREFIX,
  REPORT_PARTITION_KEY,
  TABLE_KEY,
  TTL_ATTRIBUTE,
} from '../functions/adapters/table-schema.js';

// What DynamoDB asks of the caller's key permissions for reads and writes with a customer key.
const KEY_ACTIONS = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'];

/**
 * The partition keys each kind of item lives under (functions/adapters/table-schema.ts and the
 * adapters): the grants hold every item action to them with `dynamodb:LeadingKeys`.
 */
export const LEADING_KEYS = {
  /** An account's state, touches, decision trail and (in the compliance table) its entries. */
  accounts: `${ITEM_PREFIX.account}*`,
  /** The sending guard: its state (paused or not) and its hourly counts. */
  sendingGuard: SENDING_PARTITION_KEY,
  /** The weekly report's readings. */
  report: REPORT_PARTITION_KEY,
  /** The due index's shards (its partition key). */
  dueShards: `${ITEM_PREFIX.due}*`,
} as const;
export type LeadingKeys = (typeof LEADING_KEYS)[keyof typeof LEADING_KEYS];

export type ItemAction = 'GetItem' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'Query' | 'BatchWriteItem';

export interface TeichakuTableOptions {
  readonly removalPolicy: RemovalPolicy;
  readonly encryptionKey?: IKey;
}

export function teichakuTable(scope: Construct, id: string, options: TeichakuTableOptions): TableV2 {
  if (options.encryptionKey !== undefined && Token.isUnresolved(Stack.of(scope).region)) {
    // TableV2 writes the key per replica region, so it cannot synthesize in a region-agnostic stack.
    throw new Error('teichaku: tableEncryptionKey needs a stack with an explicit region (StackProps env.region)');
  }
  return new TableV2(scope, id, {
    partitionKey: { name: TABLE_KEY.partitionKey, type: AttributeType.STRING },
    sortKey: { name: TABLE_KEY.sortKey, type: AttributeType.STRING },
    billing: Billing.onDemand(),
    // The decision trail expires by itself (functions/adapters/dynamodb-decision-trail.ts).
    timeToLiveAttribute: TTL_ATTRIBUTE,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption:
      options.encryptionKey === undefined
        ? TableEncryptionV2.awsManagedKey()
        : TableEncryptionV2.customerManagedKey(options.encryptionKey),
    globalSecondaryIndexes: [
      {
        indexName: DUE_INDEX.name,
        partitionKey: { name: DUE_INDEX.partitionKey, type: AttributeType.STRING },
        sortKey: { name: DUE_INDEX.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.KEYS_ONLY,
      },
    ],
    deletionProtection: options.removalPolicy !== RemovalPolicy.DESTROY,
    removalPolicy: options.removalPolicy,
  });
}

/** Lets `grantee` call `actions` on the items of `table` whose partition key matches `keys` (not its indexes, never Scan). */
export function grantItemActions(
  table: TableV2,
  grantee: IGrantable,
  actions: readonly ItemAction[],
  keys: readonly LeadingKeys[],
): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: actions.map((a) => `dynamodb:${a}`),
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...keys] } },
    }),
  );
  grantKeyUse(table, grantee);
}

/** Lets `grantee` query the due index, by its exact ARN, shard by shard. */
export function grantDueIndexQuery(table: TableV2, grantee: IGrantable): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['dynamodb:Query'],
      resources: [dueIndexArn(table)],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [LEADING_KEYS.dueShards] } },
    }),
  );
}

export function dueIndexArn(table: TableV2): string {
  const stack = Stack.of(table);
  return Arn.format(
    { service: 'dynamodb', resource: 'table', resourceName: `${table.tableName}/index/${DUE_INDEX.name}` },
    stack,
  );
}

export function grantKeyUse(table: TableV2, grantee: IGrantable): void {
  if (table.encryptionKey === undefined) return;
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({ actions: KEY_ACTIONS, resources: [table.encryptionKey.keyArn] }),
  );
}

/**
 * The compliance record's own table: append-only for every role. Same keys as the single table, TTL on
 * `expiresAt` (set only when a contact's removal starts its retention), point-in-time recovery, and
 * deletion protection like the main table.
 */
export function complianceTable(scope: Construct, id: string, options: TeichakuTableOptions): TableV2 {
  return new TableV2(scope, id, {
    partitionKey: { name: TABLE_KEY.partitionKey, type: AttributeType.STRING },
    sortKey: { name: TABLE_KEY.sortKey, type: AttributeType.STRING },
    billing: Billing.onDemand(),
    timeToLiveAttribute: TTL_ATTRIBUTE,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption:
      options.encryptionKey === undefined
        ? TableEncryptionV2.awsManagedKey()
        : TableEncryptionV2.customerManagedKey(options.encryptionKey),
    deletionProtection: options.removalPolicy !== RemovalPolicy.DESTROY,
    removalPolicy: options.removalPolicy,
  });
}

/** The attributes a compliance entry is written with: its keys and the entry, never the expiry. */
export const COMPLIANCE_PUT_ATTRIBUTES = [
  TABLE_KEY.partitionKey,
  TABLE_KEY.sortKey,
  COMPLIANCE_ITEM_ATTRIBUTE.entry,
] as const;
/** The attributes a retention update may name: the keys and the expiry, nothing of the entry. */
export const COMPLIANCE_RETAIN_ATTRIBUTES = [TABLE_KEY.partitionKey, TABLE_KEY.sortKey, TTL_ATTRIBUTE] as const;

/**
 * Appends entries: PutItem naming only the keys and `entry` (a put carrying `expiresAt` could make TTL
 * delete an entry), and Query to find a contact's entries. IAM cannot demand the put's
 * `attribute_not_exists` condition: the README says what remains.
 */
export function grantComplianceAppend(table: TableV2, grantee: IGrantable, options: { readonly query: boolean }): void {
  const accounts = { 'dynamodb:LeadingKeys': [LEADING_KEYS.accounts] };
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['dynamodb:PutItem'],
      resources: [table.tableArn],
      conditions: {
        'ForAllValues:StringLike': accounts,
        'ForAllValues:StringEquals': { 'dynamodb:Attributes': [...COMPLIANCE_PUT_ATTRIBUTES] },
      },
    }),
  );
  if (options.query) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': accounts },
      }),
    );
  }
  grantKeyUse(table, grantee);
}

/** Starts (or stops) a removed contact's retention: UpdateItem that may name the expiry and the keys only. */
export function grantComplianceRetention(table: TableV2, grantee: IGrantable): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['dynamodb:UpdateItem'],
      resources: [table.tableArn],
      conditions: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [LEADING_KEYS.accounts] },
        'ForAllValues:StringEquals': { 'dynamodb:Attributes': [...COMPLIANCE_RETAIN_ATTRIBUTES] },
      },
    }),
  );
}
