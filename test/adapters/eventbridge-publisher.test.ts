import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createEventBridgePublisher, SignalPublishError } from '../../functions/adapters/eventbridge-publisher.js';
import type { SignalAccount } from '../../functions/core/notifications.js';
import type { Signal } from '../../functions/core/signals.js';
import { programWith } from '../fixtures/builders.js';

const AT = '2026-02-02T00:00:00.000Z';

const eventBridge = mockClient(EventBridgeClient);
const waits: number[] = [];
const publisher = createEventBridgePublisher(new EventBridgeClient({ region: 'us-east-1' }), {
  eventBusName: 'product-bus',
  backoff: {
    maxAttempts: 3,
    baseDelayMs: 10,
    maxDelayMs: 100,
    random: () => 1,
    sleep: async (ms) => void waits.push(ms),
  },
});

function milestone(i: number): Signal {
  return {
    type: 'Milestone Reached',
    accountId: `acc-${i}`,
    at: '2026-02-02T00:00:00.000Z',
    milestoneId: 'first-report',
    reachedAt: '2026-02-01T00:00:00.000Z',
  };
}

beforeEach(() => {
  eventBridge.reset();
  waits.length = 0;
});

describe('EventBridge signal publisher', () => {
  it('adds the account and, for a signal a person reads, the notification to the detail', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
    const notifying = createEventBridgePublisher(new EventBridgeClient({ region: 'us-east-1' }), {
      eventBusName: 'product-bus',
      notifications: { csOwnerSlackIds: { 'aiko@example.com': 'U0AIKO0001' } },
    });
    const account: SignalAccount = {
      name: 'Acme',
      csOwner: { name: 'Aiko Sato', email: 'aiko@example.com' },
      program: 'standard',
      group: 'treatment',
      phase: 'adoption',
      healthScore: 41,
    };
    const atRisk: Signal = { type: 'Account At Risk', accountId: 'acc-1', at: AT, score: 41, reasons: ['low-health'] };
    await notifying.publish([atRisk, milestone(1)], account);
    const [risk, reached] = (eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries ?? []).map(
      (e) => JSON.parse(e.Detail ?? '{}') as Record<string, unknown>,
    );
    expect(risk).toMatchObject({ ...atRisk, account, notification: { title: 'Account at risk: Acme' } });
    expect((risk?.notification as { text: string }).text).toContain('<@U0AIKO0001>');
    expect(reached).toEqual({ ...milestone(1), account });
  });

  it('words the notification in the settings’ language, with the play of the account’s program', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
    const notifying = createEventBridgePublisher(new EventBridgeClient({ region: 'us-east-1' }), {
      eventBusName: 'product-bus',
      notifications: { csOwnerSlackIds: {}, notificationLocale: 'ja' },
      programs: [programWith({ id: 'standard' })],
    });
    const account: SignalAccount = {
      name: 'Acme',
      program: 'standard',
      group: null,
      phase: 'adoption',
      healthScore: 41,
    };
    const atRisk: Signal = { type: 'Account At Risk', accountId: 'acc-1', at: AT, score: 41, reasons: ['low-health'] };
    await notifying.publish([atRisk], account);
    const [risk] = (eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries ?? []).map(
      (e) => JSON.parse(e.Detail ?? '{}') as { notification: { title: string; reason: string; play: string } },
    );
    expect(risk?.notification.title).toBe('【解約リスク】Acme');
    expect(risk?.notification.reason).toBe('ヘルススコアがプログラムのしきい値を下回っています。');
    expect(risk?.notification.play).toMatch(/^対応（csm・2日以内・電話）：/);
  });

  it('puts signals in calls of at most 10, with source teichaku and the signal type as detail-type', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
    const signals = Array.from({ length: 23 }, (_, i) => milestone(i));
    await publisher.publish(signals);
    const calls = eventBridge.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries ?? []);
    expect(calls.map((entries) => entries.length)).toEqual([10, 10, 3]);
    const first = calls[0]?.[0];
    expect(first).toMatchObject({ EventBusName: 'product-bus', Source: 'teichaku', DetailType: 'Milestone Reached' });
    expect(JSON.parse(first?.Detail ?? '{}')).toEqual(signals[0]);
    expect(first?.Time).toEqual(new Date('2026-02-02T00:00:00.000Z'));
  });

  it('retries only the entries that failed', async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 1,
        Entries: [{ EventId: 'e0' }, { ErrorCode: 'ThrottlingException' }, { EventId: 'e2' }],
      })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] });
    await publisher.publish([milestone(0), milestone(1), milestone(2)]);
    const second = eventBridge.commandCalls(PutEventsCommand)[1]?.args[0].input.Entries ?? [];
    expect(second.map((e) => JSON.parse(e.Detail ?? '{}').accountId)).toEqual(['acc-1']);
    expect(waits).toEqual([10]);
  });

  it('names the error codes when entries still fail after every retry', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }] });
    const error = await publisher.publish([milestone(0)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignalPublishError);
    expect((error as SignalPublishError).message).toContain('InternalFailure');
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(3);
  });

  it('makes no call when there is nothing to publish', async () => {
    await publisher.publish([]);
    expect(eventBridge.calls()).toHaveLength(0);
  });
});
