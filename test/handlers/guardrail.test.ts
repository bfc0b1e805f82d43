// The guardrail function: an SES reputation alarm turns the configuration set off and pauses sending;
// a person's resume event, naming who and why, resumes it and turns the set back on.
import type { EventBridgeEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { MemorySendingGuard } from '../../functions/adapters/memory/sending-guard.js';
import { MemorySignalPublisher } from '../../functions/adapters/memory/signal-publisher.js';
import { createGuardrailHandler, RESUME_DETAIL_TYPE } from '../../functions/handlers/guardrail.js';
import { countingMetrics } from './deliverability-world.js';
import { fixedClock, recordingLogger } from './helpers.js';

const NOW = '2026-03-10T03:00:00.000Z';

function setup() {
  const guard = new MemorySendingGuard();
  const switches: boolean[] = [];
  const publisher = new MemorySignalPublisher();
  const metrics = countingMetrics();
  const logger = recordingLogger();
  const handler = createGuardrailHandler({
    control: {
      guard,
      publisher,
      configurationSet: { setSendingEnabled: async (enabled) => void switches.push(enabled) },
    },
    resumeSource: 'teichaku.ops',
    clock: fixedClock(NOW),
    logger,
    metrics,
  });
  return { guard, switches, publisher, metrics, logger, handler };
}

function alarm(state: string, metric = 'Reputation.ComplaintRate'): EventBridgeEvent<string, unknown> {
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
      state: { value: state, reasonData: JSON.stringify({ recentDatapoints: [0.0012], threshold: 0.001 }) },
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
  it('turns the configuration set off and records the pause with the alarm’s figures when a reputation alarm fires', async () => {
    const { guard, switches, publisher, metrics, handler } = setup();
    await handler(alarm('ALARM'));
    expect(switches).toEqual([false]);
    expect(await guard.load()).toMatchObject({
      status: 'paused',
      pause: {
        pausedAt: NOW,
        cause: {
          kind: 'ses-alarm',
          alarm: 'teichaku-complaints',
          metric: 'Reputation.ComplaintRate',
          value: 0.0012,
          threshold: 0.001,
        },
      },
    });
    expect(publisher.drain().map((s) => s.type)).toEqual(['Sending Paused']);
    expect(metrics.counts.get('SendingPaused')).toBe(1);
  });

  it('leaves sending paused when the alarm clears: only a person resumes', async () => {
    const { guard, switches, handler } = setup();
    await handler(alarm('ALARM'));
    await handler(alarm('OK'));
    expect(switches).toEqual([false]);
    expect((await guard.load()).status).toBe('paused');
  });

  it('resumes on a request naming who and why, turns the set back on, and records it', async () => {
    const { guard, switches, publisher, handler } = setup();
    await handler(alarm('ALARM', 'Reputation.BounceRate'));
    publisher.drain();
    await handler(resume({ reason: 'bounced list segment removed', by: 'ops-sato' }));
    expect(switches).toEqual([false, true]);
    const state = await guard.load();
    expect(state).toMatchObject({ status: 'sending', resumedAt: NOW });
    expect(state.history.at(-1)).toMatchObject({
      action: 'resumed',
      by: 'ops-sato',
      reason: 'bounced list segment removed',
      channel: 'event',
      pausedAt: NOW,
    });
    expect(publisher.drain()).toEqual([
      {
        type: 'Sending Resumed',
        accountId: '',
        at: NOW,
        by: 'ops-sato',
        reason: 'bounced list segment removed',
        pausedAt: NOW,
      },
    ]);
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
