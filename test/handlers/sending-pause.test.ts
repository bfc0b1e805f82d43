// Fault injection: a burst of complaints crosses the threshold while jobs are being sent. Sending
// pauses before the next job, no job is lost while it waits, and once a person resumes, each deferred
// job is sent exactly once, however often SQS delivers it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resumeWith } from '../../functions/app/sending-control.js';
import type { PlannedTouch } from '../../functions/core/decisions.js';
import type { Signal } from '../../functions/core/signals.js';
import { aSendWorld } from './deliverability-world.js';

const QUARTER_HOUR = 15 * 60_000;
type World = Awaited<ReturnType<typeof aSendWorld>>;

/** Sends `jobs` in batches of 10, reporting each new email to engagement as SES would (a Send event). */
async function sendAll(
  world: World,
  jobs: readonly PlannedTouch[],
  after?: (sentSoFar: number) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < jobs.length; i += 10) {
    const before = world.mailer.all().length;
    expect(await world.sendBatch(jobs.slice(i, i + 10))).toEqual([]);
    for (const { email, messageId } of world.mailer.all().slice(before)) await world.sesEvent(email, messageId, 'Send');
    await after?.(world.mailer.all().length);
  }
}

async function complain(world: World, count: number): Promise<void> {
  for (const { email, messageId } of world.mailer.all().slice(0, count))
    await world.sesEvent(email, messageId, 'Complaint', { complaint: { timestamp: world.clock() } });
}

const sentIds = (world: World) => world.mailer.all().map((m) => m.email.tags.touch);

describe('a complaint burst pauses sending', () => {
  it('pauses before the next job, loses none while paused, and sends each deferred job once after the resume', async () => {
    const world = await aSendWorld({ jobs: 1000 });
    let burstAt = -1;
    await sendAll(world, world.jobs, async (sent) => {
      // After 600 sends (over the 500-send minimum), three complaints arrive at once.
      if (sent === 600 && burstAt < 0) {
        burstAt = sent;
        await complain(world, 3);
      }
    });
    // Not one email after the burst: the very next job found sending paused.
    expect(world.mailer.all()).toHaveLength(600);
    expect(world.deferred.size).toBe(400);
    expect(world.metrics.counts.get('SendingPaused')).toBe(1);
    const [paused] = world.publisher
      .drain()
      .filter((s): s is Extract<Signal, { type: 'Sending Paused' }> => s.type === 'Sending Paused');
    expect(paused?.pause.cause).toMatchObject({
      kind: 'rates',
      breach: { metric: 'complaint', count: 1, sends: 600, threshold: 0.0008 },
    });
    // The contact who complained is suppressed for good, and the complaint is on its record.
    const first = world.jobs[0] as PlannedTouch;
    expect((await world.store.load(first.accountId))?.contacts[first.contactId]?.suppressed?.reason).toBe('complained');
    expect(
      (await world.compliance.list(first.accountId)).filter(
        (e) => e.contactId === first.contactId && e.kind === 'opt-out' && e.channel === 'complaint',
      ),
    ).toHaveLength(1);

    // While paused, jobs come back and go again, forever if need be: never dead-lettered, never sent.
    for (let round = 0; round < 4; round++) {
      world.advance(QUARTER_HOUR);
      const due = world.deferred.takeDue(Date.parse(world.clock()));
      expect(due).toHaveLength(400);
      for (let i = 0; i < due.length; i += 10) expect(await world.sendBatch(due.slice(i, i + 10))).toEqual([]);
    }
    expect(world.mailer.all()).toHaveLength(600);
    // Nothing was claimed for a deferred job: the ledger holds the 600 sent, no more.
    expect(
      (await Promise.all(world.jobs.map((j) => world.ledger.inspect(j.accountId, j.touchId)))).filter(
        (t) => t !== null,
      ),
    ).toHaveLength(600);

    const outcome = await resumeWith(
      { guard: world.guard, publisher: world.publisher },
      { at: world.clock(), by: 'ops-sato', reason: 'imported list removed', channel: 'cli' },
    );
    expect(outcome.kind).toBe('resumed');
    world.advance(QUARTER_HOUR);
    const due = world.deferred.takeDue(Date.parse(world.clock()));
    // SQS delivers at least once: every deferred job arrives twice.
    await sendAll(world, [...due, ...due]);
    const ids = sentIds(world);
    expect(ids).toHaveLength(1000);
    expect(new Set(ids).size).toBe(1000);
    expect(world.deferred.size).toBe(0);
    expect(world.publisher.drain().map((s) => s.type)).toContain('Sending Resumed');
    expect((await world.guard.load()).history.map((h) => h.action)).toEqual(['paused', 'resumed']);
  });

  it('does not pause on a complaint below the minimum volume, nor twice for one burst', async () => {
    const world = await aSendWorld({ jobs: 120, thresholds: { minSends: 100, lastSends: 250 } });
    await sendAll(world, world.jobs.slice(0, 50));
    await complain(world, 2);
    expect((await world.guard.load()).status).toBe('sending');
    await sendAll(world, world.jobs.slice(50));
    await complain(world, 5);
    expect((await world.guard.load()).status).toBe('paused');
    // A redelivered complaint changes nothing: counted once, paused once.
    await complain(world, 5);
    expect(world.metrics.counts.get('SendingPaused')).toBe(1);
    expect((await world.guard.readCounts('2026-01-01T00:00:00.000Z')).reduce((n, h) => n + h.complaints, 0)).toBe(5);
  });
});

