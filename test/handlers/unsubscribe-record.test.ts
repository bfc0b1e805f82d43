// The unsubscribe function's HTTP side: the one-click body in either encoding RFC 8058 allows, and
// HSTS on every response it gives (what an opt-out records: test/app/unsubscribe.test.ts).
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { ComplianceLog } from '../../functions/core/ports.js';
import { createUnsubscribeHandler } from '../../functions/handlers/unsubscribe.js';
import { unsubscribeWorld } from '../app/worlds.js';

const T1 = '2026-02-02T00:00:00.000Z';
const T2 = '2026-02-02T00:00:05.000Z';
const HSTS = 'max-age=63072000; includeSubDomains';
const ONE_CLICK = 'List-Unsubscribe=One-Click';

function request(method: string, token: string, body?: string): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: `t=${token}`,
    headers: {},
    queryStringParameters: { t: token },
    requestContext: {
      http: { method, path: '/', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
    } as APIGatewayProxyEventV2['requestContext'],
    isBase64Encoded: false,
    ...(body === undefined ? {} : { body }),
  };
}

async function world(options: { compliance?: ComplianceLog } = {}) {
  const w = await unsubscribeWorld({ ...options, now: T1 });
  const handler = createUnsubscribeHandler(w.deps);
  const post = (body: string | undefined, at: string) => {
    w.setNow(at);
    return handler(request('POST', w.token, body));
  };
  return { ...w, handler, post };
}

describe('the one-click body as multipart/form-data, which RFC 8058 says a mail client should send', () => {
  const boundary = '----teichaku0123';
  const multipart = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n--${boundary}--\r\n`;

  it.each([
    ['List-Unsubscribe', 'One-Click', 'one-click'],
    ['List-Unsubscribe', 'Something-Else', 'unsubscribe-page'],
    ['via', 'page', 'unsubscribe-page'],
  ])('records %s=%s as %s', async (name, value, channel) => {
    const { log, handler, token } = await world();
    const event = request('POST', token, Buffer.from(multipart(name, value)).toString('base64'));
    const response = await handler({
      ...event,
      isBase64Encoded: true,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(response.statusCode).toBe(200);
    expect((await log.list('acc-1')).map((e) => e.channel)).toEqual([channel]);
  });
});

describe('HSTS on the unsubscribe function’s responses', () => {
  it('is on the page, the POSTs, the refusals and the wrong methods', async () => {
    const { handler, token, post } = await world();
    const responses = [
      await handler(request('GET', token)),
      await post(ONE_CLICK, T1),
      await post(ONE_CLICK, T2),
      await handler(request('GET', `${token}x`)),
      await handler(request('POST', 'forged', ONE_CLICK)),
      await handler(request('PUT', token)),
    ];
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200, 400, 400, 405]);
    for (const response of responses) expect(response.headers?.['strict-transport-security']).toBe(HSTS);
  });
});
