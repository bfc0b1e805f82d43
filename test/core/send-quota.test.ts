import { describe, expect, it } from 'vitest';
import { type QuotaReading, sendAllowance, sendRatePerSecond, warmUpCap } from '../../functions/core/send-quota.js';

const NOW = '2026-03-10T12:00:00.000Z';
const reading = (over: Partial<QuotaReading> = {}): QuotaReading => ({
  readAt: NOW,
  max24HourSend: 200,
  maxSendRate: 1,
  sentLast24Hours: 0,
  ownSentLast24Hours: 0,
  firstSendAt: null,
  ...over,
});

describe('send quota', () => {
  it('lets one sender use the whole room left in the quota, and not one more', () => {
    expect(sendAllowance(reading({ sentLast24Hours: 150 }), 49, NOW, { senders: 1, warmUp: [] })).toEqual({
      kind: 'send',
    });
    expect(sendAllowance(reading({ sentLast24Hours: 150 }), 50, NOW, { senders: 1, warmUp: [] })).toMatchObject({
      kind: 'wait',
      reason: 'quota',
    });
  });

  it('splits the room between concurrent senders so together they stay under it', () => {
    const r = reading({ sentLast24Hours: 101 });
    // 99 left, 3 senders: 33 each.
    expect(sendAllowance(r, 32, NOW, { senders: 3, warmUp: [] }).kind).toBe('send');
    expect(sendAllowance(r, 33, NOW, { senders: 3, warmUp: [] }).kind).toBe('wait');
  });

  it('treats a negative quota as unlimited', () => {
    expect(
      sendAllowance(reading({ max24HourSend: -1, sentLast24Hours: 1e9 }), 1e6, NOW, { senders: 1, warmUp: [] }).kind,
    ).toBe('send');
  });

  it('caps each day of the warm-up by the schedule, counting days from the first send', () => {
    const schedule = [50, 100, 500];
    expect(warmUpCap(schedule, null, NOW)).toBe(50);
    expect(warmUpCap(schedule, '2026-03-09T12:00:00.000Z', NOW)).toBe(100);
    expect(warmUpCap(schedule, '2026-03-01T00:00:00.000Z', NOW)).toBeNull();
    const r = reading({ max24HourSend: 50_000, ownSentLast24Hours: 90, firstSendAt: '2026-03-09T11:00:00.000Z' });
    expect(sendAllowance(r, 9, NOW, { senders: 1, warmUp: schedule }).kind).toBe('send');
    expect(sendAllowance(r, 10, NOW, { senders: 1, warmUp: schedule })).toEqual({
      kind: 'wait',
      reason: 'warm-up',
      cap: 100,
    });
  });

  it('keeps each sender under its share of the SES maximum rate', () => {
    expect(sendRatePerSecond(reading({ maxSendRate: 14 }), 5, 2)).toBe(5);
    expect(sendRatePerSecond(reading({ maxSendRate: 1 }), 5, 2)).toBe(0.5);
    expect(sendRatePerSecond(null, 5, 2)).toBe(5);
  });
});
