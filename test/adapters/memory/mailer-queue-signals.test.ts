import { describe, expect, it } from 'vitest';
import { MemoryMailer } from '../../../functions/adapters/memory/mailer.js';
import { MemorySendQueue } from '../../../functions/adapters/memory/send-queue.js';
import { MemorySignalPublisher } from '../../../functions/adapters/memory/signal-publisher.js';
import type { PlannedTouch } from '../../../functions/core/decisions.js';
import { aPlannedTouch } from '../../fixtures/builders.js';

const email = {
  to: 'a@example.com',
  from: 'cs@example.com',
  subject: 's',
  html: '<p>h</p>',
  text: 'h',
  headers: {},
  tags: {},
};

function planned(touchId: string): PlannedTouch {
  return aPlannedTouch(
    { kind: 'success-story', storyId: 's-1' },
    { touchId, locale: 'en', plannedAt: '2026-01-19T00:00:00.000Z' },
  );
}

describe('MemoryMailer', () => {
  it('gives each email a distinct message id that is the same on every run', async () => {
    const ids = async () => {
      const mailer = new MemoryMailer();
      return [(await mailer.send(email)).messageId, (await mailer.send(email)).messageId];
    };
    const first = await ids();
    expect(new Set(first).size).toBe(2);
    expect(await ids()).toEqual(first);
  });

  it('keeps every email it sent', async () => {
    const mailer = new MemoryMailer();
    await mailer.send({ ...email, subject: 'one' });
    await mailer.send({ ...email, subject: 'two' });
    expect(mailer.all().map((m) => m.email.subject)).toEqual(['one', 'two']);
  });

  it('counts but does not keep emails when told not to', async () => {
    const mailer = new MemoryMailer({ keepEmails: false });
    await mailer.send(email);
    expect(mailer.all()).toEqual([]);
    expect(mailer.sentCount).toBe(1);
  });
});

describe('MemorySendQueue', () => {
  it('hands touches out oldest first, at most the number asked', async () => {
    const queue = new MemorySendQueue();
    await queue.enqueue([planned('t-1'), planned('t-2')]);
    await queue.enqueue([planned('t-3')]);
    expect(queue.take(2).map((t) => t.touchId)).toEqual(['t-1', 't-2']);
    expect(queue.take().map((t) => t.touchId)).toEqual(['t-3']);
    expect(queue.size).toBe(0);
  });
});

describe('MemorySignalPublisher', () => {
  it('drains the signals published since the last drain, in order', async () => {
    const publisher = new MemorySignalPublisher();
    const at = '2026-01-19T00:00:00.000Z';
    await publisher.publish([{ type: 'Phase Changed', accountId: 'a', at, from: 'onboarding', to: 'adoption' }]);
    await publisher.publish([{ type: 'Milestone Reached', accountId: 'a', at, milestoneId: 'm', reachedAt: at }]);
    expect(publisher.drain().map((s) => s.type)).toEqual(['Phase Changed', 'Milestone Reached']);
    expect(publisher.drain()).toEqual([]);
  });
});
