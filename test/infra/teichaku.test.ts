// The Teichaku construct's resources, asserted by property: queues and their dead letters, the table,
// the routes from the buses, the schedule, the functions and the alarms.
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { DUE_INDEX, TABLE_KEY } from '../../functions/adapters/table-schema.js';
import { DETAIL_TYPES } from '../../functions/core/events.js';
import { HANDLER_ENV, handlerConfig } from '../../functions/handlers/config.js';
import { MAX_RECEIVE_COUNT } from '../../infra/queues.js';
import { removeTemporaryDirs, synthTeichaku } from './fixtures/synth.js';
import { environmentOf, functionNamed, resourcesOf } from './fixtures/template-queries.js';

const { stack, teichaku, template } = synthTeichaku();
const resolved = (token: unknown) => stack.resolve(token);

const HANDLERS = ['ingest', 'coordinator', 'planner', 'sender', 'engagement', 'unsubscribe', 'guardrail'] as const;

/** What CloudFormation puts in place of the deploy-time values (names, ARNs, URLs). */
const TOKEN_STAND_INS: Record<string, string> = {
  TABLE_NAME: 'Teichaku-Table-1A2B3C',
  SEND_QUEUE_URL: 'https://sqs.ap-northeast-1.amazonaws.com/123456789012/Teichaku-SendQueue',
  CONFIGURATION_SET_NAME: 'Teichaku-ConfigurationSet',
  UNSUBSCRIBE_SECRET_ARN: 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:UnsubscribeSigningKey-AbCdEf',
  UNSUBSCRIBE_BASE_URL: 'https://abcdefghij.lambda-url.ap-northeast-1.on.aws/',
  COMPLIANCE_TABLE_NAME: 'Teichaku-ComplianceTable-4D5E6F',
  EVENT_BUS_NAME: 'TeichakuEventBus1A2B3C',
  DEAD_LETTER_QUEUE_URL: 'https://sqs.ap-northeast-1.amazonaws.com/123456789012/Teichaku-DeadLetters',
  PLANNING_QUEUE_URL: 'https://sqs.ap-northeast-1.amazonaws.com/123456789012/Teichaku-PlanningQueue',
};
/** What the engagement function acts on; sends are counted by the sender, opens and clicks only with trackEngagement. */
const SES_EVENT_TYPES = ['delivery', 'bounce', 'complaint', 'reject', 'deliveryDelay'];

afterAll(removeTemporaryDirs);

