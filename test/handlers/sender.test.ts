import { describe, expect, it } from 'vitest';
import { MemoryAccountStore } from '../../functions/adapters/memory/account-store.js';
import { MemoryDeadLetters } from '../../functions/adapters/memory/dead-letters.js';
import { MemoryMailer } from '../../functions/adapters/memory/mailer.js';
import { MemorySignalPublisher } from '../../functions/adapters/memory/signal-publisher.js';
import { MemoryTouchLedger } from '../../functions/adapters/memory/touch-ledger.js';
import {
  EmailRejectedError,
  SendOutcomeUnknownError,
  SendThrottledError,
} from '../../functions/adapters/ses-mailer.js';
import { createUnsubscribeTokens } from '../../functions/adapters/unsubscribe-token.js';
import { suppressContact } from '../../functions/core/contact-suppression.js';
import { TemplateNotFoundError } from '../../functions/core/email/errors.js';
import type { Mailer, OutgoingEmail, TouchLedger } from '../../functions/core/ports.js';
import type { AccountState } from '../../functions/core/state.js';
import { createSenderHandler } from '../../functions/handlers/sender.js';
import { anAccount, aPlannedTouch } from '../fixtures/builders.js';
import { fakeRenderer, fixedClock, recordingLogger, sqsEvent } from './helpers.js';

const NOW = '2026-01-26T00:01:00.000Z';
const tokens = createUnsubscribeTokens(async () => 's'.repeat(40));

const touch = aPlannedTouch(
  { kind: 'milestone-nudge', milestoneId: 'dashboard-understood', dueAt: '2026-01-26T00:00:00.000Z' },
  { plannedAt: '2026-01-26T00:00:00.000Z' },
);

function account(patch: (s: AccountState) => AccountState = (s) => s): AccountState {
  return patch(
    anAccount('acc-1')
      .withProfile({ name: 'Yamada Trading', locale: 'ja' })
      .withContact('c-1', { email: 'hanako@example.com', name: 'Hanako Sato', role: 'owner' })
      .onboardedOn('2026-01-19')
      .state(),
  );
}

async function setup(options: { mailer?: Mailer; ledger?: TouchLedger; state?: AccountState } = {}) {
  const store = new MemoryAccountStore();
  await store.save(options.state ?? account());
  const ledger = options.ledger ?? new MemoryTouchLedger();
  const mailer = options.mailer ?? new MemoryMailer();
  const publisher = new MemorySignalPublisher();
  const logger = recordingLogger();
  const renderer = fakeRenderer();
  const deadLetters = new MemoryDeadLetters();
  const handler = createSenderHandler({
    store,
    ledger,
    mailer,
    publisher,
    renderer,
    tokens,
    fromFor: (locale) => `"Acme ${locale}" <cs@example.com>`,
    unsubscribeBaseUrl: 'https://unsub.example.com/',
    clock: fixedClock(NOW),
    logger,
    deadLetters,
  });
  return { store, ledger, mailer, publisher, logger, renderer, deadLetters, handler };
}

/** A mailer that fails with `error` the first `times` calls, then delivers to `inner`. */
function failingMailer(
  error: () => Error,
  times: number,
  inner = new MemoryMailer(),
): Mailer & { inner: MemoryMailer; attempts: number } {
  const m = {
    inner,
    attempts: 0,
    async send(email: OutgoingEmail) {
      m.attempts++;
      if (m.attempts <= times) throw error();
      return inner.send(email);
    },
  };
  return m;
}

