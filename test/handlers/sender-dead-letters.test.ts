// The sender's dead letters: a job that can never be sent as it is goes to the send dead-letter queue
// at once, with its reason and nothing claimed; what fails for the moment is still retried by SQS; a
// dead letter that cannot be written fails its record instead.
import { describe, expect, it } from 'vitest';
import { MemoryAccountStore } from '../../functions/adapters/memory/account-store.js';
import { MemoryDeadLetters } from '../../functions/adapters/memory/dead-letters.js';
import { MemoryMailer } from '../../functions/adapters/memory/mailer.js';
import { MemorySignalPublisher } from '../../functions/adapters/memory/signal-publisher.js';
import { MemoryTouchLedger } from '../../functions/adapters/memory/touch-ledger.js';
import { createUnsubscribeTokens } from '../../functions/adapters/unsubscribe-token.js';
import { createSenderAddresses } from '../../functions/core/sender-address.js';
import { createSenderHandler, type SenderDeps } from '../../functions/handlers/sender.js';
import { anAccount, aPlannedTouch } from '../fixtures/builders.js';
import { fakeRenderer, fixedClock, recordingLogger, sqsEvent } from './helpers.js';

const NOW = '2026-01-26T00:01:00.000Z';

const touch = aPlannedTouch({ kind: 'feature-tip', featureId: 'dashboard' }, { plannedAt: '2026-01-26T00:00:00.000Z' });

async function setup(overrides: Partial<SenderDeps> = {}) {
  const store = new MemoryAccountStore();
  await store.save(
    anAccount('acc-1')
      .withProfile({ name: 'Yamada Trading', locale: 'ja' })
      .withContact('c-1', { email: 'hanako@example.com', name: 'Hanako Sato', role: 'owner' })
      .onboardedOn('2026-01-19')
      .state(),
  );
  const ledger = new MemoryTouchLedger();
  const mailer = new MemoryMailer();
  const deadLetters = new MemoryDeadLetters();
  const logger = recordingLogger();
  const handler = createSenderHandler({
    store,
    ledger,
    mailer,
    publisher: new MemorySignalPublisher(),
    renderer: fakeRenderer(),
    tokens: createUnsubscribeTokens(async () => 's'.repeat(40)),
    fromFor: () => '"Acme" <cs@example.com>',
    unsubscribeBaseUrl: 'https://unsub.example.com/',
    clock: fixedClock(NOW),
    logger,
    deadLetters,
    ...overrides,
  });
  return { ledger, mailer, deadLetters, logger, handler };
}

describe('sender dead letters', () => {
  it('dead-letters a job whose From address is on no known identity, with the claim released', async () => {
    const senderFor = createSenderAddresses({
      addressFor: () => 'cs@unverified.example.org',
      nameFor: () => 'Acme',
      identities: ['example.com'],
    });
    const { handler, ledger, mailer, deadLetters } = await setup({ senderFor });
    expect(await handler(sqsEvent([JSON.stringify(touch)]))).toEqual({ batchItemFailures: [] });
    expect(deadLetters.all().map((l) => [l.touchId, l.reason])).toEqual([
      [touch.touchId, expect.stringMatching(/locale ja is on no SES identity/)],
    ]);
    expect(ledger.get('acc-1', touch.touchId)).toBeNull();
    expect(mailer.all()).toHaveLength(0);
  });

  it('retries a job whose ledger is throttled, and dead-letters nothing', async () => {
    const ledger = new MemoryTouchLedger();
    ledger.claim = async () => Promise.reject(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
    const { handler, deadLetters } = await setup({ ledger });
    expect(await handler(sqsEvent([JSON.stringify(touch)]))).toEqual({
      batchItemFailures: [{ itemIdentifier: 'm-0' }],
    });
    expect(deadLetters.all()).toEqual([]);
  });

  it('fails the record of a rejected job when its dead letter cannot be written', async () => {
    const { handler, deadLetters, mailer, logger } = await setup();
    deadLetters.failNext(1);
    expect(await handler(sqsEvent(['not json', JSON.stringify(touch)]))).toEqual({
      batchItemFailures: [{ itemIdentifier: 'm-0' }],
    });
    expect(mailer.all()).toHaveLength(1);
    expect(logger.lines.some((l) => l.level === 'error' && l.message.startsWith('dead letters not written'))).toBe(
      true,
    );
  });

  it('fails a rejected job for SQS’s redrive policy when no dead-letter queue is wired', async () => {
    const { handler } = await setup({ deadLetters: undefined });
    expect(await handler(sqsEvent(['not json']))).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-0' }] });
  });
});
