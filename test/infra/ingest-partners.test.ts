// The partner sources: a rule on each Segment partner event bus and one on teichaku's bus for
// RudderStack, all to the ingest queue; the product's own rule keeps its logical id and pattern.
import { App } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { stackContextOf } from '../../infra/stack.js';
import { buildTeichaku, removeTemporaryDirs, synthTeichaku } from './fixtures/synth.js';
import { resourcesOf } from './fixtures/template-queries.js';

afterAll(removeTemporaryDirs);

const SEGMENT = 'aws.partner/segment.com/q8Xz41VbTn';

describe('ingest of Segment and RudderStack events', () => {
  const { app, stack, teichaku, template } = synthTeichaku(
    { segmentEventSources: [SEGMENT], rudderStackEvents: true },
    { nag: true },
  );
  const resolved = (token: unknown) => stack.resolve(token);
  const rules = resourcesOf(template, 'AWS::Events::Rule').map(([id, r]) => ({ id, props: r.Properties ?? {} }));

  it('puts Segment calls from its partner event bus on the ingest queue', () => {
    const segment = rules.filter((r) => (r.props.EventPattern as { source?: string[] }).source?.[0] === SEGMENT);
    expect(segment).toHaveLength(1);
    expect(segment[0]?.props.EventBusName).toBe(SEGMENT);
    expect(segment[0]?.props.EventPattern).toEqual({
      source: [SEGMENT],
      'detail-type': ['track', 'identify', 'group'],
    });
    expect((segment[0]?.props.Targets as { Arn: unknown }[])[0]?.Arn).toEqual(resolved(teichaku.ingestQueue.queueArn));
  });

  it('puts RudderStack calls from teichaku’s bus on the ingest queue, by the message’s type', () => {
    const rudder = rules.find((r) => (r.props.EventPattern as { source?: string[] }).source?.[0] === 'rudderstack');
    expect(rudder?.props.EventPattern).toEqual({
      source: ['rudderstack'],
      detail: { type: ['track', 'identify', 'group'] },
    });
    expect(rudder?.props.EventBusName).toEqual(resolved(teichaku.eventBus.eventBusName));
    expect((rudder?.props.Targets as { Arn: unknown }[])[0]?.Arn).toEqual(resolved(teichaku.ingestQueue.queueArn));
  });

  it('keeps the product’s own rule as it was, and lets only these rules send to the queue', () => {
    const own = rules.find((r) => r.id.startsWith('TeichakuIngestRule'));
    expect(own?.props.EventPattern).toMatchObject({ source: ['com.example.product'] });
    const policies = resourcesOf(template, 'AWS::SQS::QueuePolicy').filter(([, p]) =>
      JSON.stringify(resolved(p.Properties?.Queues)).includes(JSON.stringify(resolved(teichaku.ingestQueue.queueUrl))),
    );
    const statements = policies.flatMap(
      ([, p]) =>
        (p.Properties?.PolicyDocument as { Statement: { Condition?: unknown; Principal?: unknown }[] }).Statement,
    );
    const fromEvents = statements.filter((s) => JSON.stringify(s.Principal).includes('events.amazonaws.com'));
    // One per rule, each held to its rule's ARN.
    expect(fromEvents).toHaveLength(3);
    for (const s of fromEvents) expect(JSON.stringify(s.Condition)).toContain('aws:SourceArn');
  });

  it('still passes cdk-nag', () => {
    expect(() => app.synth()).not.toThrow();
  }, 60_000);

  it('makes no partner rule unless asked', () => {
    const plain = synthTeichaku();
    const sources = resourcesOf(plain.template, 'AWS::Events::Rule').map(
      ([, r]) => (r.Properties?.EventPattern as { source?: string[] }).source?.[0],
    );
    expect(sources).not.toContain('rudderstack');
    expect(sources.some((s) => s?.startsWith('aws.partner/'))).toBe(false);
  });

  it('refuses a source that is not Segment’s, naming the prop', () => {
    expect(() => buildTeichaku({ segmentEventSources: ['aws.partner/other.com/x'] })).toThrow(
      /segmentEventSources\[0\] must be a Segment partner event source/,
    );
    expect(() => buildTeichaku({ segmentEventSources: [SEGMENT, SEGMENT] })).toThrow(/duplicate/);
  });

  it('reads the partner sources from CDK context', () => {
    const context = stackContextOf(
      new App({
        context: { segmentEventSources: `${SEGMENT}, aws.partner/segment.com/Other1`, rudderStackEvents: 'true' },
      }),
    );
    expect(context.segmentEventSources).toEqual([SEGMENT, 'aws.partner/segment.com/Other1']);
    expect(context.rudderStackEvents).toBe(true);
    expect(stackContextOf(new App()).rudderStackEvents).toBe(false);
  });
});