describe('Teichaku queues', () => {
  it.each([
    ['ingest', () => teichaku.ingestQueue, () => teichaku.ingestDeadLetterQueue, 'ingest'],
    ['send', () => teichaku.sendQueue, () => teichaku.sendDeadLetterQueue, 'sender'],
    ['planning', () => teichaku.planningQueue, () => teichaku.planningDeadLetterQueue, 'planner'],
  ] as const)('redrives the %s queue to its dead-letter queue after 5 receives', (_name, queue, dlq, consumer) => {
    const [, props] = queueProps(queue().queueArn);
    expect(props.RedrivePolicy).toEqual({ deadLetterTargetArn: resolved(dlq().queueArn), maxReceiveCount: 5 });
    expect(MAX_RECEIVE_COUNT).toBeGreaterThanOrEqual(5);
    const timeoutSec = functionNamed(template, consumer).properties.Timeout as number;
    const mapping = resourcesOf(template, 'AWS::Lambda::EventSourceMapping').find(
      ([, m]) => JSON.stringify(m.Properties?.EventSourceArn) === JSON.stringify(resolved(queue().queueArn)),
    );
    const windowSec = (mapping?.[1].Properties?.MaximumBatchingWindowInSeconds as number | undefined) ?? 0;
    expect(props.VisibilityTimeout).toBeGreaterThanOrEqual(6 * timeoutSec + windowSec);
  });

  it('refuses plain HTTP and encrypts every queue', () => {
    const queues = resourcesOf(template, 'AWS::SQS::Queue');
    // Three work queues and six dead-letter queues.
    expect(queues).toHaveLength(9);
    for (const [id, queue] of queues) {
      expect(queue.Properties?.SqsManagedSseEnabled).toBe(true);
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: Match.arrayWith([{ Ref: id }]),
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('sends failed planner runs and failed SES events to alarmed dead-letter queues', () => {
    expect(functionNamed(template, 'coordinator').properties.DeadLetterConfig).toEqual({
      TargetArn: resolved(teichaku.plannerDeadLetterQueue.queueArn),
    });
    expect(functionNamed(template, 'engagement').properties.DeadLetterConfig).toEqual({
      TargetArn: resolved(teichaku.engagementDeadLetterQueue.queueArn),
    });
  });
});

describe('Teichaku table', () => {
  it('keys items by pk/sk with point-in-time recovery, encryption and the keys-only due index', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: TABLE_KEY.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEY.sortKey, KeyType: 'RANGE' },
      ],
      SSESpecification: { SSEEnabled: true },
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
      GlobalSecondaryIndexes: [
        {
          IndexName: DUE_INDEX.name,
          KeySchema: [
            { AttributeName: DUE_INDEX.partitionKey, KeyType: 'HASH' },
            { AttributeName: DUE_INDEX.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: DUE_INDEX.projection },
        },
      ],
    });
  });

  it('keeps the table when the stack is deleted, by default', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

describe('Teichaku routes', () => {
  it("routes only the product's source and the contract's twelve detail-types from teichaku's own bus to the ingest queue", () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: resolved(teichaku.eventBus.eventBusName),
      EventPattern: { source: ['com.example.product'], 'detail-type': [...DETAIL_TYPES] },
      Targets: [
        Match.objectLike({
          Arn: resolved(teichaku.ingestQueue.queueArn),
          DeadLetterConfig: { Arn: resolved(teichaku.ingestDeadLetterQueue.queueArn) },
        }),
      ],
    });
    expect([...DETAIL_TYPES].sort()).toEqual([
      'Account Upserted',
      'Contact Removed',
      'Contact Upserted',
      'Contract Ended',
      'Contract Renewed',
      'Onboarding Completed',
      'Signal Acknowledged',
      'Signal Resolved',
      'Support Ticket Closed',
      'Support Ticket Opened',
      'Survey Answered',
      'Usage Recorded',
    ]);
  });

  it("routes SES events of this deployment's configuration set to engagement, with a dead-letter queue", () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: 'default',
      EventPattern: {
        source: ['aws.ses'],
        detail: {
          mail: { tags: { 'ses:configuration-set': [resolved(teichaku.configurationSet.configurationSetName)] } },
        },
      },
      Targets: [
        Match.objectLike({
          Arn: resolved(teichaku.engagementFunction.functionArn),
          DeadLetterConfig: { Arn: resolved(teichaku.engagementDeadLetterQueue.queueArn) },
        }),
      ],
    });
  });

  it('publishes to the default bus only the SES event types the engagement function acts on', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: resolved(teichaku.configurationSet.configurationSetName),
      EventDestination: {
        Enabled: true,
        EventBridgeDestination: {
          EventBusArn: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([':event-bus/default'])] }),
        },
        MatchingEventTypes: Match.arrayEquals(SES_EVENT_TYPES),
      },
    });
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      ReputationOptions: { ReputationMetricsEnabled: true },
    });
  });

  it('publishes opens and clicks too when asked to track engagement', () => {
    const tracked = synthTeichaku({ configurationSet: { trackEngagement: true } });
    tracked.template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        MatchingEventTypes: Match.arrayEquals([...SES_EVENT_TYPES, 'open', 'click']),
      }),
    });
  });

  it('starts a planner run every hour on the coordinator through EventBridge Scheduler, dead-lettering failed runs', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 hour)',
      State: 'ENABLED',
      Target: Match.objectLike({
        Arn: resolved(teichaku.coordinatorFunction.functionArn),
        DeadLetterConfig: { Arn: resolved(teichaku.plannerDeadLetterQueue.queueArn) },
      }),
    });
  });

  it('caps the sender with the event source maximum concurrency and reports partial batch failures', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: resolved(teichaku.sendQueue.queueArn),
      FunctionName: resolved(teichaku.senderFunction.functionName),
      ScalingConfig: { MaximumConcurrency: 2 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: resolved(teichaku.ingestQueue.queueArn),
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('hands the planning queue to at most four planners, one work item each, reporting failed items', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: resolved(teichaku.planningQueue.queueArn),
      FunctionName: resolved(teichaku.plannerFunction.functionName),
      BatchSize: 1,
      ScalingConfig: { MaximumConcurrency: 4 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(environmentOf(template, 'coordinator').PLANNING_QUEUE_URL).toEqual(
      resolved(teichaku.planningQueue.queueUrl),
    );
    expect(environmentOf(template, 'coordinator').PLANNER_SHARDS_PER_ITEM).toBe('1');
    expect(environmentOf(template, 'planner').PLANNING_QUEUE_URL).toEqual(resolved(teichaku.planningQueue.queueUrl));
    expect(environmentOf(template, 'planner').DEAD_LETTER_QUEUE_URL).toEqual(
      resolved(teichaku.planningDeadLetterQueue.queueUrl),
    );
    expect(environmentOf(template, 'planner').PLANNER_ACCOUNTS_PER_ITEM).toBe('1000');
    // The planners are started by the queue only: no asynchronous invocations to dead-letter.
    expect(functionNamed(template, 'planner').properties.DeadLetterConfig).toBeUndefined();
  });

  it('serves unsubscribe on a public function URL (the signed token authenticates)', () => {
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      TargetFunctionArn: resolved(teichaku.unsubscribeFunction.functionArn),
    });
  });
});

