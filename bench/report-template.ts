// A replayed table's items as the template of a larger synthetic one (report-memory-child.ts): each
// account's state item and the items under its key (touches, the decision trail), and the items of no
// account (the weekly readings), kept as DynamoDB returned them, binary attributes as base64.
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { scanTable } from '../functions/adapters/dynamodb-table-scan.js';
import { readTableItem } from '../functions/adapters/table-items.js';
import { accountIdOfPartitionKey, ITEM_PREFIX, TABLE_KEY } from '../functions/adapters/table-schema.js';
import { itemSizeBytes } from './item-size.js';

type RawItem = Record<string, AttributeValue>;

export interface ReportTemplate {
  readonly window: { readonly from: string; readonly until: string };
  readonly dueShards: number;
  readonly accounts: readonly { readonly state: RawItem; readonly others: readonly RawItem[] }[];
  readonly shared: readonly RawItem[];
  /** Item bytes per account as DynamoDB bills them (the state, its touches and its trail). */
  readonly bytesPerAccount: number;
}

export async function templateOf(
  client: DynamoDBClient,
  tableName: string,
  window: ReportTemplate['window'],
  dueShards: number,
): Promise<ReportTemplate> {
  const byAccount = new Map<string, { state?: RawItem; others: RawItem[] }>();
  const shared: RawItem[] = [];
  let accountBytes = 0;
  await scanTable(client, { tableName }, (raw) => {
    const pk = raw[TABLE_KEY.partitionKey]?.S ?? '';
    if (!pk.startsWith(ITEM_PREFIX.account)) {
      shared.push(raw);
      return;
    }
    const id = accountIdOfPartitionKey(pk);
    const entry = byAccount.get(id) ?? { others: [] };
    byAccount.set(id, entry);
    accountBytes += itemSizeBytes(raw);
    if (readTableItem(raw).kind === 'account') entry.state = raw;
    else entry.others.push(raw);
  });
  const accounts = [...byAccount.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .flatMap(([, e]) => (e.state === undefined ? [] : [{ state: e.state, others: e.others }]));
  if (accounts.length === 0) throw new Error(`table ${tableName} holds no account to make a template of`);
  return { window, dueShards, accounts, shared, bytesPerAccount: accountBytes / accounts.length };
}

export function encodeTemplate(template: ReportTemplate): string {
  return JSON.stringify(template, (_key, value: unknown) =>
    value instanceof Uint8Array ? { $base64: Buffer.from(value).toString('base64') } : value,
  );
}

export function decodeTemplate(text: string): ReportTemplate {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && '$base64' in value)
      return new Uint8Array(Buffer.from(String((value as { $base64: unknown }).$base64), 'base64'));
    return value;
  }) as ReportTemplate;
}
