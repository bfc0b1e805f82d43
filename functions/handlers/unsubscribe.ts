// Unsubscribe λ behind a Lambda function URL. GET `?t=<token>` shows a confirm page in the contact's
// locale (GET never changes anything: mail scanners follow links) offering to stop all automated
// email or only the promotional kind (webinars, success stories). A POST with the body
// `List-Unsubscribe=One-Click` (url-encoded or multipart) is a mail client's RFC 8058 one-click
// unsubscribe and always stops everything; any other POST is the page's form. The opt-out itself is
// the use case in functions/app/opt-out.ts (each goes into the compliance record once, with its channel). A bad, expired or forged token gets the same neutral 400 page whatever the
// reason. Every response carries HSTS and the other headers of unsubscribe-page.ts.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { UnsubscribeTokens } from '../adapters/unsubscribe-token.js';
import { createOptOut, type OptOutDeps } from '../app/opt-out.js';
import type { OptOutChannel } from '../core/compliance-record.js';
import type { Locale } from '../core/events.js';
import type { OptOutScope } from '../core/opt-out.js';
import type { AccountState } from '../core/state.js';
import { formBody } from './form-body.js';
import type { HandlerLogger } from './logger.js';
import { confirmPage, donePage, PAGE_FIELD, PAGE_HEADERS, refusedPage, SCOPE_FIELD } from './unsubscribe-page.js';
import { lambdaEntry, unsubscribeDepsFromEnv } from './wiring.js';

export interface UnsubscribeDeps extends OptOutDeps {
  readonly tokens: UnsubscribeTokens;
  readonly clock: () => string;
  readonly logger: HandlerLogger;
}

function respond(
  statusCode: number,
  body: string,
  extra: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { ...PAGE_HEADERS, ...extra }, body };
}

export function createUnsubscribeHandler(
  deps: UnsubscribeDeps,
): (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2> {
  const { tokens, store, logger } = deps;
  const optOut = createOptOut(deps);

  function localeOf(state: AccountState | null, contactId: string): Locale {
    return state?.contacts[contactId]?.locale ?? state?.profile?.locale ?? 'en';
  }

  /** The person's choice from the POST body: RFC 8058 one-click stops everything; the page's forms say what to stop. */
  function choiceOf(body: URLSearchParams | null): { scope: OptOutScope; channel: OptOutChannel } {
    // One-click is only what RFC 8058 defines: the body `List-Unsubscribe=One-Click`. A page of an
    // earlier release sent it from its stop-all form too, marked with `via=page`: that is the page.
    const fromPage = body?.get(PAGE_FIELD.name) === PAGE_FIELD.value;
    if (body?.get('List-Unsubscribe') === 'One-Click' && !fromPage) return { scope: 'all', channel: 'one-click' };
    const promotional = body?.get(SCOPE_FIELD.name) === SCOPE_FIELD.promotional && deps.topics !== undefined;
    return { scope: promotional ? 'promotional' : 'all', channel: 'unsubscribe-page' };
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
    const state = await store.load(accountId);
    const locale = localeOf(state, contactId);
    if (method === 'GET') return respond(200, confirmPage(locale, token, { offerTopics: deps.topics !== undefined }));
    const choice = choiceOf(body);
    const recorded = await optOut(accountId, contactId, state?.contacts[contactId], choice, now);
    logger.info(recorded ? 'contact unsubscribed' : 'contact already unsubscribed', {
      accountId,
      scope: choice.scope,
      channel: choice.channel,
      keyId: check.keyId,
    });
    return respond(200, donePage(locale, choice.scope === 'promotional' ? 'promotional' : 'all'));
  };
}

export const handler = lambdaEntry(() => createUnsubscribeHandler(unsubscribeDepsFromEnv()));
