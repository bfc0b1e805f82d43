// CloudFormation knows a resource by its logical ID: a changed ID deletes the resource and creates
// another on the user's next deploy. For the tables that is their data, for the signing key every
// unsubscribe link already sent, for the queues the messages in them. So the construct's parts may
// move between files, but every logical ID and type stays what fixtures/logical-ids.json recorded
// (synthesized from the construct before it was split into parts, issue #17).
// Only IDs and types are held here, never properties: the other infra tests assert those.
import { readFileSync } from 'node:fs';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Key } from 'aws-cdk-lib/aws-kms';
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { afterAll, describe, expect, it } from 'vitest';
import { type PropsFor, removeTemporaryDirs, type SynthOptions, synthTeichaku } from './fixtures/synth.js';

type IdsAndTypes = Record<string, string>;
const RECORDED = JSON.parse(readFileSync(new URL('./fixtures/logical-ids.json', import.meta.url), 'utf8')) as Record<
  string,
  IdsAndTypes
>;

// The first synth of a worker loads all of aws-cdk-lib; on a busy machine that took 18 s.
const SYNTH_TIMEOUT_MS = 60_000;

const ALARM_TOPIC_ARN = 'arn:aws:sns:ap-northeast-1:123456789012:cs-alarms';

/** The configurations recorded: the defaults, and every option with a given bus and with teichaku's own. */
const CONFIGURATIONS: Record<string, { readonly props: PropsFor; readonly options?: SynthOptions }> = {
  default: { props: {} },
  everyOptionGivenBus: {
    props: (scope) => ({
      eventBus: new EventBus(scope, 'ProductBus', { eventBusName: 'product-events' }),
      eventSource: 'jp.example.kintai',
      tableEncryptionKey: new Key(scope, 'TableKey', { enableKeyRotation: true }),
      alarmTopic: Topic.fromTopicArn(scope, 'Alarms', ALARM_TOPIC_ARN),
      senderIdentity: { name: 'mail.example.org', create: true, mailFromDomain: 'bounce.mail.example.org' },
      additionalSenderIdentities: [{ name: 'example.net', create: true }, { name: 'other@example.com' }],
      fromAddress: 'success@mail.example.org',
      configurationSet: { name: 'teichaku-sending', trackEngagement: true },
      plannerSchedule: ScheduleExpression.rate(Duration.minutes(30)),
      sendRatePerSecond: 14,
      senderConcurrency: 4,
      dueShards: 32,
      tracing: true,
      removalPolicy: RemovalPolicy.DESTROY,
      weeklyReport: { keepDays: 100, maxReadUnitsPerSecond: 50 },
      guardrails: { bounceRate: 0.03 },
      reputationAlarms: { bounceRate: 0.04 },
      warmUpDailyCaps: [50, 100],
      complianceRetentionDays: 60,
      resumeEventSource: 'jp.example.ops',
      unsubscribeBaseUrl: 'https://u.example.org/unsubscribe',
      csOwnerDomains: ['example.org'],
      futureTolerance: Duration.hours(2),
      unsubscribeReservedConcurrency: 9,
    }),
    // A customer key on a TableV2 needs a stack with a known region.
    options: { env: { account: '123456789012', region: 'ap-northeast-1' } },
  },
  everyOptionOwnBus: {
    props: (scope) => ({
      productEventPrincipals: ['arn:aws:iam::111122223333:role/product-events'],
      resumePrincipals: ['arn:aws:iam::123456789012:role/cs-ops'],
      forwardProductEventsFrom: EventBus.fromEventBusName(scope, 'Default', 'default'),
      alarmTopic: Topic.fromTopicArn(scope, 'Alarms', ALARM_TOPIC_ARN),
      reputationAlarms: false,
      weeklyReport: true,
      tracing: true,
    }),
  },
};

afterAll(removeTemporaryDirs);

describe('the logical IDs of the construct’s resources', () => {
  it('are recorded for exactly the configurations synthesized here', () => {
    expect(Object.keys(RECORDED).sort()).toEqual(Object.keys(CONFIGURATIONS).sort());
  });

  it.each(Object.keys(CONFIGURATIONS))(
    'stay as recorded, with the same types, in the %s configuration',
    (name) => {
      const { props, options } = CONFIGURATIONS[name] as (typeof CONFIGURATIONS)[string];
      const resources = synthTeichaku(props, options).template.toJSON().Resources as Record<string, { Type: string }>;
      const idsAndTypes = Object.fromEntries(Object.entries(resources).map(([id, resource]) => [id, resource.Type]));
      expect(idsAndTypes).toEqual(RECORDED[name]);
    },
    SYNTH_TIMEOUT_MS,
  );
});
