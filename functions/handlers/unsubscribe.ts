// Unsubscribe λ behind a Lambda function URL: GET `?t=<token>` and POST (the page's forms, or a mail
// client's RFC 8058 one-click, url-encoded or multipart) go to the unsubscribe use case
// (functions/app/unsubscribe.ts); the same on the path `/survey` goes to the survey use case
// (functions/app/survey.ts). Each page comes back with the headers below; any other method gets the
// neutral refusal and a 405.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createSurvey, type SurveyDeps } from '../app/survey.js';
import { createUnsubscribe, type UnsubscribeDeps } from '../app/unsubscribe.js';
import { refusedPage } from '../app/unsubscribe-page.js';
import { formBody } from './form-body.js';
import { lambdaEntry, unsubscribeDepsFromEnv } from './wiring.js';

export type { UnsubscribeDeps } from '../app/unsubscribe.js';

/**
 * Headers for every page: HTTPS only from the first visit on, never cached (a token is in the URL),
 * never framed, never sniffed, no referrer. HSTS binds the host that sends it and the hosts under it,
 * never a parent: the function URL's own host, or the custom host put in front of it (say
 * `unsubscribe.mail.example.com`, a host of its own as the README asks), so includeSubDomains reaches
 * nothing else of the sender's domain.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

function respond(statusCode: number, body: string, extra: Record<string, string> = {}) {
  return { statusCode, headers: { ...PAGE_HEADERS, ...extra }, body };
}

/** The survey links' path under the function URL (core/email/survey-link.ts builds the links). */
export const SURVEY_PATH = /\/survey\/?$/;

export function createUnsubscribeHandler(
  deps: UnsubscribeDeps & { readonly survey?: SurveyDeps },
): (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2> {
  const unsubscribe = createUnsubscribe(deps);
  const survey = deps.survey === undefined ? null : createSurvey(deps.survey);
  return async (event) => {
    const method = event.requestContext.http.method.toUpperCase();
    if (method !== 'GET' && method !== 'POST') return respond(405, refusedPage(), { allow: 'GET, POST' });
    const form = method === 'POST' ? formBody(event) : null;
    const token = event.queryStringParameters?.t ?? form?.get('t') ?? '';
    const request = form === null ? ({ method: 'GET', token } as const) : ({ method: 'POST', token, form } as const);
    const onSurvey = SURVEY_PATH.test(event.rawPath ?? '');
    if (onSurvey && survey === null) return respond(404, refusedPage());
    const page = onSurvey && survey !== null ? await survey(request) : await unsubscribe(request);
    return respond(page.status, page.html);
  };
}

export const handler = lambdaEntry(() => createUnsubscribeHandler(unsubscribeDepsFromEnv()));
