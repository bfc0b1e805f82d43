// Exponential backoff with full jitter (each wait uniform in [0, min(cap, base·2^attempt)]), the
// scheme AWS recommends so that many throttled callers do not retry in lockstep.
// https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface BackoffOptions {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly sleep: Sleep;
  /** Uniform in [0, 1); injectable so tests see exact waits. */
  readonly random: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  maxAttempts: 6,
  baseDelayMs: 50,
  maxDelayMs: 5_000,
  sleep: realSleep,
  random: Math.random,
};

export function backoffDelayMs(
  attempt: number,
  options: Pick<BackoffOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'>,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.floor(options.random() * ceiling);
}

export function withBackoffDefaults(options: Partial<BackoffOptions> | undefined): BackoffOptions {
  return { ...DEFAULT_BACKOFF, ...options };
}

/**
 * Runs `attempt` until it succeeds, `isRetryable` says no, or attempts run out; the last error is
 * rethrown as is, so callers map it to their own named error.
 */
export async function retryWithBackoff<T>(
  attempt: (attemptIndex: number) => Promise<T>,
  isRetryable: (error: unknown) => boolean,
  options: BackoffOptions,
): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt(i);
    } catch (error) {
      if (i + 1 >= options.maxAttempts || !isRetryable(error)) throw error;
      await options.sleep(backoffDelayMs(i, options));
    }
  }
}
