// A CrmRecordPublisher that updates the CRM records over HTTP the way the deployment's API
// destinations do: `PATCH <base><crmId>` with the body the rule's input path picks out (`hubspot`,
// `salesforce` of the change), at a bounded rate per destination (the ApiDestination's
// `rateLimitPerSecond`), retrying 429 and 5xx answers with backoff as EventBridge retries a target.
// `npm start` points it at the local receiver.
import type { CrmRecordChange } from '../core/crm-record.js';
import { TeichakuError } from '../core/errors.js';
import type { CrmRecordPublisher } from '../core/ports.js';
import { type BackoffOptions, retryWithBackoff, withBackoffDefaults } from './backoff.js';
import { createTokenBucket, type RateLimiter } from './rate-limiter.js';

export type CrmDestination = 'hubspot' | 'salesforce';

export interface HttpCrmPublisherOptions {
  /** The record's address up to its id (`…/crm/v3/objects/companies/`), and the private app token. */
  readonly hubspot?: { readonly baseUrl: string; readonly token: string };
  /** The record's address up to its id (`…/sobjects/Account/`), and an access token. */
  readonly salesforce?: { readonly baseUrl: string; readonly token: string };
  /** Requests per second to each destination. */
  readonly ratePerSecond: number;
  readonly backoff?: Partial<BackoffOptions>;
  /** For tests: the bucket's clock and sleep. */
  readonly limiter?: (ratePerSecond: number) => RateLimiter;
  readonly fetch?: typeof fetch;
}

/** A CRM kept answering an error after every retry (or answered one that retrying cannot fix). */
export class CrmDeliveryError extends TeichakuError {
  readonly code = 'CRM_DELIVERY';
  override readonly name = 'CrmDeliveryError';
  constructor(
    readonly destination: CrmDestination,
    readonly status: number,
  ) {
    super(`${destination} answered HTTP ${status} to a record update after retries; check its URL, token and fields`);
  }
}

class RetryableStatus extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

/** The body each destination's rule sends: the part of the change shaped for it. */
export function crmBody(change: CrmRecordChange, destination: CrmDestination): unknown {
  return destination === 'hubspot' ? change.hubspot : change.salesforce;
}

export function createHttpCrmPublisher(options: HttpCrmPublisherOptions): CrmRecordPublisher {
  const backoff = withBackoffDefaults(options.backoff);
  const send = options.fetch ?? fetch;
  const limiterOf = options.limiter ?? ((rate: number) => createTokenBucket({ ratePerSecond: rate, capacity: 1 }));
  const limiters = { hubspot: limiterOf(options.ratePerSecond), salesforce: limiterOf(options.ratePerSecond) };

  async function patch(destination: CrmDestination, url: string, token: string, body: unknown): Promise<void> {
    await retryWithBackoff(
      async () => {
        await limiters[destination].take();
        const response = await send(url, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${token}` },
          body: JSON.stringify(body),
        });
        await response.arrayBuffer();
        if (response.ok) return;
        if (response.status === 429 || response.status >= 500) throw new RetryableStatus(response.status);
        throw new CrmDeliveryError(destination, response.status);
      },
      (error) => error instanceof RetryableStatus,
      backoff,
    ).catch((error: unknown) => {
      if (error instanceof RetryableStatus) throw new CrmDeliveryError(destination, error.status);
      throw error;
    });
  }

  return {
    async publish(change) {
      // The id is an event-contract Id (letters, digits and . _ : @ -); encoded all the same.
      const id = encodeURIComponent(change.crmId);
      for (const destination of ['hubspot', 'salesforce'] as const) {
        const target = options[destination];
        if (target !== undefined)
          await patch(destination, `${target.baseUrl}${id}`, target.token, crmBody(change, destination));
      }
    },
  };
}
