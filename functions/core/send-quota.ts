// The SES account's quota and rate, and an optional warm-up schedule for a new sending domain:
// how many emails one sender may still send before it reads the quota again. SES counts the quota
// by recipient over a rolling 24 hours, per account (all of the company's mail through it), and the
// rate per second. Every teichaku email has one recipient, so one email is one unit.
import { z } from 'zod';
import { DAY_MS, toMs } from './time.js';

/** Daily caps by day since the first send: `[50, 100, 250]` sends at most 50 in the first 24 h, ... */
export const WarmUpSchedule = z.array(z.number().int().min(1).max(10_000_000)).max(365);
export type WarmUpSchedule = z.infer<typeof WarmUpSchedule>;

export interface QuotaReading {
  readonly readAt: string;
  /** SES `Max24HourSend`; negative means unlimited. */
  readonly max24HourSend: number;
  /** SES `MaxSendRate` (emails per second). */
  readonly maxSendRate: number;
  /** SES `SentLast24Hours`: the whole account's, teichaku's and the company's other mail. */
  readonly sentLast24Hours: number;
  /** This deployment's own sends in the last 24 h (its configuration set), for the warm-up cap. */
  readonly ownSentLast24Hours: number;
  /** This deployment's first send, when it has sent. */
  readonly firstSendAt: string | null;
}

export type Allowance =
  | { readonly kind: 'send' }
  | { readonly kind: 'wait'; readonly reason: 'quota' | 'warm-up'; readonly cap: number };

/** The warm-up cap in force at `now`, or null when the schedule is over (or there is none). */
export function warmUpCap(schedule: WarmUpSchedule, firstSendAt: string | null, now: string): number | null {
  if (schedule.length === 0) return null;
  const day = firstSendAt === null ? 0 : Math.max(0, Math.floor((toMs(now) - toMs(firstSendAt)) / DAY_MS));
  return schedule[day] ?? null;
}

/**
 * Whether one more email may go now, given what this sender sent since the reading. The room left
 * is shared evenly by `senders` running at once, so together they never pass the quota even if
 * none reads it again before the room is used up.
 */
export function sendAllowance(
  reading: QuotaReading,
  sentSinceReading: number,
  now: string,
  options: { readonly senders: number; readonly warmUp: WarmUpSchedule },
): Allowance {
  const senders = Math.max(1, options.senders);
  if (reading.max24HourSend >= 0) {
    const share = Math.floor(Math.max(0, reading.max24HourSend - reading.sentLast24Hours) / senders);
    if (sentSinceReading >= share) return { kind: 'wait', reason: 'quota', cap: reading.max24HourSend };
  }
  const cap = warmUpCap(options.warmUp, reading.firstSendAt, now);
  if (cap !== null) {
    const share = Math.floor(Math.max(0, cap - reading.ownSentLast24Hours) / senders);
    if (sentSinceReading >= share) return { kind: 'wait', reason: 'warm-up', cap };
  }
  return { kind: 'send' };
}

/** Emails per second one of `senders` may send: the configured rate, never over its share of SES's. */
export function sendRatePerSecond(reading: QuotaReading | null, configured: number, senders: number): number {
  if (reading === null || !(reading.maxSendRate > 0)) return configured;
  return Math.min(configured, reading.maxSendRate / Math.max(1, senders));
}
