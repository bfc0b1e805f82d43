// `teichaku compliance export`: one account's record and its promotional emails with their basis,
// as JSON and CSV, from the deployed table (DynamoDB Local here) or from a replay's output folder.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  COMPLIANCE_FILE,
  complianceFromTable,
  writeComplianceLines,
} from '../../functions/adapters/compliance-export.js';
import { createDynamoComplianceLog } from '../../functions/adapters/dynamodb-compliance-log.js';
import { createDynamoTouchLedger } from '../../functions/adapters/dynamodb-ledger.js';
import { createDynamoAccountStore } from '../../functions/adapters/dynamodb-store.js';
import {
  createTable,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type LocalServices,
  startLocalServices,
} from '../../functions/adapters/local/local-services.js';
import { exportCompliance, parseComplianceExportFlags } from '../../functions/cli/compliance.js';
import { complianceCsv, csvCell } from '../../functions/cli/compliance-csv.js';
import type { ComplianceEntry } from '../../functions/core/compliance-record.js';
import { anAccount, aPlannedTouch, surveyAnswered } from '../fixtures/builders.js';

let services: LocalServices;
let dynamo: DynamoDBClient;
let out: string;
const tableName = `teichaku-compliance-${process.pid}`;

beforeAll(async () => {
  services = await startLocalServices();
  dynamo = new DynamoDBClient({
    endpoint: services.dynamoEndpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  await createTable(dynamo, tableName);
  out = await mkdtemp(join(tmpdir(), 'teichaku-compliance-'));
  // The CLI takes the default credential chain: DynamoDB Local accepts any key.
  vi.stubEnv('AWS_ACCESS_KEY_ID', LOCAL_CREDENTIALS.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', LOCAL_CREDENTIALS.secretAccessKey);
}, 90_000);
afterAll(async () => {
  vi.unstubAllEnvs();
  dynamo?.destroy();
  await services?.stop();
  await rm(out, { recursive: true, force: true });
});

const entries: ComplianceEntry[] = [
  {
    kind: 'basis',
    accountId: 'acc-1',
    contactId: 'c-1',
    at: '2026-01-10T00:00:00.000Z',
    basis: 'written',
    source: '=HYPERLINK("x")',
    channel: 'product-event',
    eventId: 'e-1',
  },
  {
    kind: 'opt-out',
    accountId: 'acc-1',
    contactId: 'c-1',
    at: '2026-04-01T00:00:00.000Z',
    scope: 'promotional',
    channel: 'unsubscribe-page',
  },
  {
    kind: 'opt-out',
    accountId: 'acc-2',
    contactId: 'c-9',
    at: '2026-04-01T00:00:00.000Z',
    scope: 'all',
    channel: 'one-click',
  },
];
const story = aPlannedTouch(
  { kind: 'success-story', storyId: 's-1' },
  { plannedAt: '2026-03-02T01:00:00.000Z', basis: { basis: 'written', from: 'contact' } },
);

describe('teichaku compliance export', () => {
  it('writes the account’s entries and promotional emails from the table, as JSON and CSV', async () => {
    await createDynamoComplianceLog(dynamo, { tableName }).append(entries);
    const ledger = createDynamoTouchLedger(dynamo, { tableName });
    await ledger.claim(story, '2026-03-02T01:01:00.000Z');
    await ledger.markSent('acc-1', story.touchId, 'ses-1', '2026-03-02T01:01:00.000Z');
    // A service touch relies on no basis and is not listed.
    await ledger.claim(
      {
        ...story,
        touchId: 'feature-tip.0123456789abcdef0123456789abcdef',
        kind: 'feature-tip',
        basis: undefined,
        content: { kind: 'feature-tip', featureId: 'f' },
      },
      '2026-03-02T01:01:00.000Z',
    );

    const files = await exportCompliance(
      parseComplianceExportFlags({ account: 'acc-1', table: tableName, endpoint: services.dynamoEndpoint, out }),
      new Date('2026-05-01T00:00:00Z'),
    );
    const json = JSON.parse(readFileSync(files.json, 'utf8'));
    expect(json).toMatchObject({
      format: 1,
      accountId: 'acc-1',
      exportedAt: '2026-05-01T00:00:00.000Z',
      source: `table ${tableName}`,
    });
    expect(json.entries.map((e: { kind: string }) => e.kind)).toEqual(['basis', 'opt-out']);
    expect(json.promotionalTouches).toEqual([
      {
        accountId: 'acc-1',
        contactId: 'c-1',
        touchId: story.touchId,
        kind: 'success-story',
        basis: 'written',
        basisFrom: 'contact',
        plannedAt: story.plannedAt,
        sentAt: '2026-03-02T01:01:00.000Z',
        status: 'sent',
      },
    ]);
    const csv = readFileSync(files.csv, 'utf8').trim().split('\r\n');
    expect(csv[0]).toBe(
      'account_id,contact_id,at,record,basis,basis_from,source,scope,channel,touch_id,touch_kind,status,kept_until',
    );
    expect(csv.slice(1)).toEqual([
      `acc-1,c-1,2026-01-10T00:00:00.000Z,basis,written,contact,"'=HYPERLINK(""x"")",,product-event,,,,`,
      `acc-1,c-1,2026-03-02T01:01:00.000Z,promotional-email,written,contact,,,,${story.touchId},success-story,sent,`,
      'acc-1,c-1,2026-04-01T00:00:00.000Z,opt-out,,,,promotional,unsubscribe-page,,,,',
    ]);
  });

  it('shows each person’s survey answers with their comments, the data-subject view of their voice', async () => {
    const state = anAccount('acc-1')
      .withProfile()
      .withContact('c-1', { role: 'owner' })
      .withEvents(
        surveyAnswered('acc-1', 'c-1', {
          survey: 'nps',
          score: 3,
          answeredAt: '2026-03-03T00:00:00Z',
          comment: '集計が遅い',
          channel: 'email',
          surveyId: 'tch-1',
        }),
      )
      .state();
    await createDynamoAccountStore(dynamo, { tableName }).save(state);
    const files = await exportCompliance(
      parseComplianceExportFlags({ account: 'acc-1', table: tableName, endpoint: services.dynamoEndpoint, out }),
    );
    expect(JSON.parse(readFileSync(files.json, 'utf8')).surveyAnswers).toEqual([
      {
        accountId: 'acc-1',
        contactId: 'c-1',
        survey: 'nps',
        score: 3,
        answeredAt: '2026-03-03T00:00:00.000Z',
        channel: 'email',
        comment: '集計が遅い',
        surveyId: 'tch-1',
      },
    ]);
  });

  it('reads the same from a replay’s compliance.jsonl, only for the account asked', async () => {
    const run = join(out, 'run');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(run, { recursive: true });
    const fromTable = await complianceFromTable(dynamo, tableName, 'acc-1');
    await writeComplianceLines(join(run, COMPLIANCE_FILE), [
      fromTable,
      await complianceFromTable(dynamo, tableName, 'acc-2'),
    ]);
    const files = await exportCompliance(parseComplianceExportFlags({ account: 'acc-1', fromRun: run, out }));
    expect(files.data).toEqual(fromTable);
    expect(files.data.surveyAnswers).toHaveLength(1);
    expect(readFileSync(files.csv, 'utf8')).toBe(complianceCsv(fromTable));
  });

  it('needs exactly one of --from-run and --table, and says so', () => {
    expect(() => parseComplianceExportFlags({ account: 'acc-1' })).toThrow(/--from-run or --table must be given/);
    expect(() => parseComplianceExportFlags({ account: 'acc-1', fromRun: 'x', table: 'yyy' })).toThrow(/--from-run/);
  });

  it('writes a cell a spreadsheet would run as a formula as text', () => {
    expect(csvCell('=1+2')).toBe("'=1+2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell(null)).toBe('');
  });
});
