// Issue #16 on the construct: who may put which source on teichaku's own bus, the source condition on
// every PutEvents grant, the unsubscribe function's reserved concurrency, what ingest and the sender
// are told (future tolerance, csOwner domains, their own dead-letter queue), and the warning about
// alarms without a topic.
import { Duration } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { afterAll, describe, expect, it } from 'vitest';
import { SIGNAL_SOURCE } from '../../functions/adapters/eventbridge-publisher.js';
import { readConfig } from '../../functions/handlers/config.js';
import { buildTeichaku, removeTemporaryDirs, synthTeichaku } from './fixtures/synth.js';
import { environmentOf, functionNamed, resourcesOf, roleIdOf } from './fixtures/template-queries.js';

afterAll(removeTemporaryDirs);

interface BusStatement {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal: unknown;
  readonly Action: string;
  readonly Condition: Record<string, Record<string, unknown>>;
}

const busStatements = (template: ReturnType<typeof synthTeichaku>['template']) =>
  resourcesOf(template, 'AWS::Events::EventBusPolicy').map(([, r]) => r.Properties?.Statement as BusStatement);
const bySource = (statements: BusStatement[], source: string) =>
  statements.filter((s) => s.Condition.StringEquals?.['events:source'] === source);
const roleArnOf = (template: ReturnType<typeof synthTeichaku>['template'], name: string) => ({
  'Fn::GetAtt': [roleIdOf(functionNamed(template, name).properties), 'Arn'],
});

describe('teichaku’s own bus, by default', () => {
  const { stack, teichaku, template } = synthTeichaku();
  const statements = busStatements(template);

  it('is a bus of its own, where the product’s events and resume requests are routed from', () => {
    expect(resourcesOf(template, 'AWS::Events::EventBus')).toHaveLength(1);
    const bus = stack.resolve(teichaku.eventBus.eventBusName);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: bus,
      EventPattern: Match.objectLike({ source: ['com.example.product'] }),
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: bus,
      EventPattern: Match.objectLike({ source: ['teichaku.ops'] }),
    });
    for (const name of ['ingest', 'sender', 'guardrail'])
      expect(environmentOf(template, name).EVENT_BUS_NAME, name).toEqual(bus);
  });

  it('lets nobody put a resume request when no resume principal is named', () => {
    const resume = bySource(statements, 'teichaku.ops');
    expect(resume).toEqual([
      expect.objectContaining({
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'events:PutEvents',
        Condition: { StringEquals: { 'events:source': 'teichaku.ops' } },
      }),
    ]);
  });

  it('lets only teichaku’s publishing functions put its signal source', () => {
    const signals = bySource(statements, SIGNAL_SOURCE);
    expect(signals).toHaveLength(1);
    expect(signals[0]?.Effect).toBe('Deny');
    const allowed = signals[0]?.Condition.ArnNotLike?.['aws:PrincipalArn'];
    expect(allowed).toEqual(
      ['ingest', 'planner', 'sender', 'engagement', 'guardrail'].map((name) => roleArnOf(template, name)),
    );
  });

  it('leaves the product source to the account’s IAM when no product principal is named', () => {
    expect(bySource(statements, 'com.example.product')).toEqual([]);
  });

  it('holds every PutEvents grant in the stack to teichaku’s own source, but the survey page’s answers', () => {
    const grants = resourcesOf(template, 'AWS::IAM::Policy')
      .flatMap(
        ([, p]) =>
          (p.Properties?.PolicyDocument as { Statement: { Action: string | string[]; Condition?: unknown }[] })
            .Statement,
      )
      .filter((s) => ([] as string[]).concat(s.Action).includes('events:PutEvents'));
    expect(grants.length).toBe(6);
    // One exception: the survey page puts its answers as the product's Survey Answered events, and only those.
    const product = {
      StringEquals: { 'events:source': 'com.example.product', 'events:detail-type': 'Survey Answered' },
    };
    expect(grants.filter((g) => JSON.stringify(g.Condition) === JSON.stringify(product))).toHaveLength(1);
    for (const g of grants.filter((g) => JSON.stringify(g.Condition) !== JSON.stringify(product)))
      expect(g.Condition).toEqual({ StringEquals: { 'events:source': SIGNAL_SOURCE } });
  });
});

