// The sender and the detractor hold: a promotional touch planned before a detractor answer arrived
// is dropped at send time (skipped, with its reason, nothing mailed, nothing left to resend); a
// service touch still goes, and the hold follows the account program's detractorHoldDays.
import { describe, expect, it } from 'vitest';
import { MemoryAccountStore } from '../../functions/adapters/memory/account-store.js';
import { MemoryMailer } from '../../functions/adapters/memory/mailer.js';
import { MemorySignalPublisher } from '../../functions/adapters/memory/signal-publisher.js';
import { MemoryTouchLedger } from '../../functions/adapters/memory/touch-ledger.js';
import { createUnsubscribeTokens } from '../../functions/adapters/unsubscribe-token.js';
import { createSendTouch } from '../../functions/app/send-touch.js';
import { applyEvents } from '../../functions/core/apply-events.js';
import { noMetrics } from '../../functions/core/ports.js';
import type { Program } from '../../functions/core/program.js';
import { anAccount, aPlannedTouch, defaultProgram, programWith, surveyAnswered } from '../fixtures/builders.js';
import { fakeRenderer, recordingLogger } from '../handlers/helpers.js';

const program = defaultProgram();
const PLANNED = '2026-03-02T01:00:00.000Z';
const ANSWERED = '2026-03-02T02:00:00.000Z';
const story = aPlannedTouch(
  { kind: 'success-story', storyId: 's-1' },
  { locale: 'en', plannedAt: PLANNED, basis: { basis: 'business-relationship', from: 'program-default' } },
);
const tip = aPlannedTouch({ kind: 'feature-tip', featureId: 'reports' }, { locale: 'en', plannedAt: PLANNED });

async function world(options: { now: string; score: number; programs?: Program }) {
  const store = new MemoryAccountStore();
  const built = anAccount('acc-1')
    .withProfile({ locale: 'en' })
    .withContact('c-1', { email: 'ann@customer.example.com', name: 'Ann Lee', role: 'owner' })
    .withContact('c-2', { email: 'bo@customer.example.com', name: 'Bo Kim', role: 'member' })
    .state(program);
  const answer = surveyAnswered('acc-1', 'c-2', { survey: 'nps', score: options.score, answeredAt: ANSWERED });
  await store.save(applyEvents(built, [answer], program).state);
  const ledger = new MemoryTouchLedger();
  const mailer = new MemoryMailer();
  const logger = recordingLogger();
  const sender = createSendTouch({
    store,
    ledger,
    mailer,
    publisher: new MemorySignalPublisher(),
    renderer: fakeRenderer(),
    programs: options.programs ?? [program],
    tokens: createUnsubscribeTokens(async () => 's'.repeat(40)),
    fromFor: () => 'cs@mail.example.com',
    unsubscribeBaseUrl: 'https://unsub.example.com/',
    clock: () => options.now,
    logger,
    metrics: noMetrics,
  });
  return { sender, ledger, mailer, logger };
}

describe('sending after a detractor answer', () => {
  it('drops a promotional touch planned before the answer: skipped as detractor-hold, never mailed', async () => {
    const { sender, ledger, mailer, logger } = await world({ now: '2026-03-02T03:00:00.000Z', score: 2 });
    expect(await sender.send(story)).toEqual({ kind: 'skipped', reason: 'detractor-hold' });
    expect(mailer.all()).toEqual([]);
    expect(ledger.get('acc-1', story.touchId)?.status).toBe('skipped');
    expect(logger.lines.find((l) => l.message === 'touch skipped')?.attributes).toMatchObject({
      reason: 'detractor-hold',
      touchId: story.touchId,
    });
    // A redelivery of the job finds the skip and sends nothing.
    expect(await sender.send(story)).toEqual({ kind: 'settled' });
    expect(mailer.all()).toEqual([]);
  });

  it('still sends service email during the hold', async () => {
    const { sender, mailer } = await world({ now: '2026-03-02T03:00:00.000Z', score: 2 });
    expect((await sender.send(tip)).kind).toBe('sent');
    expect(mailer.all()).toHaveLength(1);
  });

  it('sends the promotional touch after a passive answer, and once the program’s hold is over', async () => {
    const passive = await world({ now: '2026-03-02T03:00:00.000Z', score: 8 });
    expect((await passive.sender.send(story)).kind).toBe('sent');
    const short = programWith({ voice: { detractorHoldDays: 1 } });
    const during = await world({ now: '2026-03-03T01:59:59.000Z', score: 2, programs: short });
    expect(await during.sender.send(story)).toEqual({ kind: 'skipped', reason: 'detractor-hold' });
    const after = await world({ now: '2026-03-03T02:00:00.000Z', score: 2, programs: short });
    expect((await after.sender.send(story)).kind).toBe('sent');
  });
});
