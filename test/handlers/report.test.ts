// The weekly report λ: one read of the table, this week's reading kept, both files in the bucket,
// then the `Report Published` event naming them.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { publishReportEvent, ReportEventError, type ReportPublished } from '../../functions/adapters/report-event.js';
import { createS3ReportBucket } from '../../functions/adapters/s3-report-bucket.js';
import { ConfigError } from '../../functions/handlers/config.js';
import { createReportHandler, reportEnv } from '../../functions/handlers/report.js';
import { loadReportAssets } from '../../functions/report/render-html.js';
import type { ReportData } from '../../functions/report/report-data.js';
import { tableFold } from '../../functions/report/table-report.js';
import type { UsageSnapshot } from '../../functions/report/usage-snapshot.js';
import { anAccount, defaultProgram } from '../fixtures/builders.js';
import { fixedClock, recordingLogger } from './helpers.js';

const NOW = '2026-06-01T00:00:00.000Z';

function setup() {
  const accounts = ['acc-1', 'acc-2'].map((id) =>
    anAccount(id)
      .withProfile({ timeZone: 'Asia/Tokyo' })
      .withContact('c-1', { role: 'owner' })
      .withUsage('c-1', 'login', '2026-05-20T01:00:00Z')
      .onboardedOn('2026-03-02')
      .state(),
  );
  const puts: { key: string; body: string; contentType: string }[] = [];
  const announced: ReportPublished[] = [];
  const readings: UsageSnapshot[] = [];
  let reads = 0;
  const program = defaultProgram();
  const handler = createReportHandler({
    program,
    read: async (window) => {
      reads += 1;
      const fold = tableFold({ program, window });
      for (const state of accounts) fold.add({ kind: 'account', state });
      fold.add({
        kind: 'touch',
        touch: {
          accountId: 'acc-1',
          touchId: 't-1',
          contactId: 'c-1',
          kind: 'feature-tip',
          template: 'feature-tip/ja',
          content: {},
          status: 'sent',
          claimedAt: '2026-05-25T00:00:00.000Z',
          sentAt: '2026-05-25T00:00:00.000Z',
          statusAt: {},
        },
      });
      return fold.contents();
    },
    saveReading: async (r) => void readings.push(r),
    bucket: {
      name: 'reports-bucket',
      put: async (key, body, contentType) => void puts.push({ key, body, contentType }),
    },
    announce: async (d) => void announced.push(d),
    assets: loadReportAssets,
    clock: fixedClock(NOW),
    logger: recordingLogger(),
  });
  return { handler, puts, announced, readings, reads: () => reads };
}

describe('weekly report handler', () => {
  it('reads the table once, keeps the week’s reading, writes both files and announces them', async () => {
    const { handler, puts, announced, readings, reads } = setup();
    const published = await handler();
    expect(reads()).toBe(1);
    expect(readings.map((r) => r.at)).toEqual([NOW]);
    expect(puts.map((p) => [p.key, p.contentType])).toEqual([
      ['reports/2026-06-01/report.json', 'application/json'],
      ['reports/2026-06-01/report.html', 'text/html; charset=utf-8'],
    ]);
    const data = JSON.parse(puts[0]?.body ?? '') as ReportData;
    expect(data.summary).toMatchObject({ accounts: 2, touches: 1 });
    expect(data.window.until).toBe(NOW);
    expect(puts[1]?.body).toContain('<canvas id="chart-touches"');
    expect(announced).toEqual([published]);
    expect(published).toMatchObject({
      bucket: 'reports-bucket',
      key: 'reports/2026-06-01/report.html',
      jsonKey: 'reports/2026-06-01/report.json',
      accounts: 2,
    });
  });

  it('fails the cold start naming a missing bucket variable', () => {
    expect(() => reportEnv({})).toThrow(ConfigError);
    expect(() => reportEnv({})).toThrow(/REPORT_BUCKET_NAME is missing/);
    expect(reportEnv({ REPORT_BUCKET_NAME: 'b', REPORT_MAX_READ_UNITS: '250' })).toEqual({
      REPORT_BUCKET_NAME: 'b',
      REPORT_MAX_READ_UNITS: 250,
    });
  });
});

describe('report bucket and event', () => {
  it('puts each file under its key with its content type', async () => {
    const s3 = mockClient(S3Client);
    s3.on(PutObjectCommand).resolves({});
    await createS3ReportBucket(new S3Client({ region: 'us-east-1' }), 'reports-bucket').put(
      'reports/x/report.json',
      '{}',
      'application/json',
    );
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'reports-bucket',
      Key: 'reports/x/report.json',
      Body: '{}',
      ContentType: 'application/json',
    });
    s3.restore();
  });

  it('publishes Report Published from source teichaku, and says when the bus refused it', async () => {
    const events = mockClient(EventBridgeClient);
    const detail: ReportPublished = {
      at: NOW,
      bucket: 'b',
      key: 'k.html',
      jsonKey: 'k.json',
      window: { from: '2025-12-01T00:00:00.000Z', until: NOW },
      accounts: 3,
    };
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e' }] });
    await publishReportEvent(new EventBridgeClient({ region: 'us-east-1' }), 'bus', detail);
    const entry = events.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0];
    expect(entry).toMatchObject({ EventBusName: 'bus', Source: 'teichaku', DetailType: 'Report Published' });
    expect(JSON.parse(entry?.Detail ?? '{}')).toEqual(detail);
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'AccessDenied' }] });
    await expect(publishReportEvent(new EventBridgeClient({ region: 'us-east-1' }), 'bus', detail)).rejects.toThrow(
      ReportEventError,
    );
    events.restore();
  });
});