describe('after a resume', () => {
  it('leaves the judged complaints out, and pauses again at once on a new one', async () => {
    const world = await aSendWorld({ jobs: 700 });
    await sendAll(world, world.jobs.slice(0, 600));
    await complain(world, 2);
    expect((await world.guard.load()).status).toBe('paused');
    world.advance(QUARTER_HOUR * 4);
    await resumeWith({ guard: world.guard }, { at: world.clock(), by: 'ops', reason: 'checked', channel: 'cli' });
    world.advance(QUARTER_HOUR * 4);
    await sendAll(world, world.jobs.slice(600));
    // The 700 sends are all in the window: no minimum volume to wait for.
    expect((await world.guard.load()).status).toBe('sending');
    const late = world.mailer.all()[650];
    if (late === undefined) throw new Error('no email 650');
    await world.sesEvent(late.email, late.messageId, 'Complaint', { complaint: { timestamp: world.clock() } });
    const state = await world.guard.load();
    expect(state.status).toBe('paused');
    expect(state.pause?.cause).toMatchObject({ kind: 'rates', breach: { metric: 'complaint', count: 1, sends: 700 } });
  });
});

describe('property: pause, defer and resume under any burst and any redelivery', () => {
  it('never sends while paused, never loses a job, never sends one twice', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 60, max: 160 }),
        fc.integer({ min: 1, max: 15 }),
        fc.integer({ min: 0, max: 4 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        async (jobs, burstAfterBatches, complaints, duplicates) => {
          const world = await aSendWorld({ jobs, thresholds: { minSends: 50, lastSends: 250 } });
          let batches = 0;
          let pausedWithSent: number | null = null;
          await sendAll(world, world.jobs, async () => {
            batches++;
            if (batches === burstAfterBatches) await complain(world, complaints);
            if (pausedWithSent === null && (await world.guard.load()).status === 'paused')
              pausedWithSent = world.mailer.all().length;
          });
          if (pausedWithSent !== null) {
            // Nothing left after the pause was recorded.
            expect(world.mailer.all()).toHaveLength(pausedWithSent);
            await resumeWith(
              { guard: world.guard },
              { at: world.clock(), by: 'ops', reason: 'checked', channel: 'event' },
            );
          }
          world.advance(QUARTER_HOUR);
          const due = world.deferred.takeDue(Date.parse(world.clock()));
          const again = duplicates
            .map((d) => due[d % Math.max(1, due.length)])
            .filter((t): t is PlannedTouch => t !== undefined);
          await sendAll(world, [...due, ...again]);
          const ids = sentIds(world);
          // Every job went out once, except to the contacts who complained (suppressed before their turn came).
          expect(new Set(ids).size).toBe(ids.length);
          const complained = new Set(
            world.mailer
              .all()
              .slice(0, complaints)
              .map((m) => `${m.email.tags.account}/${m.email.tags.contact}`),
          );
          const skipped = world.jobs.filter((j) => !ids.includes(j.touchId));
          for (const j of skipped) expect(complained.has(`${j.accountId}/${j.contactId}`)).toBe(true);
          expect(world.deferred.size).toBe(0);
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});
