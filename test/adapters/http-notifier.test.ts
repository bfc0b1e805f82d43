// The notifications as posted over HTTP, against the local receiver on loopback: the bodies each
// destination gets (the same the deployment's rules make), the rate limit, and the retries.
import { afterEach, describe, expect, it } from 'vitest';
import {
  createHttpNotifier,
  type HttpNotifierOptions,
  NotificationDeliveryError,
  slackBody,
} from '../../functions/adapters/http-notifier.js';
import {
  type NotificationReceiver,
  type ReceiverAnswer,
  type ReceiverDestination,
  startNotificationReceiver,
} from '../../functions/adapters/local/notification-receiver.js';
import { createTokenBucket } from '../../functions/adapters/rate-limiter.js';
import { notificationOf, type SignalAccount } from '../../functions/core/notifications.js';
import type { Signal } from '../../functions/core/signals.js';

const AT = '2026-03-02T01:00:00.000Z';
const account: SignalAccount = {
  name: 'Acme',
  csOwner: { name: 'Aiko Sato', email: 'aiko@example.com' },
  crmId: '0015g00000XyZab',
  program: 'standard',
  group: 'treatment',
  phase: 'adoption',
  healthScore: 35,
};
const settings = {
  csOwnerSlackIds: { 'aiko@example.com': 'U0AIKO0001' },
  crmRecordUrl: 'https://example.lightning.force.com/lightning/r/Account/{crmId}/view',
};
const atRisk = (accountId: string): Signal => ({
  type: 'Account At Risk',
  accountId,
  at: AT,
  score: 35,
  reasons: ['usage-drop'],
});
const milestone: Signal = { type: 'Milestone Reached', accountId: 'a', at: AT, milestoneId: 'm', reachedAt: AT };

let receiver: NotificationReceiver | null = null;
afterEach(async () => {
  await receiver?.stop();
  receiver = null;
});

async function notifierWith(
  answer: (destination: ReceiverDestination, n: number) => ReceiverAnswer,
  options: Partial<HttpNotifierOptions> = {},
) {
  receiver = await startNotificationReceiver({ answer });
  const waits: number[] = [];
  const notifier = createHttpNotifier({
    slack: { url: receiver.slackUrl, channel: 'C0RISK0001', token: 'xoxb-test' },
    teams: { url: receiver.teamsUrl },
    settings,
    ratePerSecond: 100,
    backoff: {
      maxAttempts: 4,
      baseDelayMs: 100,
      maxDelayMs: 1_000,
      random: () => 0.5,
      sleep: async (ms) => void waits.push(ms),
    },
    ...options,
  });
  return { notifier, waits, receiver };
}

describe('HTTP notifier', () => {
  it('posts {channel, text, blocks} to Slack with the bot token and the card to Teams; nothing for a milestone', async () => {
    const { notifier, receiver } = await notifierWith(() => ({ status: 200 }));
    await notifier.publish([atRisk('acc-1'), milestone], account);
    const expected = notificationOf(atRisk('acc-1'), account, settings);
    if (expected === null) throw new Error('at-risk must notify');
    expect(receiver.received).toEqual([
      { destination: 'slack', authorized: true, status: 200, body: slackBody(expected, 'C0RISK0001') },
      { destination: 'teams', authorized: false, status: 200, body: expected.teams },
    ]);
    const slack = receiver.received[0]?.body as { text: string };
    expect(slack.text).toContain('<@U0AIKO0001>');
    expect(slack.text).toContain('https://example.lightning.force.com/lightning/r/Account/0015g00000XyZab/view');
  });

  it('retries a 429 after its Retry-After and a 500 with backoff, then delivers once', async () => {
    const { notifier, waits, receiver } = await notifierWith((destination, n) =>
      destination === 'slack' && n === 0
        ? { status: 429, retryAfterSec: 2 }
        : destination === 'slack' && n === 1
          ? { status: 500 }
          : { status: 200 },
    );
    await notifier.publish([atRisk('acc-1')], account);
    expect(receiver.received.filter((r) => r.destination === 'slack').map((r) => r.status)).toEqual([429, 500, 200]);
    // Retry-After 2 s, then the backoff's jittered waits (0.5 × 100 ms, 0.5 × 200 ms).
    expect(waits).toEqual([2_000, 50, 100]);
    expect(receiver.received.filter((r) => r.destination === 'teams')).toHaveLength(1);
  });

  it('gives up with a named error after the last attempt, and never retries a 4xx other than 429', async () => {
    const down = await notifierWith(() => ({ status: 503 }));
    await expect(down.notifier.publish([atRisk('acc-1')], account)).rejects.toThrow(NotificationDeliveryError);
    expect(down.receiver.received).toHaveLength(4);
    await down.receiver.stop();
    receiver = null;
    const refused = await notifierWith(() => ({ status: 403 }));
    await expect(refused.notifier.publish([atRisk('acc-1')], account)).rejects.toThrow(/slack answered HTTP 403/);
    expect(refused.receiver.received).toHaveLength(1);
  });

  it('keeps each destination under its rate: 3 per second means 10 posts take 3 seconds', async () => {
    let nowMs = 0;
    const { notifier, receiver } = await notifierWith(() => ({ status: 200 }), {
      teams: undefined,
      ratePerSecond: 3,
      limiter: (rate) =>
        createTokenBucket({
          ratePerSecond: rate,
          capacity: 1,
          nowMs: () => nowMs,
          sleep: async (ms) => {
            nowMs += ms;
          },
        }),
    });
    await notifier.publish(
      Array.from({ length: 10 }, (_, i) => atRisk(`acc-${i}`)),
      account,
    );
    expect(receiver.received).toHaveLength(10);
    // The first goes at once, each next one a third of a second later.
    expect(nowMs).toBeGreaterThanOrEqual(3_000 - 1);
    expect(nowMs).toBeLessThan(3_000 + 10);
  });
});
