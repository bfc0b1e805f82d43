// The construct with every option turned on (own bus, customer key, alarm topic, created identity,
// tracing, destroy on delete), and the props it refuses with a message that says what to fix.
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Key } from 'aws-cdk-lib/aws-kms';
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { afterAll, describe, expect, it } from 'vitest';
import { Teichaku, type TeichakuProps } from '../../infra/teichaku.js';
import { aContentFile, buildTeichaku, FIXTURE_HANDLERS_DIR, removeTemporaryDirs } from './fixtures/synth.js';
import { environmentOf, functionNamed, resourcesOf } from './fixtures/template-queries.js';

const HANDLERS = ['ingest', 'planner', 'sender', 'engagement', 'unsubscribe'] as const;

const ALARM_TOPIC_ARN = 'arn:aws:sns:ap-northeast-1:123456789012:cs-alarms';

const { app, stack, teichaku } = buildTeichaku(
  (scope) => ({
    eventBus: new EventBus(scope, 'ProductBus', { eventBusName: 'product-events' }),
    eventSource: 'jp.example.kintai',
    tableEncryptionKey: new Key(scope, 'TableKey', { enableKeyRotation: true }),
    alarmTopic: Topic.fromTopicArn(scope, 'Alarms', ALARM_TOPIC_ARN),
    senderIdentity: { name: 'mail.example.org', create: true },
    fromAddress: 'success@mail.example.org',
    configurationSet: { name: 'teichaku-sending' },
    plannerSchedule: ScheduleExpression.rate(Duration.minutes(30)),
    sendRatePerSecond: 14,
    senderConcurrency: 4,
    dueShards: 32,
    plannerWorkers: 6,
    plannerShardsPerItem: 4,
    plannerAccountsPerItem: 2_000,
    tracing: true,
    removalPolicy: RemovalPolicy.DESTROY,
  }),
  // A customer key on a TableV2 needs a stack with a known region.
  { nag: true, env: { account: '123456789012', region: 'ap-northeast-1' } },
);
const template = Template.fromStack(stack);
const resolved = (token: unknown) => stack.resolve(token);

afterAll(removeTemporaryDirs);

describe('Teichaku with every option', () => {
  it('still passes cdk-nag, with tracing acknowledged as the one wildcard', () => {
    expect(() => app.synth()).not.toThrow();
  }, 60_000);

  it('ingests from the given bus and source and publishes signals there', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: resolved(teichaku.eventBus.eventBusName),
      EventPattern: { source: ['jp.example.kintai'] },
    });
    for (const name of ['ingest', 'planner', 'sender']) {
      expect(environmentOf(template, name).EVENT_BUS_NAME, name).toEqual(resolved(teichaku.eventBus.eventBusName));
    }
    expect(environmentOf(template, 'ingest').EVENT_SOURCE).toBe('jp.example.kintai');
  });

  it('encrypts the table with the given key and lets each function use that key for data only', () => {
    const keyArn = resolved((teichaku.table.encryptionKey as Key).keyArn);
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [Match.objectLike({ SSESpecification: { KMSMasterKeyId: keyArn } })],
    });
    for (const name of HANDLERS) {
      template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: roleOf(name) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            {
              Effect: 'Allow',
              Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
              Resource: keyArn,
            },
          ]),
        },
      });
    }
  });

  it('notifies the alarm topic from every alarm', () => {
    const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm');
    expect(alarms).toHaveLength(teichaku.alarms.length);
    for (const [, alarm] of alarms) expect(alarm.Properties?.AlarmActions).toEqual([ALARM_TOPIC_ARN]);
  });

  it('creates the sender identity and the named configuration set, and sends only through them', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'mail.example.org' });
    template.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'teichaku-sending' });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleOf('sender') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: 'ses:SendEmail',
            Resource: [resolved(teichaku.senderIdentity.emailIdentityArn), resolved(teichaku.configurationSetArn)],
          },
        ]),
      },
    });
    expect(environmentOf(template, 'sender').CONFIGURATION_SET_NAME).toEqual(
      resolved(teichaku.configurationSet.configurationSetName),
    );
  });

  it('splits the send rate over the sender concurrency and passes the shard count', () => {
    expect(environmentOf(template, 'sender').SEND_RATE_PER_SECOND).toBe('3.5');
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { ScalingConfig: { MaximumConcurrency: 4 } });
    for (const name of HANDLERS) expect(environmentOf(template, name).DUE_SHARDS, name).toBe('32');
  });

  it('fans the planner out as the props say: planners at once, shards and accounts per work item', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: resolved(teichaku.planningQueue.queueArn),
      ScalingConfig: { MaximumConcurrency: 6 },
    });
    expect(environmentOf(template, 'coordinator').PLANNER_SHARDS_PER_ITEM).toBe('4');
    expect(environmentOf(template, 'coordinator').DUE_SHARDS).toBe('32');
    expect(environmentOf(template, 'planner').PLANNER_ACCOUNTS_PER_ITEM).toBe('2000');
  });

  it('runs the planner on the given schedule', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(30 minutes)' });
  });

  it('traces every function and lets the table go with the stack', () => {
    for (const name of HANDLERS)
      expect(functionNamed(template, name).properties.TracingConfig, name).toEqual({ Mode: 'Active' });
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ Replicas: [Match.objectLike({ DeletionProtectionEnabled: false })] }),
    });
  });
});

