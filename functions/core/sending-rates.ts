// Our own bounce and complaint rates, per configuration set, from the SES events the engagement
// function sees. Counted per hour; two windows are read: the last 24 hours, and the last N sends
// (a low-volume sender's 24 hours say little). A rate is acted on only over a minimum volume.
// SES puts an account under review at 5 % bounces or 0.1 % complaints; the defaults pause before.
import { z } from 'zod';
import { HOUR_MS, toIso, toMs } from './time.js';

export const GuardrailThresholds = z.strictObject({
  /** Pause at this bounce rate or above (0.04 = 4 %; SES reviews an account at 5 %). */
  bounceRate: z.number().gt(0).max(1).default(0.04),
  /** Pause at this complaint rate or above (0.0008 = 0.08 %; SES reviews at 0.1 %, Gmail wants < 0.1 %). */
  complaintRate: z.number().gt(0).max(1).default(0.0008),
  /** The time window, in hours. */
  windowHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24),
  /** The volume window: the most recent this many sends. */
  lastSends: z.number().int().min(1).max(1_000_000).default(2_500),
  /** A window with fewer sends than this is reported, never acted on. */
  minSends: z.number().int().min(1).max(1_000_000).default(500),
});
export type GuardrailThresholds = z.infer<typeof GuardrailThresholds>;

export const DEFAULT_GUARDRAIL_THRESHOLDS: GuardrailThresholds = GuardrailThresholds.parse({});

/** Hours of counts kept: enough for the volume window of a sender of a few hundred emails a week. */
export const RATE_HISTORY_DAYS = 30;

export const SENDING_OUTCOMES = ['send', 'bounce', 'complaint'] as const;
export type SendingOutcome = (typeof SENDING_OUTCOMES)[number];

/** One hour's counts; `hour` is the hour's start (UTC ISO). */
export interface HourCounts {
  readonly hour: string;
  readonly sends: number;
  readonly bounces: number;
  readonly complaints: number;
}

export type RateWindowName = 'hours' | 'sends';

export interface WindowRates {
  readonly window: RateWindowName;
  /** The oldest hour counted (null when nothing was). */
  readonly from: string | null;
  readonly sends: number;
  readonly bounces: number;
  readonly complaints: number;
  /** Null when no sends were counted. */
  readonly bounceRate: number | null;
  readonly complaintRate: number | null;
  /** Whether the window holds the minimum volume, so its rates count. */
  readonly enoughVolume: boolean;
}

export interface RateBreach {
  readonly metric: 'bounce' | 'complaint';
  readonly window: RateWindowName;
  readonly rate: number;
  readonly threshold: number;
  readonly sends: number;
  readonly count: number;
}

export interface RateAssessment {
  readonly at: string;
  readonly windows: readonly WindowRates[];
  /** The first threshold crossed (complaints before bounces: the graver signal), or null. */
  readonly breach: RateBreach | null;
}

export function hourOf(at: string): string {
  return toIso(Math.floor(toMs(at) / HOUR_MS) * HOUR_MS);
}

function windowOf(name: RateWindowName, hours: readonly HourCounts[], minSends: number): WindowRates {
  let sends = 0;
  let bounces = 0;
  let complaints = 0;
  for (const h of hours) {
    sends += h.sends;
    bounces += h.bounces;
    complaints += h.complaints;
  }
  return {
    window: name,
    from: hours.length === 0 ? null : (hours[hours.length - 1] as HourCounts).hour,
    sends,
    bounces,
    complaints,
    bounceRate: sends === 0 ? null : bounces / sends,
    complaintRate: sends === 0 ? null : complaints / sends,
    enoughVolume: sends >= minSends,
  };
}

/**
 * The rates of both windows at `now`. Bounces and complaints of hours before `since` (the last
 * resume) are not counted: a person who resumed has judged them, and SES's own alarms keep the long
 * view. Their sends still count, so the windows keep their volume and a new complaint right after a
 * resume is weighed at once, not after another minimum volume.
 */
export function assessRates(
  counts: readonly HourCounts[],
  now: string,
  thresholds: GuardrailThresholds,
  since: string | null = null,
): RateAssessment {
  const nowHour = hourOf(now);
  const fromHour = toIso(toMs(nowHour) - (thresholds.windowHours - 1) * HOUR_MS);
  // Newest first: the volume window grows back from now.
  const usable = counts
    .filter((h) => h.hour <= nowHour)
    .map((h) => (since !== null && h.hour < since ? { ...h, bounces: 0, complaints: 0 } : h))
    .sort((a, b) => (a.hour < b.hour ? 1 : a.hour > b.hour ? -1 : 0));
  const recent = usable.filter((h) => h.hour >= fromHour);
  const lastSends: HourCounts[] = [];
  let sends = 0;
  for (const h of usable) {
    if (sends >= thresholds.lastSends) break;
    lastSends.push(h);
    sends += h.sends;
  }
  const windows = [windowOf('hours', recent, thresholds.minSends), windowOf('sends', lastSends, thresholds.minSends)];
  return { at: now, windows, breach: breachOf(windows, thresholds) };
}

function breachOf(windows: readonly WindowRates[], thresholds: GuardrailThresholds): RateBreach | null {
  for (const metric of ['complaint', 'bounce'] as const) {
    for (const w of windows) {
      if (!w.enoughVolume) continue;
      const rate = metric === 'complaint' ? w.complaintRate : w.bounceRate;
      const threshold = metric === 'complaint' ? thresholds.complaintRate : thresholds.bounceRate;
      if (rate !== null && rate >= threshold) {
        return {
          metric,
          window: w.window,
          rate,
          threshold,
          sends: w.sends,
          count: metric === 'complaint' ? w.complaints : w.bounces,
        };
      }
    }
  }
  return null;
}

/** A rate as a person reads it: `0.12 %`. */
export function percent(rate: number | null): string {
  if (rate === null) return 'n/a';
  const p = rate * 100;
  return `${p >= 1 ? p.toFixed(1) : p.toFixed(2)} %`;
}
