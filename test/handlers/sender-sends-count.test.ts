// The sender counts the emails SES accepted for the sending guard, so the configuration set need not
// publish a `Send` event per email: once per email, never for one that did not leave, in one write per
// batch and hour.
import { describe, expect, it } from 'vitest';
import { MemoryAccountStore } from '../../functions/adapters/memory/account-store.js';
import { MemoryMailer } from '../../functions/adapters/memory/mailer.js';
import { MemorySendingGuard } from '../../functions/adapters/memory/sending-guard.js';
import { MemorySignalPublisher } from '../../functions/adapters/memory/signal-publisher.js';
import { MemoryTouchLedger } from '../../functions/adapters/memory/touch-ledger.js';
import {
  EmailRejectedError,
  SendOutcomeUnknownError,
  SendThrottledError,
} from '../../functions/adapters/ses-mailer.js';
import { createUnsubscribeTokens } from '../../functions/adapters/unsubscribe-token.js';
import type { Mailer } from '../../functions/core/ports.js';
import { createSenderHandler } from '../../functions/handlers/sender.js';
import { aFeatureTip, anAccount } from '../fixtures/builders.js';
import { fakeRenderer, fixedClock, recordingLogger, sqsEvent } from './helpers.js';

const NOW = '2026-03-02T01:00:00.000Z';
const touchOf = (n: number) => aFeatureTip(n, { locale: 'en', plannedAt: NOW });

async function setup(options: { mailer?: Mailer; guard?: MemorySendingGuard } = {}) {
  const store = new MemoryAccountStore();
  await store.save(
    anAccount('acc-1')
      .withProfile({ locale: 'en' })
      .withContact('c-1', { email: 'ann@customer.example.com', name: 'Ann Lee' })
      .state(),
  );
  const guard = options.guard ?? new MemorySendingGuard();
  const logger = recordingLogger();
  const handler = createSenderHandler({
    store,
    ledger: new MemoryTouchLedger(),
    mailer: options.mailer ?? new MemoryMailer(),
    publisher: new MemorySignalPublisher(),
    renderer: fakeRenderer(),
    tokens: createUnsubscribeTokens(async () => 's'.repeat(40)),
    fromFor: () => 'cs@mail.example.com',
    unsubscribeBaseUrl: 'https://unsub.example.com/',
    clock: fixedClock(NOW),
    logger,
    sends: guard,
  });
  return { guard, logger, handler };
}

const sendsCounted = async (guard: MemorySendingGuard) =>
  (await guard.readCounts('2026-01-01T00:00:00.000Z')).reduce((n, h) => n + h.sends, 0);
const failOnce = (error: () => Error): Mailer => {
  let calls = 0;
  const inner = new MemoryMailer();
  return { send: async (email) => (++calls === 1 ? Promise.reject(error()) : inner.send(email)) };
};

describe('sender counting sends for the sending guard', () => {
  it('counts each accepted email once, in the hour it left, in one write per batch, and notes the first send', async () => {
    class CountingGuard extends MemorySendingGuard {
      writes = 0;
      override async countSends(at: string, count: number): Promise<void> {
        this.writes++;
        return super.countSends(at, count);
      }
    }
    const guard = new CountingGuard();
    const { handler } = await setup({ guard });
    await handler(sqsEvent([JSON.stringify(touchOf(1)), JSON.stringify(touchOf(2)), JSON.stringify(touchOf(3))]));
    expect(await guard.readCounts('2026-01-01T00:00:00.000Z')).toEqual([
      { hour: '2026-03-02T01:00:00.000Z', sends: 3, bounces: 0, complaints: 0 },
    ]);
    expect(guard.writes).toBe(1);
    expect((await guard.load()).firstSendAt).toBe(NOW);
  });

  it('does not count a redelivered job again', async () => {
    const { guard, handler } = await setup();
    await handler(sqsEvent([JSON.stringify(touchOf(1))]));
    await handler(sqsEvent([JSON.stringify(touchOf(1))]));
    expect(await sendsCounted(guard)).toBe(1);
  });

  it.each([
    ['SES throttled it (released, sent on the next delivery)', () => new SendThrottledError(6), 1],
    ['SES rejected it for good', () => new EmailRejectedError('MessageRejected'), 0],
    ['its outcome is unknown (reported as lost)', () => new SendOutcomeUnknownError(6), 0],
  ])('counts nothing for the attempt where %s', async (_why, error, afterRedelivery) => {
    const { guard, handler } = await setup({ mailer: failOnce(error) });
    await handler(sqsEvent([JSON.stringify(touchOf(1))]));
    expect(await sendsCounted(guard)).toBe(0);
    await handler(sqsEvent([JSON.stringify(touchOf(1))]));
    expect(await sendsCounted(guard)).toBe(afterRedelivery);
  });

  it('logs a count that failed and still ends the jobs well: the emails are out', async () => {
    class FailingGuard extends MemorySendingGuard {
      override async countSends(): Promise<void> {
        throw new Error('ProvisionedThroughputExceededException');
      }
    }
    const { handler, logger } = await setup({ guard: new FailingGuard() });
    expect(await handler(sqsEvent([JSON.stringify(touchOf(1)), JSON.stringify(touchOf(2))]))).toEqual({
      batchItemFailures: [],
    });
    expect(logger.lines.filter((l) => l.level === 'error').map((l) => [l.message, l.attributes.sends])).toEqual([
      ['sends not counted for the sending guard', 2],
    ]);
  });
});