describe('Teichaku functions', () => {
  it.each(HANDLERS)('runs %s on Node 24 arm64 with a log group of its own that expires', (name) => {
    const fn = functionNamed(template, name).properties;
    expect(fn.Runtime).toBe('nodejs24.x');
    expect(fn.Architectures).toEqual(['arm64']);
    const logGroup = (fn.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    expect(template.toJSON().Resources[logGroup].Properties.RetentionInDays).toBeGreaterThan(0);
  });

  it('passes each function exactly the variables its handler reads, plus source maps', () => {
    for (const name of HANDLERS) {
      expect(Object.keys(environmentOf(template, name)).sort(), name).toEqual(
        [...HANDLER_ENV[name], 'NODE_OPTIONS'].sort(),
      );
    }
    const sender = environmentOf(template, 'sender');
    expect(sender.FROM_ADDRESS).toBe('cs@example.com');
    expect(sender.SEND_RATE_PER_SECOND).toBe('5');
    expect(sender.UNSUBSCRIBE_BASE_URL).toEqual(resolved(teichaku.unsubscribeUrl.url));
    expect(sender.CONFIGURATION_SET_NAME).toEqual(resolved(teichaku.configurationSet.configurationSetName));
    expect(environmentOf(template, 'planner').SEND_QUEUE_URL).toEqual(resolved(teichaku.sendQueue.queueUrl));
    expect(environmentOf(template, 'ingest').EVENT_SOURCE).toBe('com.example.product');
    // The coordinator reads no state: it only cuts a run into work items.
    for (const name of HANDLERS.filter((h) => h !== 'coordinator'))
      expect(environmentOf(template, name).TABLE_NAME, name).toEqual(resolved(teichaku.table.tableName));
    expect(environmentOf(template, 'coordinator').TABLE_NAME).toBeUndefined();
  });

  it('parses as each handler parses its environment at cold start', () => {
    for (const name of HANDLERS) {
      const env = Object.fromEntries(
        Object.entries(environmentOf(template, name)).map(([key, value]) => [
          key,
          typeof value === 'string' ? value : TOKEN_STAND_INS[key],
        ]),
      );
      expect(() => handlerConfig(name, env), name).not.toThrow();
    }
  });

  it('sends from the domain identity of the From address by default', () => {
    expect(JSON.stringify(resolved(teichaku.senderIdentity.emailIdentityArn))).toContain(':identity/example.com');
  });

  it('hands functions the ARN of the generated signing key, never its value', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ PasswordLength: 64 }),
      SecretString: Match.absent(),
    });
    const secretArn = resolved(teichaku.unsubscribeSigningKey.secretArn);
    for (const name of HANDLERS) {
      const env = environmentOf(template, name);
      expect(JSON.stringify(env), name).not.toMatch(/resolve:secretsmanager|SecretString/);
      for (const [key, value] of Object.entries(env)) {
        if (JSON.stringify(value).includes(JSON.stringify(secretArn).slice(1, -1)))
          expect(key).toBe('UNSUBSCRIBE_SECRET_ARN');
      }
    }
    expect(JSON.stringify(template.toJSON())).not.toMatch(/resolve:secretsmanager/);
  });
});

describe('Teichaku alarms', () => {
  it('alarms on the depth of each of the five dead-letter queues', () => {
    for (const dlq of [
      teichaku.ingestDeadLetterQueue,
      teichaku.sendDeadLetterQueue,
      teichaku.plannerDeadLetterQueue,
      teichaku.planningDeadLetterQueue,
      teichaku.engagementDeadLetterQueue,
    ]) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: resolved(dlq.queueName) }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      });
    }
  });

  it("alarms on each function's errors and on sender throttles", () => {
    for (const name of HANDLERS) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionNamed(template, name).id } }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Throttles',
      Dimensions: [{ Name: 'FunctionName', Value: resolved(teichaku.senderFunction.functionName) }],
    });
    // Dead letters, function errors, sender throttles, unconfirmed sends, SES reputation (2) and our own pause.
    expect(teichaku.alarms).toHaveLength(6 + 7 + 1 + 1 + 2 + 1);
  });

  it('alarms on any unconfirmed send, the metric the sender publishes with its service name', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Teichaku',
      MetricName: 'UnconfirmedSends',
      Dimensions: [{ Name: 'service', Value: environmentOf(template, 'sender').POWERTOOLS_SERVICE_NAME }],
      Statistic: 'Sum',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      TreatMissingData: 'notBreaching',
    });
  });
});

function queueProps(arn: string): [string, Record<string, unknown>] {
  const target = resolved(arn) as { 'Fn::GetAtt': [string, string] };
  const id = target['Fn::GetAtt'][0];
  return [id, template.toJSON().Resources[id].Properties];
}
