// The single table: accounts, contacts and touches under one partition per account, and the sharded
// due index the planner queries (never a scan).
import { Arn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { DUE_INDEX, TABLE_KEY, TTL_ATTRIBUTE } from '../functions/adapters/table-schema.js';

/**
 * The item actions the adapters call on the base table (functions/adapters). No Scan, no batch, no
 * Query: the design reads by key or through the due index, and a role that cannot scan keeps it so.
 */
export const TABLE_ITEM_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'] as const;

// What DynamoDB asks of the caller's key permissions for reads and writes with a customer key.
const KEY_ACTIONS = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'];

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

/** Lets `grantee` read and write items of the table (not its indexes, not scan). */
export function grantTableItems(table: TableV2, grantee: IGrantable): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({ actions: [...TABLE_ITEM_ACTIONS], resources: [table.tableArn] }),
  );
  grantKeyUse(table, grantee);
}

/** Lets `grantee` put items in batches (the planner's decision trail): BatchWriteItem, on the table only. */
export function grantTableBatchWrite(table: TableV2, grantee: IGrantable): void {
  grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['dynamodb:BatchWriteItem'], resources: [table.tableArn] }));
}

/** Lets `grantee` query the due index, by its exact ARN. */
export function grantDueIndexQuery(table: TableV2, grantee: IGrantable): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['dynamodb:Query'], resources: [dueIndexArn(table)] }),
  );
}

export function dueIndexArn(table: TableV2): string {
  const stack = Stack.of(table);
  return Arn.format({ service: 'dynamodb', resource: 'table', resourceName: `${table.tableName}/index/${DUE_INDEX.name}` }, stack);
}

function grantKeyUse(table: TableV2, grantee: IGrantable): void {
  if (table.encryptionKey === undefined) return;
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({ actions: KEY_ACTIONS, resources: [table.encryptionKey.keyArn] }),
  );
}
