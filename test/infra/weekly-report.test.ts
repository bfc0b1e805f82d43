// The `weeklyReport` prop: off by default; on, a private encrypted bucket with a lifecycle rule, a
// weekly schedule, a function that may only scan the table, put its reading, write reports/ and
// announce them; clean under cdk-nag. Also the decision trail's TTL on the table.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { TTL_ATTRIBUTE } from '../../functions/adapters/table-schema.js';
import type { WeeklyReport } from '../../infra/weekly-report.js';
import { removeTemporaryDirs, synthTeichaku } from './fixtures/synth.js';
import { environmentOf, functionNamed, grantsOfFunction, labelsFor, resourcesOf } from './fixtures/template-queries.js';

const REAL_HANDLERS = fileURLToPath(new URL('../../functions/handlers', import.meta.url));

afterAll(removeTemporaryDirs);

describe('Teichaku table', () => {
  it('expires the decision trail through a TTL attribute', () => {
    const { template } = synthTeichaku();
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    });
  });
});

describe('Teichaku weeklyReport', () => {
  it('adds nothing by default', () => {
    const { teichaku, template } = synthTeichaku();
    expect(teichaku.weeklyReport).toBeUndefined();
    expect(resourcesOf(template, 'AWS::S3::Bucket')).toHaveLength(0);
    expect(() => functionNamed(template, 'report')).toThrow();
  });

  const { app, stack, teichaku, template } = synthTeichaku(
    { weeklyReport: { keepDays: 90, maxReadUnitsPerSecond: 300 } },
    { nag: true },
  );
  const report = teichaku.weeklyReport as WeeklyReport;

  it('synthesizes with no unacknowledged cdk-nag finding', () => {
    expect(() => app.synth()).not.toThrow();
  }, 60_000);

  it('keeps reports in a private, encrypted, SSL-only bucket that expires them', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: [Match.objectLike({ Prefix: 'reports/', ExpirationInDays: 90, Status: 'Enabled' })],
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('runs the report function weekly with its bucket and read bound, failures dead-lettered', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 0 ? * MON *)',
      Target: Match.objectLike({
        Arn: stack.resolve(report.function.functionArn),
        DeadLetterConfig: { Arn: stack.resolve(report.deadLetterQueue.queueArn) },
      }),
    });
    const env = environmentOf(template, 'report');
    expect(env.REPORT_MAX_READ_UNITS).toBe('300');
    expect(env.REPORT_BUCKET_NAME).toEqual(stack.resolve(report.bucket.bucketName));
    expect(functionNamed(template, 'report').properties.Runtime).toBe('nodejs24.x');
  });

  it('lets the report function scan the table, write its reading and reports/, and announce, nothing else', () => {
    const labels = labelsFor(stack, {
      table: teichaku.table.tableArn,
      'report objects': `${report.bucket.bucketArn}/reports/*`,
      'event bus': teichaku.eventBus.eventBusArn,
      'report logs': report.function.logGroup.logGroupArn,
      'report dead letters': report.deadLetterQueue.queueArn,
    });
    expect(grantsOfFunction(template, 'report', labels)).toEqual(
      [
        'dynamodb:BatchWriteItem on table',
        'dynamodb:Scan on table',
        'events:PutEvents on event bus',
        'logs:CreateLogStream on report logs',
        'logs:PutLogEvents on report logs',
        's3:PutObject on report objects',
        'sqs:SendMessage on report dead letters',
      ].sort(),
    );
  });
});

describe('the report function bundle', () => {
  it('bundles the real handler with the report assets and the content file, and loads', async () => {
    const { app, stack } = synthTeichaku({ weeklyReport: true, handlersDir: REAL_HANDLERS }, { bundle: true });
    const out = app.synth().directory;
    const code = (
      functionNamed(Template.fromStack(stack), 'report').properties.Code as { S3Key: string }
    ).S3Key.replace(/\.zip$/, '');
    const dir = join(out, `asset.${code}`);
    for (const file of [
      'index.mjs',
      'content.json',
      'report-assets/chart.umd.js',
      'report-assets/report.js',
      'report-assets/report.css',
    ])
      expect(existsSync(join(dir, file)), file).toBe(true);
    expect(readFileSync(join(dir, 'report-assets/report.css'), 'utf8').length).toBeGreaterThan(0);
    const loaded = (await import(pathToFileURL(join(dir, 'index.mjs')).href)) as { handler?: unknown };
    expect(typeof loaded.handler).toBe('function');
  }, 180_000);
});