describe('sender handler', () => {
  it('sends the touch to its contact with both parts, one-click unsubscribe headers and tags, then records it', async () => {
    const { handler, mailer, ledger, publisher } = await setup();
    expect(await handler(sqsEvent([JSON.stringify(touch)]))).toEqual({ batchItemFailures: [] });
    const [sent] = (mailer as MemoryMailer).all();
    expect(sent?.email).toMatchObject({
      to: 'hanako@example.com',
      from: '"Acme ja" <cs@example.com>',
      subject: 'milestone-nudge for Yamada Trading',
    });
    const unsubscribe = sent?.email.headers['List-Unsubscribe'] ?? '';
    expect(unsubscribe).toMatch(/^<https:\/\/unsub\.example\.com\/\?t=[A-Za-z0-9_.-]+>$/);
    expect(sent?.email.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(sent?.email.html).toContain(unsubscribe.slice(1, -1));
    expect(sent?.email.text).toContain(unsubscribe.slice(1, -1));
    expect(sent?.email.tags).toEqual({
      kind: 'milestone-nudge',
      account: 'acc-1',
      touch: touch.touchId,
      contact: 'c-1',
    });
    const token = new URL(unsubscribe.slice(1, -1)).searchParams.get('t') ?? '';
    expect(await tokens.verify(token, NOW)).toMatchObject({
      kind: 'valid',
      claim: { accountId: 'acc-1', contactId: 'c-1' },
    });
    expect((ledger as MemoryTouchLedger).get('acc-1', touch.touchId)?.messageId).toBe(sent?.messageId);
    expect(publisher.drain()).toEqual([
      {
        type: 'Touch Sent',
        accountId: 'acc-1',
        at: NOW,
        contactId: 'c-1',
        touchId: touch.touchId,
        kind: 'milestone-nudge',
        messageId: sent?.messageId,
      },
    ]);
  });

  it('sends a redelivered job once', async () => {
    const { handler, mailer } = await setup();
    await handler(sqsEvent([JSON.stringify(touch), JSON.stringify(touch)]));
    await handler(sqsEvent([JSON.stringify(touch)]));
    expect((mailer as MemoryMailer).all()).toHaveLength(1);
  });

  it.each([
    ['unsubscribed', (s: AccountState) => suppressContact(s, 'c-1', 'unsubscribed', NOW) as AccountState],
    [
      'removed',
      (s: AccountState) => ({
        ...s,
        contacts: {
          ...s.contacts,
          'c-1': { ...(s.contacts['c-1'] as AccountState['contacts'][string]), removed: true },
        },
      }),
    ],
  ])('skips and records a contact that is %s by the time the job runs', async (_why, patch) => {
    const { handler, mailer, ledger } = await setup({ state: account(patch) });
    expect(await handler(sqsEvent([JSON.stringify(touch)]))).toEqual({ batchItemFailures: [] });
    expect((mailer as MemoryMailer).all()).toHaveLength(0);
    expect((ledger as MemoryTouchLedger).get('acc-1', touch.touchId)?.statuses.skipped).toBe(NOW);
  });

  it('releases the claim when SES throttles past its retries, so the redelivered job sends', async () => {
    const mailer = failingMailer(() => new SendThrottledError(6), 1);
    const { handler } = await setup({ mailer });
    expect(await handler(sqsEvent([JSON.stringify(touch)]))).toEqual({
      batchItemFailures: [{ itemIdentifier: 'm-0' }],
    });
    expect(await handler(sqsEvent([JSON.stringify(touch)]))).toEqual({ batchItemFailures: [] });
    expect(mailer.inner.all()).toHaveLength(1);
  });

  it('marks a rejected message failed and does not retry it', async () => {
    const mailer = failingMailer(() => new EmailRejectedError('MessageRejected'), 1);
    const { handler, ledger } = await setup({ mailer });
    expect(await handler(sqsEvent([JSON.stringify(touch)]))).toEqual({ batchItemFailures: [] });
    await handler(sqsEvent([JSON.stringify(touch)]));
    expect(mailer.attempts).toBe(1);
    expect((ledger as MemoryTouchLedger).get('acc-1', touch.touchId)?.statuses.failed).toBe(NOW);
  });

  it('never resends when SES may have accepted the message', async () => {
    const mailer = failingMailer(() => new SendOutcomeUnknownError(6), 1);
    const { handler, logger } = await setup({ mailer });
    await handler(sqsEvent([JSON.stringify(touch)]));
    await handler(sqsEvent([JSON.stringify(touch)]));
    expect(mailer.attempts).toBe(1);
    expect(logger.lines.some((l) => l.attributes.lostSend === true)).toBe(true);
  });

  it('never resends after a crash between the SES call and marking the touch sent', async () => {
    class CrashingLedger extends MemoryTouchLedger {
      override async markSent(): Promise<void> {
        throw new Error('Lambda timed out');
      }
    }
    const ledger = new CrashingLedger();
    const { handler, mailer } = await setup({ ledger });
    await handler(sqsEvent([JSON.stringify(touch)]));
    await handler(sqsEvent([JSON.stringify(touch)]));
    expect((mailer as MemoryMailer).all()).toHaveLength(1);
    expect(ledger.get('acc-1', touch.touchId)?.messageId).toBeNull();
  });

  it('dead-letters a job whose body is not a send job at once, with its reason, and sends the rest of the batch', async () => {
    const { handler, mailer, logger, deadLetters } = await setup();
    const response = await handler(sqsEvent(['{"touchId": 3}', JSON.stringify(touch)]));
    expect(response).toEqual({ batchItemFailures: [] });
    expect(deadLetters.all()).toEqual([
      {
        body: '{"touchId": 3}',
        reason: expect.stringMatching(/^send job without a readable touch id rejected: touchId: expected string/),
        eventId: null,
        touchId: null,
        source: { queueArn: expect.any(String), messageId: 'm-0' },
      },
    ]);
    expect((mailer as MemoryMailer).all()).toHaveLength(1);
    expect(logger.lines.some((l) => l.message === 'send job rejected')).toBe(true);
  });

  it('dead-letters a job it cannot render at once and claims nothing, so a fixed template and a redrive still send it', async () => {
    const { handler, ledger, store, mailer, publisher, logger, deadLetters } = await setup();
    const broken = createSenderHandler({
      store,
      ledger,
      mailer,
      publisher,
      renderer: {
        render: (input) => {
          throw new TemplateNotFoundError(input.touch.touchId, input.touch.template);
        },
      },
      tokens,
      fromFor: () => 'cs@example.com',
      unsubscribeBaseUrl: 'https://unsub.example.com/',
      clock: fixedClock(NOW),
      logger,
      deadLetters,
    });
    expect((await broken(sqsEvent([JSON.stringify(touch)]))).batchItemFailures).toEqual([]);
    const [letter] = deadLetters.all();
    expect(letter?.touchId).toBe(touch.touchId);
    expect(letter?.reason).toBe(
      `touch ${touch.touchId}: no compiled template "milestone-nudge/ja" in the content artifact; add it under templates/emails and run npm run build`,
    );
    expect((ledger as MemoryTouchLedger).get('acc-1', touch.touchId)).toBeNull();
    // The redrive: the dead letter's body, as it was, to the fixed sender.
    await handler(sqsEvent([letter?.body ?? '']));
    expect((mailer as MemoryMailer).all()).toHaveLength(1);
  });

  it('dead-letters a render failure by its class alone when the error is not one of the content’s', async () => {
    const { store, ledger, mailer, publisher, logger, deadLetters } = await setup();
    const broken = createSenderHandler({
      store,
      ledger,
      mailer,
      publisher,
      renderer: {
        render: () => {
          throw new TypeError('cannot read name of Hanako Sato <hanako@example.com>');
        },
      },
      tokens,
      fromFor: () => 'cs@example.com',
      unsubscribeBaseUrl: 'https://unsub.example.com/',
      clock: fixedClock(NOW),
      logger,
      deadLetters,
    });
    expect((await broken(sqsEvent([JSON.stringify(touch)]))).batchItemFailures).toEqual([]);
    expect(deadLetters.all().map((l) => l.reason)).toEqual([`touch ${touch.touchId} not rendered (TypeError)`]);
  });

  it('logs ids, never the address or the name', async () => {
    const { handler, logger } = await setup();
    await handler(sqsEvent([JSON.stringify(touch)]));
    expect(logger.lines.find((l) => l.message === 'touch sent')?.attributes).toMatchObject({
      accountId: 'acc-1',
      touchId: touch.touchId,
    });
    expect(logger.text()).not.toMatch(/hanako@example\.com|Hanako Sato/);
  });
});
