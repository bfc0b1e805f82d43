// The compliance record in a table of its own, as deployed, on a real local DynamoDB: the adapter
// writes exactly the attributes the construct's IAM lets it name (so the append-only grant fits the
// code), the retention update names the expiry alone, and the export joins the record with the
// promotional touches of the teichaku table.
import { type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { complianceFromTable } from '../../functions/adapters/compliance-export.js';
import { createDynamoComplianceLog } from '../../functions/adapters/dynamodb-compliance-log.js';
import { createDynamoTouchLedger } from '../../functions/adapters/dynamodb-ledger.js';
import { createComplianceTable } from '../../functions/adapters/local/local-services.js';
import { localComplianceTableName } from '../../functions/adapters/table-schema.js';
import type { ComplianceEntry } from '../../functions/core/compliance-record.js';
import { COMPLIANCE_PUT_ATTRIBUTES, COMPLIANCE_RETAIN_ATTRIBUTES } from '../../infra/table.js';
import { aFeatureTip } from '../fixtures/builders.js';
import { useLocalTable } from '../fixtures/local-table.js';

interface SentRequest {
  readonly command: string;
  readonly input: Record<string, unknown>;
}
const sent: SentRequest[] = [];
const local = useLocalTable('compliance-table', {
  onClient: (client) =>
    client.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push({ command: String(context.commandName), input: args.input as Record<string, unknown> });
        return next(args);
      },
      { step: 'initialize' },
    ),
});
const complianceTableName = localComplianceTableName(local.tableName);

beforeAll(async () => {
  await createComplianceTable(local.dynamo, complianceTableName);
});

const itemsOf = async (client: DynamoDBClient, tableName: string) =>
  ((await client.send(new ScanCommand({ TableName: tableName }))).Items ?? []).map((i) => unmarshall(i));
const toCompliance = (r: SentRequest) => r.input.TableName === complianceTableName;

describe('the compliance record’s own table', () => {
  const basis: ComplianceEntry = {
    kind: 'basis',
    accountId: 'acc-7',
    contactId: 'c-1',
    at: '2026-01-10T00:00:00.000Z',
    basis: 'opt-in',
    source: 'signup-form',
    channel: 'product-event',
    eventId: 'e-1',
  };
  const optOut: ComplianceEntry = {
    kind: 'opt-out',
    accountId: 'acc-7',
    contactId: 'c-1',
    at: '2026-03-01T00:00:00.000Z',
    scope: 'all',
    channel: 'one-click',
  };

  it('takes entries with exactly the attributes the append grant allows, and nothing lands in the teichaku table', async () => {
    const log = createDynamoComplianceLog(local.dynamo, { tableName: complianceTableName });
    await log.append([basis, optOut]);
    const puts = sent.filter((r) => toCompliance(r) && r.command === 'PutItemCommand');
    expect(puts).toHaveLength(2);
    for (const put of puts)
      expect(Object.keys(put.input.Item as object).sort()).toEqual([...COMPLIANCE_PUT_ATTRIBUTES].sort());
    expect(await itemsOf(local.dynamo, local.tableName)).toEqual([]);
    expect((await log.list('acc-7')).map((e) => e.kind)).toEqual(['basis', 'opt-out']);
  });

  it('starts a removed contact’s retention with an update that names the keys and the expiry only', async () => {
    const log = createDynamoComplianceLog(local.dynamo, { tableName: complianceTableName });
    const before = sent.length;
    await log.retain('acc-7', 'c-1', '2027-03-01T00:00:00.000Z');
    const updates = sent.slice(before).filter((r) => toCompliance(r) && r.command === 'UpdateItemCommand');
    expect(updates).toHaveLength(2);
    for (const update of updates) {
      const named = [
        ...Object.keys(update.input.Key as object),
        ...Object.values(update.input.ExpressionAttributeNames as Record<string, string>),
      ];
      expect(
        named.every((name) => (COMPLIANCE_RETAIN_ATTRIBUTES as readonly string[]).includes(name)),
        named.join(','),
      ).toBe(true);
    }
    const stored = await itemsOf(local.dynamo, complianceTableName);
    expect(stored.map((i) => Object.keys(i).sort())).toEqual([
      [...COMPLIANCE_PUT_ATTRIBUTES, 'expiresAt'].sort(),
      [...COMPLIANCE_PUT_ATTRIBUTES, 'expiresAt'].sort(),
    ]);
  });

  it('is exported with the promotional touches of the teichaku table', async () => {
    const promotional = {
      ...aFeatureTip(1),
      accountId: 'acc-7',
      contactId: 'c-1',
      basis: { basis: 'opt-in' as const, from: 'contact' as const },
    };
    await createDynamoTouchLedger(local.dynamo, { tableName: local.tableName }).claim(
      promotional,
      '2026-02-01T00:00:00.000Z',
    );
    const exported = await complianceFromTable(local.dynamo, local.tableName, 'acc-7', complianceTableName);
    expect(exported.entries.map((e) => [e.kind, e.expiresAt])).toEqual([
      ['basis', '2027-03-01T00:00:00.000Z'],
      ['opt-out', '2027-03-01T00:00:00.000Z'],
    ]);
    expect(exported.promotionalTouches.map((t) => [t.touchId, t.basis])).toEqual([[promotional.touchId, 'opt-in']]);
  });
});
