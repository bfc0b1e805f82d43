// The construct's deliverability side: SES reputation alarms that turn the configuration set off
// through the guardrail function, the alarm on our own pause, the resume rule, the guard's settings
// as the handlers read them, every verified identity with Easy DKIM, a custom MAIL FROM and its DNS.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PublicHostedZone } from 'aws-cdk-lib/aws-route53';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../functions/handlers/config.js';
import { aTemporaryDir, buildTeichaku, removeTemporaryDirs, synthTeichaku } from './fixtures/synth.js';
import { environmentOf, functionNamed, resourcesOf } from './fixtures/template-queries.js';

afterAll(removeTemporaryDirs);

describe('Teichaku deliverability by default', () => {
  const { stack, teichaku, template } = synthTeichaku();
  const resolved = (token: unknown) => stack.resolve(token);

  it('alarms on the configuration set’s SES reputation at 5 % bounces and 0.1 % complaints', () => {
    for (const [metric, threshold] of [
      ['Reputation.BounceRate', 0.05],
      ['Reputation.ComplaintRate', 0.001],
    ] as const) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SES',
        MetricName: metric,
        Dimensions: [
          { Name: 'ses:configuration-set', Value: resolved(teichaku.configurationSet.configurationSetName) },
        ],
        Threshold: threshold,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    }
    expect(teichaku.reputationAlarms).toHaveLength(2);
  });

  it('sends those alarms going to ALARM, and nothing else from CloudWatch, to the guardrail function', () => {
    const rule = resourcesOf(template, 'AWS::Events::Rule').find(
      ([, r]) => (r.Properties?.EventPattern as { source?: string[] }).source?.[0] === 'aws.cloudwatch',
    );
    expect(rule).toBeDefined();
    const props = rule?.[1].Properties as { EventPattern: Record<string, unknown>; Targets: { Arn: unknown }[] };
    expect(props.EventPattern).toMatchObject({
      'detail-type': ['CloudWatch Alarm State Change'],
      detail: { state: { value: ['ALARM'] } },
    });
    expect(props.EventPattern.resources).toEqual(teichaku.reputationAlarms.map((a) => resolved(a.alarmArn)));
    expect(props.Targets.map((t) => t.Arn)).toEqual([resolved(teichaku.guardrailFunction.functionArn)]);
  });

  it('routes a person’s resume request from the ops source on the bus to the guardrail function', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['teichaku.ops'], 'detail-type': ['Sending Resume Requested'] },
      Targets: [Match.objectLike({ Arn: resolved(teichaku.guardrailFunction.functionArn) })],
    });
  });

  it('alarms when automated sending paused itself', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Teichaku',
      MetricName: 'SendingPaused',
      Threshold: 1,
    });
  });

  it('hands the handlers the guard’s defaults, parsed as they parse them at cold start', () => {
    const engagement = readConfig(
      ['GUARDRAIL_THRESHOLDS'],
      environmentOf(template, 'engagement') as Record<string, string>,
    );
    expect(engagement.GUARDRAIL_THRESHOLDS).toEqual({
      bounceRate: 0.04,
      complaintRate: 0.0008,
      windowHours: 24,
      lastSends: 2500,
      minSends: 500,
    });
    const sender = readConfig(
      ['WARM_UP_DAILY_CAPS', 'SENDER_IDENTITIES', 'SENDER_CONCURRENCY'],
      environmentOf(template, 'sender') as Record<string, string>,
    );
    expect(sender.SENDER_CONCURRENCY).toBe(2);
    expect(sender.WARM_UP_DAILY_CAPS).toEqual([]);
    expect(sender.SENDER_IDENTITIES).toEqual(['example.com']);
    expect(environmentOf(template, 'ingest').COMPLIANCE_RETENTION_DAYS).toBe('365');
  });

  it('expires the guard’s hour counts and removed contacts’ compliance records through the table’s TTL', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });
});

