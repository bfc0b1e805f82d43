// Unsubscribe λ behind a Lambda function URL: GET `?t=<token>` and POST (the page's forms, or a mail
// client's RFC 8058 one-click, url-encoded or multipart) go to the unsubscribe use case
// (functions/app/unsubscribe.ts), whose page comes back with the headers below; any other method
// gets the neutral refusal and a 405.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
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

export function createUnsubscribeHandler(
  deps: UnsubscribeDeps,
): (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2> {
  const unsubscribe = createUnsubscribe(deps);
  return async (event) => {
    const method = event.requestContext.http.method.toUpperCase();
    if (method !== 'GET' && method !== 'POST') return respond(405, refusedPage(), { allow: 'GET, POST' });
    const form = method === 'POST' ? formBody(event) : null;
    const token = event.queryStringParameters?.t ?? form?.get('t') ?? '';
    const page = await unsubscribe(form === null ? { method: 'GET', token } : { method: 'POST', token, form });
    return respond(page.status, page.html);
  };
}

export const handler = lambdaEntry(() => createUnsubscribeHandler(unsubscribeDepsFromEnv()));
