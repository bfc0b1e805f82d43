// A token bucket: on average `ratePerSecond` takes per second, with bursts of at most one second's
// worth. Keeps one container under the SES account's maximum send rate.
import { realSleep, type Sleep } from './backoff.js';

export interface RateLimiter {
  /** Resolves when the caller may make one call. Concurrent callers are served in order. */
  take(): Promise<void>;
}

export interface TokenBucketOptions {
  readonly ratePerSecond: number;
  /** Tokens the bucket holds at most; default one second's worth (at least 1). */
  readonly capacity?: number;
  readonly nowMs?: () => number;
  readonly sleep?: Sleep;
}

export function createTokenBucket(options: TokenBucketOptions): RateLimiter {
  const { ratePerSecond } = options;
  if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond))
    throw new Error(`send rate must be a positive number per second, got ${ratePerSecond}`);
  const capacity = options.capacity ?? Math.max(1, ratePerSecond);
  const nowMs = options.nowMs ?? (() => performance.now());
  const sleep = options.sleep ?? realSleep;
  let tokens = capacity;
  let refilledAt = nowMs();
  let queue: Promise<void> = Promise.resolve();

  function refill(): void {
    const now = nowMs();
    tokens = Math.min(capacity, tokens + ((now - refilledAt) / 1000) * ratePerSecond);
    refilledAt = now;
  }

  async function takeOne(): Promise<void> {
    refill();
    while (tokens < 1) {
      await sleep(Math.ceil(((1 - tokens) / ratePerSecond) * 1000));
      refill();
    }
    tokens -= 1;
  }

  return {
    take() {
      const turn = queue.then(takeOne);
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}
