// The guardrail function's shim: it reads a CloudWatch alarm's state change or a resume request from
// the ops source and hands it to the guard-sending use case (test/app/guard-sending.test.ts holds
// what the use case does with them); any other event is logged and dropped.
import type { EventBridgeEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createGuardrailHandler, RESUME_DETAIL_TYPE } from '../../functions/handlers/guardrail.js';
import { guardWorld } from '../app/worlds.js';

const NOW = '2026-03-10T03:00:00.000Z';

function setup() {
  const world = guardWorld(NOW);
  return { ...world, handler: createGuardrailHandler({ ...world.deps, resumeSource: 'teichaku.ops' }) };
}

function alarm(
  state: string,
  metric = 'Reputation.ComplaintRate',
  reasonData = JSON.stringify({ recentDatapoints: [0.0009, 0.0012], threshold: 0.001 }),
): EventBridgeEvent<string, unknown> {
  return {
    version: '0',
    id: `alarm-${state}`,
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account: '123456789012',
    time: NOW,
    region: 'ap-northeast-1',
    resources: ['arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:complaints'],
    detail: {
      alarmName: 'teichaku-complaints',
      state: { value: state, reasonData },
      configuration: { metrics: [{ metricStat: { metric: { namespace: 'AWS/SES', name: metric } } }] },
    },
  };
}

function resume(detail: unknown, source = 'teichaku.ops'): EventBridgeEvent<string, unknown> {
  return {
    version: '0',
    id: 'resume-1',
    'detail-type': RESUME_DETAIL_TYPE,
    source,
    account: '123456789012',
    time: NOW,
    region: 'ap-northeast-1',
    resources: [],
    detail,
  };
}

describe('guardrail function', () => {
  it('reads the alarm’s name, its metric and the highest recent datapoint from a CloudWatch state change', async () => {
    const { guard, switches, handler } = setup();
    await handler(alarm('ALARM'));
    expect(switches).toEqual([false]);
    expect((await guard.load()).pause?.cause).toEqual({
      kind: 'ses-alarm',
      alarm: 'teichaku-complaints',
      metric: 'Reputation.ComplaintRate',
      value: 0.0012,
      threshold: 0.001,
    });
  });

  it('pauses without figures when the alarm’s reason data cannot be read', async () => {
    const { guard, handler } = setup();
    await handler(alarm('ALARM', 'Reputation.BounceRate', 'not json'));
    expect((await guard.load()).pause?.cause).toMatchObject({
      metric: 'Reputation.BounceRate',
      value: null,
      threshold: null,
    });
  });

  it('resumes on a request from the ops source', async () => {
    const { guard, switches, handler } = setup();
    await handler(alarm('ALARM'));
    await handler(resume({ reason: 'bounced list segment removed', by: 'ops-sato' }));
    expect(switches).toEqual([false, true]);
    expect((await guard.load()).status).toBe('sending');
  });

  it('refuses a resume without a reason, or from another source, and changes nothing', async () => {
    const { guard, switches, logger, handler } = setup();
    await handler(alarm('ALARM'));
    await handler(resume({ by: 'ops-sato' }));
    await handler(resume({ reason: 'x', by: 'y' }, 'com.example.product'));
    expect((await guard.load()).status).toBe('paused');
    expect(switches).toEqual([false]);
    expect(logger.lines.map((l) => l.message)).toEqual(
      expect.arrayContaining([
        'resume request refused',
        'event ignored: neither a reputation alarm nor a resume request',
      ]),
    );
  });
});
