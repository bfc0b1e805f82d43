// The sender's lost sends: a claim whose outcome nobody recorded is reported (Send Unconfirmed
// signal, UnconfirmedSends metric, ledger status `unconfirmed`) and never sent again.
import { describe, expect, it } from 'vitest';
import { MemoryAccountStore } from '../../functions/adapters/memory/account-store.js';
import { MemoryMailer } from '../../functions/adapters/memory/mailer.js';
import { MemorySignalPublisher } from '../../functions/adapters/memory/signal-publisher.js';
import { MemoryTouchLedger } from '../../functions/adapters/memory/touch-ledger.js';
import { SendOutcomeUnknownError } from '../../functions/adapters/ses-mailer.js';
import { createUnsubscribeTokens } from '../../functions/adapters/unsubscribe-token.js';
import { CLAIM_IN_FLIGHT_SEC } from '../../functions/app/send-settings.js';
import { suppressContact } from '../../functions/core/contact-suppression.js';
import type { Mailer } from '../../functions/core/ports.js';
import type { AccountState } from '../../functions/core/state.js';
import type { HandlerMetrics, MetricContext } from '../../functions/handlers/metrics.js';
import { createSenderHandler } from '../../functions/handlers/sender.js';
import { anAccount, aPlannedTouch } from '../fixtures/builders.js';
import { fakeRenderer, recordingLogger, sqsEvent } from './helpers.js';

const CLAIMED_AT = '2026-01-26T00:01:00.000Z';
const tokens = createUnsubscribeTokens(async () => 's'.repeat(40));

const touch = aPlannedTouch(
  { kind: 'feature-tip', featureId: 'dashboard' },
  { touchId: 'feature-tip.00112233445566778899aabbccddeeff', locale: 'en', plannedAt: '2026-01-26T00:00:00.000Z' },
);

function account(): AccountState {
  return anAccount('acc-1')
    .withProfile({ locale: 'en' })
    .withContact('c-1', { email: 'mio@example.com', name: 'Mio Ito', role: 'owner' })
    .onboardedOn('2026-01-19')
    .state();
}

function metricsRecorder(): HandlerMetrics & { readonly counted: MetricContext[] } {
  const counted: MetricContext[] = [];
  return { counted, count: (name, context = {}) => void counted.push({ name, ...context }) };
}

async function setup(
  options: {
    mailer?: Mailer;
    ledger?: MemoryTouchLedger;
    publisher?: MemorySignalPublisher;
    state?: AccountState;
  } = {},
) {
  const store = new MemoryAccountStore();
  await store.save(options.state ?? account());
  const ledger = options.ledger ?? new MemoryTouchLedger();
  const mailer = options.mailer ?? new MemoryMailer();
  const publisher = options.publisher ?? new MemorySignalPublisher();
  const metrics = metricsRecorder();
  const logger = recordingLogger();
  let now = CLAIMED_AT;
  const handler = createSenderHandler({
    store,
    ledger,
    mailer,
    publisher,
    renderer: fakeRenderer(),
    tokens,
    fromFor: () => 'cs@example.com',
    unsubscribeBaseUrl: 'https://unsub.example.com/',
    clock: () => now,
    logger,
    metrics,
  });
  return { store, ledger, mailer, publisher, metrics, logger, handler, at: (iso: string) => void (now = iso) };
}

const job = () => sqsEvent([JSON.stringify(touch)]);
const afterSeconds = (s: number) => new Date(Date.parse(CLAIMED_AT) + s * 1000).toISOString();

