// The sender and the guard: a paused SES defers the job and pauses everything, the CS owner's name
// and address on the email, and no promotional email to a contact who refused it since planning.
import { describe, expect, it } from 'vitest';
import { MemoryAccountStore } from '../../functions/adapters/memory/account-store.js';
import { MemoryDeferredSends } from '../../functions/adapters/memory/deferred-sends.js';
import { MemoryMailer } from '../../functions/adapters/memory/mailer.js';
import { MemorySendingGuard } from '../../functions/adapters/memory/sending-guard.js';
import { MemorySignalPublisher } from '../../functions/adapters/memory/signal-publisher.js';
import { MemoryTouchLedger } from '../../functions/adapters/memory/touch-ledger.js';
import { SendingPausedError } from '../../functions/adapters/ses-mailer.js';
import { createUnsubscribeTokens } from '../../functions/adapters/unsubscribe-token.js';
import { createSendGate } from '../../functions/app/send-gate.js';
import type { Mailer } from '../../functions/core/ports.js';
import { createSenderAddresses } from '../../functions/core/sender-address.js';
import type { AccountState, ContactState } from '../../functions/core/state.js';
import { createSenderHandler } from '../../functions/handlers/sender.js';
import { anAccount, aPlannedTouch } from '../fixtures/builders.js';
import { countingMetrics } from './deliverability-world.js';
import { fakeRenderer, fixedClock, recordingLogger, sqsEvent } from './helpers.js';

const NOW = '2026-03-02T01:00:00.000Z';
const story = aPlannedTouch(
  { kind: 'success-story', storyId: 's-1' },
  { locale: 'en', plannedAt: NOW, basis: { basis: 'business-relationship', from: 'program-default' } },
);

async function setup(options: { mailer?: Mailer; owner?: boolean; patch?: (s: AccountState) => AccountState } = {}) {
  const store = new MemoryAccountStore();
  const built = anAccount('acc-1')
    .withProfile({
      locale: 'en',
      ...(options.owner ? { csOwner: { name: 'Taro Yamada', email: 'taro@vendor.example.com' } } : {}),
    })
    .withContact('c-1', { email: 'ann@customer.example.com', name: 'Ann Lee' })
    .state();
  await store.save(options.patch?.(built) ?? built);
  const ledger = new MemoryTouchLedger();
  const memory = new MemoryMailer();
  const mailer = options.mailer ?? memory;
  const guard = new MemorySendingGuard();
  const deferred = new MemoryDeferredSends(() => Date.parse(NOW));
  const publisher = new MemorySignalPublisher();
  const metrics = countingMetrics();
  const handler = createSenderHandler({
    store,
    ledger,
    mailer,
    publisher,
    renderer: fakeRenderer(),
    tokens: createUnsubscribeTokens(async () => 's'.repeat(40)),
    fromFor: () => 'cs@mail.example.com',
    senderFor: createSenderAddresses({
      addressFor: () => 'cs@mail.example.com',
      nameFor: () => 'Example CS',
      identities: ['mail.example.com'],
    }),
    unsubscribeBaseUrl: 'https://unsub.example.com/',
    clock: fixedClock(NOW),
    logger: recordingLogger(),
    metrics,
    gate: createSendGate({ guard, quota: null, senders: 1, warmUp: [], ratePerSecond: 10 }),
    deferrer: deferred,
  });
  return { store, ledger, mailer: memory, guard, deferred, publisher, metrics, handler };
}

describe('sender with the guard', () => {
  it('sends in the CS owner’s name from the verified domain, replies to the owner', async () => {
    const { handler, mailer } = await setup({ owner: true });
    await handler(sqsEvent([JSON.stringify(story)]));
    expect(mailer.all()[0]?.email).toMatchObject({
      from: '"Taro Yamada" <taro@mail.example.com>',
      replyTo: 'taro@vendor.example.com',
    });
  });

  it('sends from the program sender, without Reply-To, when the account names no owner', async () => {
    const { handler, mailer } = await setup();
    await handler(sqsEvent([JSON.stringify(story)]));
    expect(mailer.all()[0]?.email.from).toBe('"Example CS" <cs@mail.example.com>');
    expect(mailer.all()[0]?.email.replyTo).toBeUndefined();
  });

  it('drops a promotional touch to a contact who refused promotional email after it was planned', async () => {
    const { handler, mailer, ledger } = await setup({
      patch: (s) => ({
        ...s,
        contacts: { 'c-1': { ...(s.contacts['c-1'] as ContactState), topicOptOuts: { promotional: NOW } } },
      }),
    });
    const response = await handler(sqsEvent([JSON.stringify(story)]));
    expect(response.batchItemFailures).toEqual([]);
    expect(mailer.all()).toEqual([]);
    expect(ledger.get('acc-1', story.touchId)?.status).toBe('skipped');
  });

  it('defers the job, releases its claim and pauses all sending when SES refuses to send', async () => {
    const refusing: Mailer = { send: async () => Promise.reject(new SendingPausedError('SendingPausedException')) };
    const { handler, ledger, guard, deferred, publisher, metrics } = await setup({ mailer: refusing });
    const response = await handler(sqsEvent([JSON.stringify(story)]));
    expect(response.batchItemFailures).toEqual([]);
    expect(await ledger.inspect('acc-1', story.touchId)).toBeNull();
    expect(deferred.size).toBe(1);
    expect(await guard.load()).toMatchObject({
      status: 'paused',
      pause: { cause: { kind: 'ses-refused', sesError: 'SendingPausedException' } },
    });
    expect(publisher.drain().map((s) => s.type)).toEqual(['Sending Paused']);
    expect(metrics.counts.get('SendsDeferred')).toBe(1);
  });
});
