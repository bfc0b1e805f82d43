// Unsubscribe λ behind a Lambda function URL. GET `?t=<token>` shows a confirm page in the contact's
// locale (GET never changes anything: mail scanners follow links) offering to stop all automated
// email or only the promotional kind (webinars, success stories); POST is the RFC 8058 one-click
// unsubscribe (`List-Unsubscribe=One-Click`), which always stops everything, also what the page's
// stop-all form sends. Each opt-out goes into the compliance record with its channel. A bad, expired
// or forged token gets the same neutral 400 page whatever the reason.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Locale } from '../core/events.js';
import type { AccountStore, ComplianceLog, SuppressionRecorder, TopicOptOutRecorder } from '../core/ports.js';
import type { UnsubscribeTokens } from '../adapters/unsubscribe-token.js';
import type { HandlerLogger } from './logger.js';
import { PAGE_FIELD, PAGE_HEADERS, SCOPE_FIELD, confirmPage, donePage, refusedPage } from './unsubscribe-page.js';
import { lambdaEntry, unsubscribeDepsFromEnv } from './wiring.js';

export interface UnsubscribeDeps {
  readonly tokens: UnsubscribeTokens;
  readonly store: AccountStore;
  readonly suppressions: SuppressionRecorder;
  readonly clock: () => string;
  readonly logger: HandlerLogger;
  /** Offers and records the promotional-only opt-out; without it the page offers stop-all alone. */
  readonly topics?: TopicOptOutRecorder;
  /** Where each opt-out is recorded with its time and channel. */
  readonly compliance?: ComplianceLog;
}

const MAX_BODY_BYTES = 4096;

function respond(statusCode: number, body: string, extra: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { ...PAGE_HEADERS, ...extra }, body };
}

function formBody(event: APIGatewayProxyEventV2): URLSearchParams {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  return new URLSearchParams(text.length > MAX_BODY_BYTES ? '' : text);
}

export function createUnsubscribeHandler(deps: UnsubscribeDeps): (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2> {
  const { tokens, store, suppressions, logger } = deps;

  async function localeOf(accountId: string, contactId: string): Promise<Locale> {
    const state = await store.load(accountId);
    return state?.contacts[contactId]?.locale ?? state?.profile?.locale ?? 'en';
  }

  return async (event) => {
    const method = event.requestContext.http.method.toUpperCase();
    if (method !== 'GET' && method !== 'POST') return respond(405, refusedPage(), { allow: 'GET, POST' });
    const body = method === 'POST' ? formBody(event) : null;
    const token = event.queryStringParameters?.t ?? body?.get('t') ?? '';
    const now = deps.clock();
    const check = await tokens.verify(token, now);
    if (check.kind === 'refused') {
      logger.warn('unsubscribe token refused', { reason: check.reason, method });
      return respond(400, refusedPage());
    }
    const { accountId, contactId } = check.claim;
    const locale = await localeOf(accountId, contactId);
    if (method === 'GET') return respond(200, confirmPage(locale, token, { offerTopics: deps.topics !== undefined }));
    // Either a mail client's one-click POST or our form: both carry the token, which is what counts.
    // One-click always means everything (RFC 8058); only the page's topic form, without it, narrows.
    const oneClick = body?.get('List-Unsubscribe') === 'One-Click';
    const scope = !oneClick && body?.get(SCOPE_FIELD.name) === SCOPE_FIELD.promotional && deps.topics !== undefined ? 'promotional' : 'all';
    const channel = body?.get(PAGE_FIELD.name) === PAGE_FIELD.value ? 'unsubscribe-page' : 'one-click';
    // Recorded first: an opt-out that took effect is always on the record (a retry adds nothing).
    await deps.compliance?.append([{ kind: 'opt-out', accountId, contactId, at: now, scope, channel }]);
    if (scope === 'promotional') await deps.topics?.optOut(accountId, contactId, 'promotional', now);
    else await suppressions.suppress(accountId, contactId, 'unsubscribed', now);
    logger.info('contact unsubscribed', { accountId, oneClick, scope, channel });
    return respond(200, donePage(locale, scope));
  };
}

export const handler = lambdaEntry(() => createUnsubscribeHandler(unsubscribeDepsFromEnv()));
