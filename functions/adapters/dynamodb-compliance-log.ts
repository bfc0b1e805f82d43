// ComplianceLog on its own table (deployed; the single table serves locally, same key names): one
// `ACCOUNT#id` / `COMPLIANCE#<contactId>#<entry id>` item per entry, written with a condition that it
// does not exist yet, so the record only ever grows and a retried write changes nothing. When a contact
// is removed its entries get the table's time-to-live, set to the removal plus the retention period:
// the only attribute ever updated (the construct's IAM allows nothing else, see the README).
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { type ComplianceEntry, complianceEntryId } from '../core/compliance-record.js';
import type { ComplianceLog, StoredComplianceEntry } from '../core/ports.js';
import { toIso, toMs } from '../core/time.js';
import { accountPartitionKey, COMPLIANCE_ITEM_ATTRIBUTE, TABLE_KEY, TTL_ATTRIBUTE } from './table-schema.js';

export const COMPLIANCE_SORT_PREFIX = 'COMPLIANCE#';

export function complianceSortKey(entry: ComplianceEntry): string {
  return `${COMPLIANCE_SORT_PREFIX}${entry.contactId}#${complianceEntryId(entry)}`;
}

export interface DynamoComplianceLogOptions {
  readonly tableName: string;
}

export function createDynamoComplianceLog(client: DynamoDBClient, options: DynamoComplianceLogOptions): ComplianceLog {
  const { tableName } = options;

  async function query(accountId: string, prefix: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
          ExpressionAttributeNames: { '#pk': TABLE_KEY.partitionKey, '#sk': TABLE_KEY.sortKey },
          ExpressionAttributeValues: marshall({ ':pk': accountPartitionKey(accountId), ':prefix': prefix }),
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []).map((raw) => unmarshall(raw)));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return items;
  }

  return {
    async append(entries) {
      for (const entry of entries) {
        try {
          await client.send(
            new PutItemCommand({
              TableName: tableName,
              Item: marshall(
                {
                  [TABLE_KEY.partitionKey]: accountPartitionKey(entry.accountId),
                  [TABLE_KEY.sortKey]: complianceSortKey(entry),
                  [COMPLIANCE_ITEM_ATTRIBUTE.entry]: entry,
                },
                { removeUndefinedValues: true },
              ),
              ConditionExpression: 'attribute_not_exists(#pk)',
              ExpressionAttributeNames: { '#pk': TABLE_KEY.partitionKey },
            }),
          );
        } catch (error) {
          // Recorded already: the record is append-only, the first write stands.
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      }
    },

    async list(accountId): Promise<StoredComplianceEntry[]> {
      const items = await query(accountId, COMPLIANCE_SORT_PREFIX);
      return items.map((item) => {
        const expires = item[TTL_ATTRIBUTE];
        return {
          ...(item[COMPLIANCE_ITEM_ATTRIBUTE.entry] as ComplianceEntry),
          expiresAt: typeof expires === 'number' ? toIso(expires * 1000) : null,
        };
      });
    },

    async retain(accountId, contactId, until) {
      const items = await query(accountId, `${COMPLIANCE_SORT_PREFIX}${contactId}#`);
      for (const item of items) {
        const key = marshall({
          [TABLE_KEY.partitionKey]: item[TABLE_KEY.partitionKey],
          [TABLE_KEY.sortKey]: item[TABLE_KEY.sortKey],
        });
        await client.send(
          new UpdateItemCommand(
            until === null
              ? {
                  TableName: tableName,
                  Key: key,
                  UpdateExpression: 'REMOVE #exp',
                  ExpressionAttributeNames: { '#exp': TTL_ATTRIBUTE },
                }
              : {
                  TableName: tableName,
                  Key: key,
                  UpdateExpression: 'SET #exp = :exp',
                  ExpressionAttributeNames: { '#exp': TTL_ATTRIBUTE },
                  ExpressionAttributeValues: marshall({ ':exp': Math.ceil(toMs(until) / 1000) }),
                },
          ),
        );
      }
    },
  };
}