describe('sender: lost sends', () => {
  it('reports a claim left open by a dead invocation once the sender timeout has passed, and sends nothing', async () => {
    const { ledger, mailer, publisher, metrics, handler, at } = await setup();
    await ledger.claim(touch, CLAIMED_AT); // the invocation that took it died before recording anything
    at(afterSeconds(6 * 60));
    expect(await handler(job())).toEqual({ batchItemFailures: [] });
    expect((mailer as MemoryMailer).all()).toHaveLength(0);
    expect(publisher.drain()).toEqual([
      {
        type: 'Send Unconfirmed',
        accountId: 'acc-1',
        at: afterSeconds(360),
        contactId: 'c-1',
        touchId: touch.touchId,
        kind: 'feature-tip',
        claimedAt: CLAIMED_AT,
        messageId: null,
      },
    ]);
    expect(metrics.counted).toEqual([{ name: 'UnconfirmedSends', accountId: 'acc-1', touchId: touch.touchId }]);
    expect(ledger.get('acc-1', touch.touchId)).toMatchObject({
      status: 'unconfirmed',
      statuses: { unconfirmed: afterSeconds(360) },
    });
  });

  it('reports each lost send once: a later copy of the job finds it settled', async () => {
    const { ledger, publisher, metrics, handler, at } = await setup();
    await ledger.claim(touch, CLAIMED_AT);
    at(afterSeconds(400));
    await handler(job());
    await handler(job());
    expect(publisher.drain()).toHaveLength(1);
    expect(metrics.counted).toHaveLength(1);
  });

  it('sends a copy back to the queue while another invocation may still be sending the touch', async () => {
    const { ledger, mailer, publisher, handler, at } = await setup();
    await ledger.claim(touch, CLAIMED_AT);
    at(afterSeconds(CLAIM_IN_FLIGHT_SEC - 1));
    expect((await handler(job())).batchItemFailures).toEqual([{ itemIdentifier: 'm-0' }]);
    expect((mailer as MemoryMailer).all()).toHaveLength(0);
    expect(publisher.size).toBe(0);
    expect(ledger.get('acc-1', touch.touchId)?.status).toBe('claimed');
  });

  it('reports a server error from SES as a lost send at once and never calls SES for the touch again', async () => {
    let calls = 0;
    const mailer: Mailer = {
      send: async () => {
        calls++;
        throw new SendOutcomeUnknownError(1);
      },
    };
    const { ledger, publisher, metrics, handler, at } = await setup({ mailer });
    await handler(job());
    at(afterSeconds(400));
    await handler(job());
    expect(calls).toBe(1);
    expect(publisher.drain().map((s) => s.type)).toEqual(['Send Unconfirmed']);
    expect(metrics.counted).toHaveLength(1);
    expect(ledger.get('acc-1', touch.touchId)?.status).toBe('unconfirmed');
  });

  it('reports a send SES accepted but the ledger could not record, with its message id', async () => {
    class UnrecordingLedger extends MemoryTouchLedger {
      override async markSent(): Promise<void> {
        throw new Error('ProvisionedThroughputExceededException');
      }
    }
    const ledger = new UnrecordingLedger();
    const { mailer, publisher, handler } = await setup({ ledger });
    expect(await handler(job())).toEqual({ batchItemFailures: [] });
    const [sent] = (mailer as MemoryMailer).all();
    expect(publisher.drain()).toEqual([
      expect.objectContaining({ type: 'Send Unconfirmed', touchId: touch.touchId, messageId: sent?.messageId }),
    ]);
    expect(ledger.get('acc-1', touch.touchId)?.status).toBe('unconfirmed');
  });

  it('keeps the claim open when the signal cannot be published, so the next delivery reports it', async () => {
    class DownPublisher extends MemorySignalPublisher {
      down = true;
      override async publish(signals: Parameters<MemorySignalPublisher['publish']>[0]): Promise<void> {
        if (this.down) throw new Error('EventBridge unavailable');
        return super.publish(signals);
      }
    }
    const publisher = new DownPublisher();
    const { ledger, handler, at } = await setup({ publisher });
    await ledger.claim(touch, CLAIMED_AT);
    at(afterSeconds(400));
    expect((await handler(job())).batchItemFailures).toHaveLength(1);
    expect(ledger.get('acc-1', touch.touchId)?.status).toBe('claimed');
    publisher.down = false;
    at(afterSeconds(800));
    expect(await handler(job())).toEqual({ batchItemFailures: [] });
    expect(publisher.drain().map((s) => s.type)).toEqual(['Send Unconfirmed']);
    expect(ledger.get('acc-1', touch.touchId)?.status).toBe('unconfirmed');
  });

  it('leaves a sent, skipped or failed touch alone when a copy of its job comes back', async () => {
    const { ledger, publisher, metrics, handler, at } = await setup();
    await handler(job());
    publisher.drain();
    at(afterSeconds(400));
    await handler(job());
    expect(publisher.size).toBe(0);
    expect(metrics.counted).toEqual([]);
    expect(ledger.get('acc-1', touch.touchId)?.status).toBe('sent');
  });

  it('claims the touch of a contact who left as skipped in one write', async () => {
    const gone = suppressContact(account(), 'c-1', 'unsubscribed', CLAIMED_AT) as AccountState;
    const { ledger, mailer, handler } = await setup({ state: gone });
    await handler(job());
    expect((mailer as MemoryMailer).all()).toHaveLength(0);
    expect(ledger.get('acc-1', touch.touchId)).toMatchObject({
      status: 'skipped',
      statuses: { claimed: CLAIMED_AT, skipped: CLAIMED_AT },
    });
  });

  it('reports a lost send found by the job of a contact who has left since', async () => {
    const gone = suppressContact(account(), 'c-1', 'complained', CLAIMED_AT) as AccountState;
    const { ledger, publisher, handler, at } = await setup({ state: gone });
    await ledger.claim(touch, CLAIMED_AT);
    at(afterSeconds(400));
    await handler(job());
    expect(publisher.drain().map((s) => s.type)).toEqual(['Send Unconfirmed']);
    expect(ledger.get('acc-1', touch.touchId)?.status).toBe('unconfirmed');
  });

  it('never logs the address or the name when it reports a lost send', async () => {
    const { ledger, logger, handler, at } = await setup();
    await ledger.claim(touch, CLAIMED_AT);
    at(afterSeconds(400));
    await handler(job());
    expect(logger.lines.find((l) => l.attributes.lostSend === true)?.attributes).toMatchObject({
      accountId: 'acc-1',
      touchId: touch.touchId,
    });
    expect(logger.text()).not.toMatch(/mio@example\.com|Mio Ito/);
  });
});
