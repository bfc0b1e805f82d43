// The `dailyDigest` prop: off by default; on, a daily schedule (00:00 UTC unless given), a function
// that may only scan the table and send from the sender identity, failed runs dead-lettered, never
// retried (the owners already sent to would get it twice), an alarm; clean under cdk-nag.
import { TimeZone } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { afterAll, describe, expect, it } from 'vitest';
import type { DailyDigest } from '../../infra/daily-digest.js';
import { removeTemporaryDirs, synthTeichaku } from './fixtures/synth.js';
import { environmentOf, functionNamed, grantsOfFunction, labelsFor, resourcesOf } from './fixtures/template-queries.js';

afterAll(removeTemporaryDirs);

describe('Teichaku dailyDigest', () => {
  it('adds nothing by default', () => {
    const { teichaku, template } = synthTeichaku();
    expect(teichaku.dailyDigest).toBeUndefined();
    expect(() => functionNamed(template, 'digest')).toThrow();
  });

  const { app, stack, teichaku, template } = synthTeichaku({ dailyDigest: true }, { nag: true });
  const digest = teichaku.dailyDigest as DailyDigest;

  it('synthesizes with no unacknowledged cdk-nag finding', () => {
    expect(() => app.synth()).not.toThrow();
  }, 60_000);

  it('runs every day at 00:00 UTC, failures dead-lettered and not retried', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 0 * * ? *)',
      Target: Match.objectLike({
        Arn: stack.resolve(digest.function.functionArn),
        DeadLetterConfig: { Arn: stack.resolve(digest.deadLetterQueue.queueArn) },
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 0 }),
      }),
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: stack.resolve(digest.function.functionName),
      MaximumRetryAttempts: 0,
    });
    const env = environmentOf(template, 'digest');
    // The construct's own From address when the digest names none.
    expect(env).toMatchObject({
      DIGEST_FROM_ADDRESS: 'cs@example.com',
      DIGEST_LOCALE: 'ja',
      DIGEST_MAX_READ_UNITS: '1000',
    });
    expect(
      resourcesOf(template, 'AWS::CloudWatch::Alarm').some(([, a]) =>
        String(a.Properties?.AlarmDescription).includes('daily digest'),
      ),
    ).toBe(true);
  });

  it('lets the digest function scan the table and send from the sender identity, nothing else', () => {
    const labels = labelsFor(stack, {
      table: teichaku.table.tableArn,
      'sender identity': teichaku.senderIdentity.emailIdentityArn,
      'digest logs': digest.function.logGroup.logGroupArn,
      'digest dead letters': digest.deadLetterQueue.queueArn,
    });
    expect(grantsOfFunction(template, 'digest', labels)).toEqual(
      [
        'dynamodb:Scan on table',
        'logs:CreateLogStream on digest logs',
        'logs:PutLogEvents on digest logs',
        'ses:SendEmail on sender identity',
        'sqs:SendMessage on digest dead letters',
      ].sort(),
    );
  });

  it('takes a local hour, its own From address on a known identity, its language and read rate', () => {
    const { template: t } = synthTeichaku({
      fromAddress: 'success@example.com',
      dailyDigest: {
        schedule: ScheduleExpression.cron({ hour: '8', minute: '0', timeZone: TimeZone.ASIA_TOKYO }),
        fromAddress: 'cs-team@example.com',
        locale: 'en',
        maxReadUnitsPerSecond: 200,
      },
    });
    t.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 8 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Tokyo',
    });
    expect(environmentOf(t, 'digest')).toMatchObject({
      DIGEST_FROM_ADDRESS: 'cs-team@example.com',
      DIGEST_LOCALE: 'en',
      DIGEST_MAX_READ_UNITS: '200',
    });
  });

  it('refuses a From address on no identity, a bad read rate and an unknown language, naming the prop', () => {
    expect(() =>
      synthTeichaku({ fromAddress: 'a@example.com', dailyDigest: { fromAddress: 'cs@elsewhere.org' } }),
    ).toThrow(/dailyDigest\.fromAddress is on no identity/);
    expect(() => synthTeichaku({ dailyDigest: { maxReadUnitsPerSecond: 0 } })).toThrow(
      /dailyDigest\.maxReadUnitsPerSecond must be a positive number/,
    );
    expect(() => synthTeichaku({ dailyDigest: { locale: 'fr' as 'en' } })).toThrow(
      /dailyDigest\.locale must be 'ja' or 'en'/,
    );
  });
});