describe('the bus with named principals and forwarding', () => {
  const product = 'arn:aws:iam::111122223333:role/product-events';
  const ops = 'arn:aws:iam::123456789012:role/cs-ops';
  const { teichaku, template } = synthTeichaku((scope) => ({
    productEventPrincipals: [product],
    resumePrincipals: [ops],
    forwardProductEventsFrom: EventBus.fromEventBusName(scope, 'Default', 'default'),
  }));
  const statements = busStatements(template);

  it('allows the resume source to the named principal only, and denies it to everyone else', () => {
    const resume = bySource(statements, 'teichaku.ops');
    expect(resume.map((s) => [s.Effect, s.Condition.ArnLike ?? s.Condition.ArnNotLike])).toEqual([
      ['Allow', { 'aws:PrincipalArn': [ops] }],
      ['Deny', { 'aws:PrincipalArn': [ops] }],
    ]);
  });

  it('allows the product source to the named principals, the forwarding rule’s role and the survey page only', () => {
    const forwarder = {
      'Fn::GetAtt': [
        Object.keys(
          template.findResources('AWS::IAM::Role', {
            Properties: { Description: Match.stringLikeRegexp('forwarding rule') },
          }),
        )[0],
        'Arn',
      ],
    };
    for (const s of bySource(statements, 'com.example.product')) {
      expect(s.Condition.ArnLike?.['aws:PrincipalArn'] ?? s.Condition.ArnNotLike?.['aws:PrincipalArn']).toEqual([
        product,
        forwarder,
        roleArnOf(template, 'unsubscribe'),
      ]);
    }
    expect(bySource(statements, 'com.example.product').map((s) => s.Effect)).toEqual(['Allow', 'Deny']);
    expect(teichaku.forwardProductEventsRole).toBeDefined();
  });

  it('describes every role, the forwarding one too, in the characters IAM accepts', () => {
    // IAM's pattern for a role description: Latin-1 without control characters (a ’ fails the deploy).
    const roles = resourcesOf(template, 'AWS::IAM::Role');
    expect(roles.some(([id]) => id.includes('ForwardProductEventsRole'))).toBe(true);
    for (const [id, role] of roles) {
      expect(role.Properties?.Description ?? '', id).toMatch(/^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/);
    }
  });

  it('forwards the product’s events from the given bus to teichaku’s bus', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: 'default',
      EventPattern: Match.objectLike({ source: ['com.example.product'] }),
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('EventBus'), 'Arn'] } })],
    });
  });
});

describe('an existing bus', () => {
  it('is used as given, with no policy of teichaku’s on it', () => {
    const { template } = synthTeichaku({ eventBusName: 'product-events' });
    expect(resourcesOf(template, 'AWS::Events::EventBus')).toEqual([]);
    expect(resourcesOf(template, 'AWS::Events::EventBusPolicy')).toEqual([]);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: 'product-events',
      EventPattern: Match.objectLike({ source: ['com.example.product'] }),
    });
  });
});

describe('the public unsubscribe function', () => {
  it('has 5 reserved by default, which is also its ceiling; nothing else reserves', () => {
    const { template } = synthTeichaku();
    expect(functionNamed(template, 'unsubscribe').properties.ReservedConcurrentExecutions).toBe(5);
    const reserved = resourcesOf(template, 'AWS::Lambda::Function').filter(
      ([, f]) => f.Properties?.ReservedConcurrentExecutions !== undefined,
    );
    expect(reserved).toHaveLength(1);
  });

  it('takes another reservation from the prop', () => {
    const { template } = synthTeichaku({ unsubscribeReservedConcurrency: 12 });
    expect(functionNamed(template, 'unsubscribe').properties.ReservedConcurrentExecutions).toBe(12);
  });
});

describe('what ingest and the sender are told', () => {
  it('by default: 24 hours of future tolerance, owners on the From domain, each its own dead-letter queue', () => {
    const { stack, teichaku, template } = synthTeichaku();
    const ingest = environmentOf(template, 'ingest');
    expect(ingest.FUTURE_TOLERANCE_SECONDS).toBe('86400');
    expect(ingest.CS_OWNER_DOMAINS).toBe('example.com');
    expect(ingest.DEAD_LETTER_QUEUE_URL).toEqual(stack.resolve(teichaku.ingestDeadLetterQueue.queueUrl));
    expect(environmentOf(template, 'sender').DEAD_LETTER_QUEUE_URL).toEqual(
      stack.resolve(teichaku.sendDeadLetterQueue.queueUrl),
    );
    expect(ingest.COMPLIANCE_TABLE_NAME).toEqual(stack.resolve(teichaku.complianceTable.tableName));
  });

  it('from the props, as ingest parses them', () => {
    const { template } = synthTeichaku({
      futureTolerance: Duration.hours(2),
      csOwnerDomains: ['Example.com', 'example.jp'],
    });
    const env = environmentOf(template, 'ingest') as Record<string, string>;
    const config = readConfig(['FUTURE_TOLERANCE_SECONDS', 'CS_OWNER_DOMAINS'], env);
    expect(config).toEqual({ FUTURE_TOLERANCE_SECONDS: 7200, CS_OWNER_DOMAINS: ['example.com', 'example.jp'] });
  });
});

describe('props it refuses', () => {
  it.each([
    [{ futureTolerance: Duration.seconds(10) }, /futureTolerance must be whole seconds from 1 minute to 7 days/],
    [{ csOwnerDomains: ['not a domain'] }, /csOwnerDomains must list at least one domain/],
    [{ csOwnerDomains: [] }, /csOwnerDomains must list at least one domain/],
    [{ unsubscribeReservedConcurrency: 0 }, /unsubscribeReservedConcurrency must be an integer from 1 to 1000/],
    [{ resumePrincipals: ['cs-ops'] }, /resumePrincipals takes IAM principal ARNs/],
    [
      { eventBusName: 'default', resumePrincipals: ['arn:aws:iam::123456789012:role/x'] },
      /resumePrincipals shapes teichaku's own bus/,
    ],
    [{ resumeEventSource: 'teichaku' }, /must be three different sources/],
  ])('%j', (props, message) => {
    expect(() => buildTeichaku(props)).toThrow(message);
  });
});

describe('alarms without a topic', () => {
  it('are pointed out by synth as a warning', () => {
    const { stack } = synthTeichaku();
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('18 alarms .* notify nobody'));
  });

  it('are not, once a topic is given', () => {
    const { stack } = synthTeichaku((scope) => ({
      alarmTopic: Topic.fromTopicArn(scope, 'Alarms', 'arn:aws:sns:ap-northeast-1:123456789012:cs-alarms'),
    }));
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('notify nobody'));
  });
});
