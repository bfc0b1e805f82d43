// 1,000 jobs against an SES quota of 200 per rolling 24 hours: 200 go the first day, the rest on the
// next days as the earlier sends age out, none lost, none twice, and no 24 hours ever hold more than 200.
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../functions/core/time.js';
import { aSendWorld, START } from './deliverability-world.js';

const QUARTER_HOUR = 15 * 60_000;
const QUOTA = 200;

describe('the SES quota', () => {
  it('sends 200 the first day and the rest on later days, each job once', async () => {
    const world = await aSendWorld({
      jobs: 1000,
      // SES as GetAccount reports it: the quota, the rate, and the sends of the last 24 hours.
      quota: (w) => ({
        read: async () => ({
          max24HourSend: QUOTA,
          maxSendRate: 14,
          sentLast24Hours: w.sentAtMs.filter((ms) => ms > w.nowMs - DAY_MS).length,
        }),
      }),
    });
    const startMs = Date.parse(START);
    let queue = [...world.jobs];
    // The sender's event source, every quarter hour for a week: what is queued and due goes in batches of 10.
    for (let t = 0; t < 7 * 96; t++) {
      queue.push(...world.deferred.takeDue(Date.parse(world.clock())));
      for (let i = 0; i < queue.length; i += 10) expect(await world.sendBatch(queue.slice(i, i + 10))).toEqual([]);
      queue = [];
      world.advance(QUARTER_HOUR);
    }
    const perDay = Array.from(
      { length: 7 },
      (_, d) => world.sentAtMs.filter((ms) => ms >= startMs + d * DAY_MS && ms < startMs + (d + 1) * DAY_MS).length,
    );
    expect(perDay.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(perDay.slice(5)).toEqual([0, 0]);
    const ids = world.mailer.all().map((m) => m.email.tags.touch);
    expect(new Set(ids).size).toBe(1000);
    expect(world.deferred.size).toBe(0);
    // Never more than the quota in any 24 hours.
    for (const ms of world.sentAtMs)
      expect(world.sentAtMs.filter((other) => other > ms - DAY_MS && other <= ms).length).toBeLessThanOrEqual(QUOTA);
    expect(world.metrics.counts.get('SendsDeferred')).toBeGreaterThan(800);
  }, 60_000);
});
