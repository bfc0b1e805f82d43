import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { MemoryAccountStore } from '../../functions/adapters/memory/account-store.js';
import { createUnsubscribeTokens } from '../../functions/adapters/unsubscribe-token.js';
import { createStoreSuppressionRecorder } from '../../functions/app/account-suppression.js';
import { createUnsubscribeHandler } from '../../functions/handlers/unsubscribe.js';
import { anAccount } from '../fixtures/builders.js';
import { fixedClock, recordingLogger } from './helpers.js';

const NOW = '2026-02-02T00:00:00.000Z';
const LATER = '2027-02-02T00:00:00.000Z';
const tokens = createUnsubscribeTokens(async () => 'u'.repeat(40));

function request(
  method: string,
  query: Record<string, string> = {},
  body?: string,
  base64 = false,
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: new URLSearchParams(query).toString(),
    headers: {},
    queryStringParameters: query,
    requestContext: {
      http: { method, path: '/', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
    } as APIGatewayProxyEventV2['requestContext'],
    isBase64Encoded: base64,
    ...(body === undefined ? {} : { body: base64 ? Buffer.from(body).toString('base64') : body }),
  };
}

async function setup() {
  const store = new MemoryAccountStore();
  await store.save(
    anAccount('acc-1')
      .withProfile({ locale: 'en' })
      .withContact('c-ja', { email: 'hanako@example.com', name: 'Hanako Sato', locale: 'ja' })
      .withContact('c-en', { email: 'ann@example.com', name: 'Ann Lee' })
      .state(),
  );
  const logger = recordingLogger();
  const handler = createUnsubscribeHandler({
    tokens,
    store,
    suppressions: createStoreSuppressionRecorder(store),
    clock: fixedClock(NOW),
    logger,
  });
  return { store, logger, handler };
}

describe('unsubscribe handler', () => {
  it('shows a confirm page in the contact’s locale, with a form marked as the page’s own, and changes nothing', async () => {
    const { handler, store } = await setup();
    const token = await tokens.sign('acc-1', 'c-ja', LATER);
    const response = await handler(request('GET', { t: token }));
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    });
    expect(response.body).toContain('<html lang="ja">');
    expect(response.body).toContain('<form method="post"');
    expect(response.body).toContain('<input type="hidden" name="via" value="page">');
    // The page is not a mail client: its form does not send the RFC 8058 one-click body.
    expect(response.body).not.toContain('List-Unsubscribe');
    expect(response.body).not.toContain('Hanako');
    expect((await store.load('acc-1'))?.contacts['c-ja']?.suppressed).toBeNull();
  });

  it('falls back to the account’s locale', async () => {
    const { handler } = await setup();
    const response = await handler(request('GET', { t: await tokens.sign('acc-1', 'c-en', LATER) }));
    expect(response.body).toContain('<html lang="en">');
  });

  it('unsubscribes on the RFC 8058 one-click POST', async () => {
    const { handler, store } = await setup();
    const token = await tokens.sign('acc-1', 'c-en', LATER);
    const response = await handler(request('POST', { t: token }, 'List-Unsubscribe=One-Click', true));
    expect(response.statusCode).toBe(200);
    expect((await store.load('acc-1'))?.contacts['c-en']?.suppressed).toEqual({ reason: 'unsubscribed', at: NOW });
  });

  it('is harmless when repeated', async () => {
    const { handler, store } = await setup();
    const token = await tokens.sign('acc-1', 'c-en', LATER);
    await handler(request('POST', { t: token }, 'List-Unsubscribe=One-Click'));
    const version = (await store.load('acc-1'))?.version;
    const again = await handler(request('POST', { t: token }, 'List-Unsubscribe=One-Click'));
    expect(again.statusCode).toBe(200);
    expect((await store.load('acc-1'))?.version).toBe(version);
  });

  it('answers a tampered, expired, cross-account, missing or unknown-contact token with one neutral page', async () => {
    const { handler, store } = await setup();
    const good = await tokens.sign('acc-1', 'c-en', LATER);
    const [keyId, payload, sig] = good.split('.') as [string, string, string];
    const crossAccount = `${keyId}.${Buffer.from(`acc-2\nc-en\n${Date.parse(LATER) / 1000}`).toString('base64url')}.${sig}`;
    const tampered = `${keyId}.${payload}.${sig.slice(0, -2)}AA`;
    const expired = await tokens.sign('acc-1', 'c-en', NOW);
    const foreign = await createUnsubscribeTokens(async () => 'x'.repeat(40)).sign('acc-1', 'c-en', LATER);
    const bodies = new Set<string>();
    for (const t of [tampered, expired, crossAccount, foreign, '']) {
      for (const method of ['GET', 'POST']) {
        const response = await handler(request(method, t === '' ? {} : { t }, 'List-Unsubscribe=One-Click'));
        expect(response.statusCode).toBe(400);
        bodies.add(response.body ?? '');
      }
    }
    expect(bodies.size).toBe(1);
    expect((await store.load('acc-1'))?.contacts['c-en']?.suppressed).toBeNull();
  });

  it('does not tell a valid token for an unknown contact apart from a known one', async () => {
    const { handler } = await setup();
    const known = await handler(request('GET', { t: await tokens.sign('acc-1', 'c-en', LATER) }));
    const unknown = await handler(request('GET', { t: await tokens.sign('acc-1', 'c-ghost', LATER) }));
    expect(unknown.statusCode).toBe(known.statusCode);
    expect(unknown.body?.replace(/t=[^"]+/, '')).toBe(known.body?.replace(/t=[^"]+/, ''));
  });

  it('refuses other methods', async () => {
    const { handler } = await setup();
    expect((await handler(request('PUT'))).statusCode).toBe(405);
  });
});
