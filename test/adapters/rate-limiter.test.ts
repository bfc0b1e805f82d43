import { describe, expect, it } from 'vitest';
import { createTokenBucket } from '../../functions/adapters/rate-limiter.js';

/** A virtual clock: sleeping advances it, so the test sees when each take would have happened. */
function virtualTime() {
  let nowMs = 0;
  return { nowMs: () => nowMs, sleep: async (ms: number) => void (nowMs += ms) };
}

describe('token bucket', () => {
  it('lets a burst of one second through, then paces to the rate', async () => {
    const time = virtualTime();
    const bucket = createTokenBucket({ ratePerSecond: 14, ...time });
    const at: number[] = [];
    for (let i = 0; i < 42; i++) {
      await bucket.take();
      at.push(time.nowMs());
    }
    expect(at.slice(0, 14).every((t) => t === 0)).toBe(true);
    // 42 takes at 14/s with a 14-token start: the last one two seconds in, give or take rounding.
    expect(at[41]).toBeGreaterThanOrEqual(1990);
    expect(at[41]).toBeLessThanOrEqual(2030);
  });

  it('never exceeds the rate over any one-second window after the initial burst', async () => {
    const time = virtualTime();
    const bucket = createTokenBucket({ ratePerSecond: 5, capacity: 1, ...time });
    const at: number[] = [];
    for (let i = 0; i < 30; i++) {
      await bucket.take();
      at.push(time.nowMs());
    }
    for (let i = 0; i + 5 < at.length; i++)
      expect((at[i + 5] as number) - (at[i] as number)).toBeGreaterThanOrEqual(1000);
  });

  it('serves concurrent callers one at a time', async () => {
    const time = virtualTime();
    const bucket = createTokenBucket({ ratePerSecond: 2, capacity: 1, ...time });
    const at: number[] = [];
    await Promise.all(Array.from({ length: 4 }, () => bucket.take().then(() => at.push(time.nowMs()))));
    expect(at).toEqual([0, 500, 1000, 1500]);
  });

  it('supports rates below one per second', async () => {
    const time = virtualTime();
    const bucket = createTokenBucket({ ratePerSecond: 0.5, ...time });
    await bucket.take();
    await bucket.take();
    expect(time.nowMs()).toBe(2000);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => createTokenBucket({ ratePerSecond: 0 })).toThrowError(/positive/);
  });
});
