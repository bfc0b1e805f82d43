// Unsubscribe through the signed link of an email. A GET shows the confirm page in the contact's
// locale and changes nothing (mail scanners follow links); it offers to stop all automated email or,
// where topics are recorded, only the promotional kind (webinars, success stories) or only surveys. A POST is either a
// mail client's RFC 8058 one-click (the body `List-Unsubscribe=One-Click`), which always stops
// everything, or the page's own form. The opt-out itself is app/opt-out.ts (each goes into the
// compliance record once, with its channel). A bad, expired or forged token gets the same neutral
// page whatever the reason.
import type { OptOutChannel } from '../core/compliance-record.js';
import type { Locale } from '../core/events.js';
import type { OptOutScope } from '../core/opt-out.js';
import type { Logger, UnsubscribeTokenVerifier } from '../core/ports.js';
import type { AccountState } from '../core/state.js';
import { createOptOut, type OptOutDeps } from './opt-out.js';
import { confirmPage, donePage, PAGE_FIELD, refusedPage, SCOPE_FIELD } from './unsubscribe-page.js';

export interface UnsubscribeDeps extends OptOutDeps {
  readonly tokens: UnsubscribeTokenVerifier;
  readonly clock: () => string;
  readonly logger: Logger;
}

/** A request of the link or of the page: the token, and for a POST its form fields. */
export type UnsubscribeRequest =
  | { readonly method: 'GET'; readonly token: string }
  | { readonly method: 'POST'; readonly token: string; readonly form: URLSearchParams };

/** The page to answer with: 400 for a refused token, else 200. */
export interface UnsubscribePage {
  readonly status: 200 | 400;
  readonly html: string;
}

function localeOf(state: AccountState | null, contactId: string): Locale {
  return state?.contacts[contactId]?.locale ?? state?.profile?.locale ?? 'en';
}

/** The person's choice from the POST body: RFC 8058 one-click stops everything; the page's forms say what to stop. */
function choiceOf(form: URLSearchParams, offerTopics: boolean): { scope: OptOutScope; channel: OptOutChannel } {
  // One-click is only what RFC 8058 defines: the body `List-Unsubscribe=One-Click`. A page of an
  // earlier release sent it from its stop-all form too, marked with `via=page`: that is the page.
  const fromPage = form.get(PAGE_FIELD.name) === PAGE_FIELD.value;
  if (form.get('List-Unsubscribe') === 'One-Click' && !fromPage) return { scope: 'all', channel: 'one-click' };
  return { scope: offerTopics ? topicOf(form.get(SCOPE_FIELD.name)) : 'all', channel: 'unsubscribe-page' };
}

/** The topic a page form names; anything else (no field, an unknown value) is the stop-all form. */
function topicOf(field: string | null): OptOutScope {
  if (field === SCOPE_FIELD.promotional) return 'promotional';
  if (field === SCOPE_FIELD.survey) return 'survey';
  return 'all';
}

export function createUnsubscribe(deps: UnsubscribeDeps): (request: UnsubscribeRequest) => Promise<UnsubscribePage> {
  const { tokens, store, logger } = deps;
  const optOut = createOptOut(deps);
  const offerTopics = deps.topics !== undefined;
  return async (request) => {
    const now = deps.clock();
    const check = await tokens.verify(request.token, now);
    if (check.kind === 'refused') {
      logger.warn('unsubscribe token refused', { reason: check.reason, method: request.method });
      return { status: 400, html: refusedPage() };
    }
    const { accountId, contactId } = check.claim;
    const state = await store.load(accountId);
    const locale = localeOf(state, contactId);
    if (request.method === 'GET') return { status: 200, html: confirmPage(locale, request.token, { offerTopics }) };
    const choice = choiceOf(request.form, offerTopics);
    const recorded = await optOut(accountId, contactId, state?.contacts[contactId], choice, now);
    logger.info(recorded ? 'contact unsubscribed' : 'contact already unsubscribed', {
      accountId,
      scope: choice.scope,
      channel: choice.channel,
      keyId: check.keyId,
    });
    return { status: 200, html: donePage(locale, choice.scope) };
  };
}
