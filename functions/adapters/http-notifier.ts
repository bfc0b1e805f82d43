// A SignalPublisher that delivers notifications over HTTP the way the deployment's API destinations
// do: Slack gets `{channel, text, blocks}` (the Slack rule's input transformer), a Teams workflow
// gets the card (the Teams rule's input path). At a bounded rate (a token bucket, as the
// ApiDestination's `rateLimitPerSecond`), retrying 429 and 5xx answers with backoff (honouring
// `Retry-After`), as EventBridge retries a target. `npm start` points it at the local receiver.
import { TeichakuError } from '../core/errors.js';
import {
  NO_NOTIFICATION_SETTINGS,
  type Notification,
  type NotificationSettings,
  notificationOf,
} from '../core/notifications.js';
import type { SignalPublisher } from '../core/ports.js';
import type { Programs } from '../core/programs.js';
import { type BackoffOptions, retryWithBackoff, withBackoffDefaults } from './backoff.js';
import { createTokenBucket, type RateLimiter } from './rate-limiter.js';

/** The body the Slack rule's input transformer makes of a notification. */
export function slackBody(notification: Notification, channel: string) {
  return { channel, text: notification.text, blocks: notification.slackBlocks };
}

/** The body the Teams rule sends: the card, as it is. */
export function teamsBody(notification: Notification) {
  return notification.teams;
}

export interface HttpNotifierOptions {
  /** Slack's chat.postMessage (or a stand-in) and the channel to post in. */
  readonly slack?: { readonly url: string; readonly channel: string; readonly token: string };
  /** A Teams workflow webhook (or a stand-in). */
  readonly teams?: { readonly url: string };
  readonly settings?: NotificationSettings;
  /** The programs, whose plays the notifications name (none without them). */
  readonly programs?: Programs;
  /** Requests per second to each destination. */
  readonly ratePerSecond: number;
  readonly backoff?: Partial<BackoffOptions>;
  /** For tests: the bucket's clock and sleep. */
  readonly limiter?: (ratePerSecond: number) => RateLimiter;
  readonly fetch?: typeof fetch;
}

/** A destination kept answering an error after every retry (or answered one that retrying cannot fix). */
export class NotificationDeliveryError extends TeichakuError {
  readonly code = 'NOTIFICATION_DELIVERY';
  override readonly name = 'NotificationDeliveryError';
  constructor(
    readonly destination: 'slack' | 'teams',
    readonly status: number,
  ) {
    super(
      `${destination} answered HTTP ${status} to a notification after retries; check the destination's URL and credential`,
    );
  }
}

class RetryableStatus extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs: number | null,
  ) {
    super(`HTTP ${status}`);
  }
}

function retryAfterMs(header: string | null): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 60) * 1000 : null;
}

export function createHttpNotifier(options: HttpNotifierOptions): SignalPublisher {
  const backoff = withBackoffDefaults(options.backoff);
  const send = options.fetch ?? fetch;
  const limiterOf = options.limiter ?? ((rate: number) => createTokenBucket({ ratePerSecond: rate, capacity: 1 }));
  const limiters = { slack: limiterOf(options.ratePerSecond), teams: limiterOf(options.ratePerSecond) };

  async function post(
    destination: 'slack' | 'teams',
    url: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<void> {
    await retryWithBackoff(
      async () => {
        await limiters[destination].take();
        const response = await send(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
          body: JSON.stringify(body),
        });
        await response.arrayBuffer();
        if (response.ok) return;
        if (response.status === 429 || response.status >= 500) {
          const wait = retryAfterMs(response.headers.get('retry-after'));
          // A Retry-After is the destination's own word on when to come back: wait it out first.
          if (wait !== null) await backoff.sleep(wait);
          throw new RetryableStatus(response.status, wait);
        }
        throw new NotificationDeliveryError(destination, response.status);
      },
      (error) => error instanceof RetryableStatus,
      backoff,
    ).catch((error: unknown) => {
      if (error instanceof RetryableStatus) throw new NotificationDeliveryError(destination, error.status);
      throw error;
    });
  }

  return {
    async publish(signals, account) {
      for (const signal of signals) {
        const notification = notificationOf(
          signal,
          account ?? null,
          options.settings ?? NO_NOTIFICATION_SETTINGS,
          options.programs,
        );
        if (notification === null) continue;
        if (options.slack !== undefined)
          await post('slack', options.slack.url, slackBody(notification, options.slack.channel), {
            authorization: `Bearer ${options.slack.token}`,
          });
        if (options.teams !== undefined) await post('teams', options.teams.url, teamsBody(notification), {});
      }
    },
  };
}
