// The sender's gate before each job: is sending paused, and is there room in the SES quota (and the
// warm-up cap)? The pause is read from the table for every job, so a pause stops the very next one;
// the quota is read from SES at the first job and then every few minutes, with this container's own
// sends counted in between.
import { MAX_DEFER_SEC as MAX_DELAY_SEC, type SendingGuardStore, type SendQuotaSource } from '../core/ports.js';
import { type QuotaReading, sendAllowance, sendRatePerSecond, type WarmUpSchedule } from '../core/send-quota.js';
import { pauseSending, type SendingPause } from '../core/sending-guard.js';
import { hourOf } from '../core/sending-rates.js';
import { HOUR_MS, toIso, toMs } from '../core/time.js';

export type GateDecision =
  | { readonly kind: 'send' }
  | { readonly kind: 'wait'; readonly reason: 'paused' | 'quota' | 'warm-up'; readonly delaySec: number };

export interface SendGate {
  check(now: string): Promise<GateDecision>;
  /** One email left (SES accepted it). */
  sent(): void;
  /** SES refused to send at all: sending is paused there. Records the pause; returns it when it is new. */
  sesRefused(sesError: string, now: string): Promise<SendingPause | null>;
  /** The rate this sender may send at now. */
  ratePerSecond(): number;
}

export interface SendGateOptions {
  readonly guard: SendingGuardStore;
  /** The SES quota; null where there is none to keep (a local replay without a quota). */
  readonly quota: SendQuotaSource | null;
  /** Senders that may run at once (each keeps its share of the quota and rate). */
  readonly senders: number;
  readonly warmUp: WarmUpSchedule;
  /** The configured rate of this sender, per second. */
  readonly ratePerSecond: number;
  /** How often the quota is read again (default 300 s). */
  readonly refreshSec?: number;
}

export const DEFAULT_QUOTA_REFRESH_SEC = 300;

export function createSendGate(options: SendGateOptions): SendGate {
  const refreshMs = (options.refreshSec ?? DEFAULT_QUOTA_REFRESH_SEC) * 1000;
  let reading: QuotaReading | null = null;
  let sentSinceReading = 0;

  async function read(now: string): Promise<QuotaReading> {
    const [account, counts, state] = await Promise.all([
      options.quota?.read() ?? Promise.resolve({ max24HourSend: -1, maxSendRate: 0, sentLast24Hours: 0 }),
      options.guard.readCounts(hourOf(toIso(toMs(now) - 23 * HOUR_MS))),
      options.guard.load(),
    ]);
    sentSinceReading = 0;
    return {
      readAt: now,
      ...account,
      ownSentLast24Hours: counts.reduce((n, h) => n + h.sends, 0),
      firstSendAt: state.firstSendAt,
    };
  }

  return {
    async check(now) {
      const state = await options.guard.load();
      if (state.status === 'paused') return { kind: 'wait', reason: 'paused', delaySec: MAX_DELAY_SEC };
      if (options.quota === null && options.warmUp.length === 0) return { kind: 'send' };
      if (reading === null || toMs(now) - toMs(reading.readAt) >= refreshMs) reading = await read(now);
      const allowance = sendAllowance(reading, sentSinceReading, now, {
        senders: options.senders,
        warmUp: options.warmUp,
      });
      if (allowance.kind === 'send') return allowance;
      // The room comes back as sends age out of the rolling 24 hours: look again at the next reading.
      return {
        kind: 'wait',
        reason: allowance.reason,
        delaySec: Math.min(MAX_DELAY_SEC, Math.max(60, refreshMs / 1000)),
      };
    },
    sent() {
      sentSinceReading += 1;
    },
    async sesRefused(sesError, now) {
      const pause: SendingPause = { pausedAt: now, cause: { kind: 'ses-refused', sesError } };
      const written = await options.guard.update((current) => pauseSending(current, pause));
      return written === null ? null : pause;
    },
    ratePerSecond() {
      return sendRatePerSecond(reading, options.ratePerSecond, options.senders);
    },
  };
}
