// A rate limiter whose rate may change while it runs (the SES maximum rate, read every few minutes):
// a token bucket at the current rate, made again when the rate changes.
import { createTokenBucket, type RateLimiter, type TokenBucketOptions } from './rate-limiter.js';

export function createAdaptiveLimiter(
  rate: () => number,
  options: Omit<TokenBucketOptions, 'ratePerSecond'> = {},
): RateLimiter {
  let current = rate();
  let bucket = createTokenBucket({ ...options, ratePerSecond: current });
  return {
    take() {
      const next = rate();
      if (next !== current) {
        current = next;
        bucket = createTokenBucket({ ...options, ratePerSecond: next });
      }
      return bucket.take();
    },
  };
}
