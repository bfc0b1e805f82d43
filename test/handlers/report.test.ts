// The weekly report λ's shim and environment, and its adapters: the bucket and the event (what the
// run does is the publish-report use case's: test/app/publish-report.test.ts).
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { publishReportEvent, ReportEventError, type ReportPublished } from '../../functions/adapters/report-event.js';
import { createS3ReportBucket } from '../../functions/adapters/s3-report-bucket.js';
import { ConfigError, reportConfig } from '../../functions/handlers/config.js';
import { createReportHandler, reportEnv } from '../../functions/handlers/report.js';
import { reportWorld } from '../app/worlds.js';

const NOW = '2026-06-01T00:00:00.000Z';

function setup() {
  const world = reportWorld(NOW);
  return { ...world, handler: createReportHandler(world.deps) };
}

describe('weekly report handler', () => {
  it('runs the use case once per invocation and returns what it announced', async () => {
    const { handler, announced } = setup();
    const published = await handler({ source: 'aws.scheduler' });
    expect(announced).toEqual([published]);
    expect(published.key).toBe('reports/2026-06-01/report.html');
  });

  it('fails the cold start naming a missing bucket variable', () => {
    expect(() => reportEnv({})).toThrow(ConfigError);
    expect(() => reportEnv({})).toThrow(/REPORT_BUCKET_NAME is missing/);
    expect(reportEnv({ REPORT_BUCKET_NAME: 'b', REPORT_MAX_READ_UNITS: '250' })).toEqual({
      REPORT_BUCKET_NAME: 'b',
      REPORT_MAX_READ_UNITS: 250,
    });
  });

  it('reads its shared variables and its own in one config, naming every one missing', () => {
    expect(() => reportConfig({})).toThrow(/TABLE_NAME is missing.*EVENT_BUS_NAME is missing/);
    const env = { TABLE_NAME: 't', EVENT_BUS_NAME: 'bus', REPORT_BUCKET_NAME: 'b' };
    expect(reportConfig(env)).toMatchObject({ TABLE_NAME: 't', EVENT_BUS_NAME: 'bus', REPORT_BUCKET_NAME: 'b' });
    expect(reportConfig(env)).toMatchObject({ CONTENT_FILE: './content.json', REPORT_MAX_READ_UNITS: 1000 });
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
