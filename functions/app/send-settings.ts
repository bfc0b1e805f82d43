// The send use case's timings, named, with their defaults and the reasons for them.
import { DEFAULT_TOKEN_TTL_DAYS, MAX_DEFER_SEC } from '../core/ports.js';

export interface SendSettings {
  /**
   * How long a claim may belong to a sender still at work: the sender function's timeout (infra sets
   * 60 s; Lambda stops an invocation then). An older claim with no outcome was left by one that died.
   * It must stay below the send queue's visibility timeout, after which a dead invocation's job returns.
   */
  readonly claimInFlightSec: number;
  /** How long a job waits when the mail provider refuses all sending: a pause waits for a person, so the longest delay. */
  readonly pausedRetrySec: number;
  /** How long a job waits after the provider kept throttling: a throttle clears in moments. */
  readonly throttledRetrySec: number;
  /** How long the unsubscribe link in an email stays valid. */
  readonly tokenTtlDays: number;
}

/** See SendSettings.claimInFlightSec; infra and its tests hold the function's timeout to it. */
export const CLAIM_IN_FLIGHT_SEC = 60;

export const DEFAULT_SEND_SETTINGS: SendSettings = {
  claimInFlightSec: CLAIM_IN_FLIGHT_SEC,
  pausedRetrySec: MAX_DEFER_SEC,
  throttledRetrySec: 60,
  tokenTtlDays: DEFAULT_TOKEN_TTL_DAYS,
};

export function sendSettings(overrides: Partial<SendSettings> = {}): SendSettings {
  return {
    ...DEFAULT_SEND_SETTINGS,
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
  };
}
