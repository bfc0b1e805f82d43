// What the engagement function does with each SES event beyond the ledger status: transient bounces
// and delays are recorded and never suppress; sends, permanent bounces and complaints are counted
// once for the guard; a complaint is an opt-out on the contact's compliance record.
import { describe, expect, it } from 'vitest';
import type { PlannedTouch } from '../../functions/core/decisions.js';
import { aSendWorld } from './deliverability-world.js';

async function oneSent() {
  const world = await aSendWorld({ jobs: 1 });
  await world.sendBatch(world.jobs);
  const sent = world.mailer.all()[0];
  if (sent === undefined) throw new Error('no email sent');
  const job = world.jobs[0] as PlannedTouch;
  const contact = async () => (await world.store.load(job.accountId))?.contacts[job.contactId];
  return { world, sent, job, contact };
}

describe('engagement outcomes', () => {
  it('records a transient bounce on the touch and keeps the contact reachable', async () => {
    const { world, sent, job, contact } = await oneSent();
    await world.sesEvent(sent.email, sent.messageId, 'Bounce', {
      bounce: { bounceType: 'Transient', timestamp: world.clock() },
    });
    expect(world.ledger.get(job.accountId, job.touchId)?.statuses['soft-bounced']).toBe(world.clock());
    expect((await contact())?.suppressed).toBeNull();
    expect((await world.guard.readCounts('2026-01-01T00:00:00.000Z')).every((h) => h.bounces === 0)).toBe(true);
  });

  it('records a delivery delay, and a later delivery still moves the touch on', async () => {
    const { world, sent, job, contact } = await oneSent();
    await world.sesEvent(sent.email, sent.messageId, 'DeliveryDelay', { deliveryDelay: { timestamp: world.clock() } });
    expect(world.ledger.get(job.accountId, job.touchId)?.status).toBe('delayed');
    await world.sesEvent(sent.email, sent.messageId, 'Delivery', { delivery: { timestamp: world.clock() } });
    expect(world.ledger.get(job.accountId, job.touchId)?.status).toBe('delivered');
    expect((await contact())?.suppressed).toBeNull();
  });

  it('counts a send and a permanent bounce once each, however often SES reports them, and suppresses the address', async () => {
    const { world, sent, contact } = await oneSent();
    for (let i = 0; i < 3; i++) {
      await world.sesEvent(sent.email, sent.messageId, 'Send');
      await world.sesEvent(sent.email, sent.messageId, 'Bounce', {
        bounce: { bounceType: 'Permanent', timestamp: world.clock() },
      });
    }
    const counts = await world.guard.readCounts('2026-01-01T00:00:00.000Z');
    expect(counts.reduce((n, h) => n + h.sends, 0)).toBe(1);
    expect(counts.reduce((n, h) => n + h.bounces, 0)).toBe(1);
    expect((await contact())?.suppressed?.reason).toBe('bounced');
    expect((await world.guard.load()).firstSendAt).toBe(world.clock());
  });

  it('puts a complaint on the contact’s compliance record as an opt-out of everything', async () => {
    const { world, sent, job } = await oneSent();
    await world.sesEvent(sent.email, sent.messageId, 'Complaint', {
      complaint: { timestamp: '2026-03-02T05:00:00.000Z' },
    });
    await world.sesEvent(sent.email, sent.messageId, 'Complaint', {
      complaint: { timestamp: '2026-03-02T05:00:00.000Z' },
    });
    expect(await world.compliance.list(job.accountId)).toEqual([
      {
        kind: 'opt-out',
        accountId: job.accountId,
        contactId: job.contactId,
        at: '2026-03-02T05:00:00.000Z',
        scope: 'all',
        channel: 'complaint',
        expiresAt: null,
      },
    ]);
  });
});