describe('Teichaku deliverability with every option', () => {
  const content = join(aTemporaryDir(), 'content.json');
  writeFileSync(
    content,
    JSON.stringify({
      program: { id: 'fixture' },
      templates: {},
      sender: { ja: { fromAddress: 'cs@mail.example.jp' }, en: {} },
    }),
  );
  const { app, stack, teichaku } = buildTeichaku(
    (scope) => ({
      fromAddress: 'success@mail.example.com',
      contentFile: content,
      senderIdentity: {
        create: true,
        hostedZone: new PublicHostedZone(scope, 'Zone', { zoneName: 'example.com' }),
        mailFromDomain: 'bounce.mail.example.com',
      },
      additionalSenderIdentities: [{ name: 'mail.example.jp' }],
      guardrails: { complaintRate: 0.0005, lastSends: 5000 },
      reputationAlarms: { bounceRate: 0.04 },
      warmUpDailyCaps: [50, 100, 200],
      complianceRetentionDays: 730,
      resumeEventSource: 'com.example.ops',
      alarmTopic: Topic.fromTopicArn(scope, 'Alarms', 'arn:aws:sns:ap-northeast-1:123456789012:cs-alarms'),
    }),
    { nag: true, env: { account: '123456789012', region: 'ap-northeast-1' } },
  );
  const template = Template.fromStack(stack);
  const resolved = (token: unknown) => stack.resolve(token);

  it('passes cdk-nag, with the sender’s SES quota read as its one acknowledged wildcard', () => {
    expect(() => app.synth()).not.toThrow();
  }, 60_000);

  it('creates the identity with Easy DKIM and a custom MAIL FROM, and their records in the zone', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'mail.example.com',
      MailFromAttributes: { MailFromDomain: 'bounce.mail.example.com' },
    });
    const records = resourcesOf(template, 'AWS::Route53::RecordSet').map(
      ([, r]) => r.Properties as { Type: string; Name: unknown },
    );
    expect(records.filter((r) => r.Type === 'CNAME')).toHaveLength(3);
    expect(records.filter((r) => r.Type === 'MX' || r.Type === 'TXT').map((r) => [r.Type, r.Name])).toEqual([
      ['MX', 'bounce.mail.example.com.'],
      ['TXT', 'bounce.mail.example.com.'],
    ]);
  });

  it('lets the sender send from every identity it knows, and tells the sender which those are', () => {
    const statements = resourcesOf(template, 'AWS::IAM::Policy').flatMap(
      ([, p]) => (p.Properties?.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement,
    );
    const sendEmail = statements.find((s) => s.Action === 'ses:SendEmail');
    expect(sendEmail?.Resource).toEqual([
      ...teichaku.senderIdentities.map((i) => resolved(i.emailIdentityArn)),
      resolved(teichaku.configurationSetArn),
    ]);
    expect(environmentOf(template, 'sender').SENDER_IDENTITIES).toBe('mail.example.com,mail.example.jp');
  });

  it('passes the props through to the handlers and the alarms', () => {
    expect(JSON.parse(String(environmentOf(template, 'engagement').GUARDRAIL_THRESHOLDS))).toMatchObject({
      complaintRate: 0.0005,
      lastSends: 5000,
      bounceRate: 0.04,
    });
    expect(environmentOf(template, 'sender').WARM_UP_DAILY_CAPS).toBe('[50,100,200]');
    expect(environmentOf(template, 'ingest').COMPLIANCE_RETENTION_DAYS).toBe('730');
    expect(environmentOf(template, 'guardrail').RESUME_EVENT_SOURCE).toBe('com.example.ops');
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Reputation.BounceRate',
      Threshold: 0.04,
      AlarmActions: ['arn:aws:sns:ap-northeast-1:123456789012:cs-alarms'],
    });
    expect(functionNamed(template, 'guardrail')).toBeDefined();
  });
});

describe('Teichaku deliverability props it refuses', () => {
  it.each([
    [{ guardrails: { complaintRate: 2 } }, /guardrails: complaintRate/],
    [{ warmUpDailyCaps: [0] }, /warmUpDailyCaps/],
    [{ complianceRetentionDays: 7 }, /complianceRetentionDays must be a whole number of days from 30/],
    [{ reputationAlarms: { complaintRate: 5 } }, /reputationAlarms rates are fractions/],
    [{ senderIdentity: { mailFromDomain: 'bounce.example.com' } }, /need create: true/],
    [
      { senderIdentity: { create: true, mailFromDomain: 'bounce.elsewhere.org' } },
      /subdomain of the identity's domain example\.com/,
    ],
  ])('%j', (props, message) => {
    expect(() => buildTeichaku(props)).toThrow(message);
  });

  it('a sender.yaml From address on no identity it knows, naming the locale', () => {
    const content = join(aTemporaryDir(), 'content.json');
    writeFileSync(
      content,
      JSON.stringify({
        program: { id: 'fixture' },
        templates: {},
        sender: { ja: { fromAddress: 'cs@unknown.example.net' } },
      }),
    );
    expect(() => buildTeichaku({ contentFile: content })).toThrow(
      /sender\.yaml ja\.fromAddress is on no identity the construct knows/,
    );
  });

  it('leaves the reputation alarms out when told to', () => {
    const { teichaku, template } = synthTeichaku({ reputationAlarms: false });
    expect(teichaku.reputationAlarms).toEqual([]);
    expect(
      resourcesOf(template, 'AWS::Events::Rule').some(
        ([, r]) => (r.Properties?.EventPattern as { source?: string[] }).source?.[0] === 'aws.cloudwatch',
      ),
    ).toBe(false);
  });
});