describe('Teichaku props it refuses', () => {
  const attempt = (props: Partial<TeichakuProps>) => () =>
    new Teichaku(new Stack(new App(), 'Refused'), 'Teichaku', {
      fromAddress: 'cs@example.com',
      handlersDir: FIXTURE_HANDLERS_DIR,
      contentFile: aContentFile(),
      ...props,
    });

  it('asks for `npm run build` when the content file is missing', () => {
    expect(attempt({ contentFile: 'no-such-dir/content.json' })).toThrow(
      /no-such-dir\/content\.json.*run `npm run build` first/,
    );
  });

  it('names a missing handler entry file', () => {
    expect(attempt({ handlersDir: 'no-such-handlers' })).toThrow(
      /handler entry file \S*no-such-handlers\/\w+\.ts does not exist/,
    );
  });

  it.each([
    [
      'both a bus and a bus name',
      { eventBusName: 'a', eventBus: EventBus.fromEventBusName(new Stack(), 'B', 'b') },
      /either eventBus or eventBusName/,
    ],
    ['one sender', { senderConcurrency: 1 }, /senderConcurrency must be an integer from 2 to 1000 \(got 1\)/],
    ['no due shard', { dueShards: 0 }, /dueShards must be an integer from 1 to 1000 \(got 0\)/],
    ['one planner', { plannerWorkers: 1 }, /plannerWorkers must be an integer from 2 to 1000 \(got 1\)/],
    [
      'no shard per item',
      { plannerShardsPerItem: 0 },
      /plannerShardsPerItem must be an integer from 1 to 1000 \(got 0\)/,
    ],
    [
      'a fraction of an account per item',
      { plannerAccountsPerItem: 2.5 },
      /plannerAccountsPerItem must be an integer from 1 to 1000000 \(got 2.5\)/,
    ],
    ['a zero send rate', { sendRatePerSecond: 0 }, /sendRatePerSecond must be a positive number \(got 0\)/],
    ['a From without a domain', { fromAddress: 'not-an-address' }, /fromAddress must be a bare email address/],
    [
      'a From with a display name',
      { fromAddress: 'Example CS <cs@example.com>' },
      /fromAddress must be a bare email address/,
    ],
    [
      'a table key in a region-agnostic stack',
      {
        tableEncryptionKey: Key.fromKeyArn(
          new Stack(),
          'K',
          'arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        ),
      },
      /tableEncryptionKey needs a stack with an explicit region/,
    ],
  ] as const)('refuses %s', (_label, props, message) => {
    expect(attempt(props as Partial<TeichakuProps>)).toThrow(message);
  });
});

function roleOf(name: string): string {
  return (functionNamed(template, name).properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
}
