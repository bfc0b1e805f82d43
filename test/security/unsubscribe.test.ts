// The unsubscribe link as an attacker and as a person meet it. Any change to a token, an expired one,
// one signed by another deployment: the same refusal, byte for byte, whether or not the contact it
// names exists, and nothing stored changes. The link of a real email works by one-click POST and
// through its confirm page; doing it again changes nothing.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { MemoryAccountStore } from '../../functions/adapters/memory/account-store.js';
import { MemoryMailer } from '../../functions/adapters/memory/mailer.js';
import { MemorySignalPublisher } from '../../functions/adapters/memory/signal-publisher.js';
import { MemoryTouchLedger } from '../../functions/adapters/memory/touch-ledger.js';
import { createUnsubscribeTokens } from '../../functions/adapters/unsubscribe-token.js';
import { createStoreSuppressionRecorder } from '../../functions/app/account-suppression.js';
import { suppressContact } from '../../functions/core/contact-suppression.js';
import { createSenderHandler } from '../../functions/handlers/sender.js';
import { createUnsubscribeHandler } from '../../functions/handlers/unsubscribe.js';
import { anAccount, aPlannedTouch } from '../fixtures/builders.js';
import { fakeRenderer, recordingLogger, sqsEvent } from '../handlers/helpers.js';

// Count the constant-time comparisons the token check makes (the real function still does the work).
const compared = vi.hoisted(() => ({ calls: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return {
    ...real,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      compared.calls++;
      return real.timingSafeEqual(a, b);
    },
  };
});

const SECRET = 'unsubscribe-security-secret-0123456789';
const NOW = '2026-03-02T00:00:00.000Z';
const EXPIRES = '2027-03-02T00:00:00.000Z';
const tokens = createUnsubscribeTokens(async () => SECRET);

function request(method: string, url: string, body?: string, base64 = false): APIGatewayProxyEventV2 {
  const parsed = new URL(url, 'https://unsubscribe.example.com/');
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: parsed.pathname,
    rawQueryString: parsed.search.slice(1),
    headers: body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' },
    queryStringParameters: Object.fromEntries(parsed.searchParams),
    requestContext: {
      http: { method, path: parsed.pathname, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
    } as APIGatewayProxyEventV2['requestContext'],
    isBase64Encoded: base64,
    ...(body === undefined ? {} : { body: base64 ? Buffer.from(body).toString('base64') : body }),
  };
}

async function world(clock = () => NOW) {
  const store = new MemoryAccountStore();
  await store.save(
    anAccount('acc-1')
      .withProfile({ locale: 'ja' })
      .withContact('c-1', { email: 'mio@customer.example.jp', name: 'Mio Ito', role: 'owner' })
      .withContact('c-2', { email: 'ken@customer.example.jp', name: 'Ken Abe', role: 'member' })
      .onboardedOn('2026-02-20')
      .state(),
  );
  const logger = recordingLogger();
  const handler = createUnsubscribeHandler({
    tokens,
    store,
    suppressions: createStoreSuppressionRecorder(store),
    clock,
    logger,
  });
  return { store, logger, handler };
}

const snapshot = (store: MemoryAccountStore) => JSON.stringify(store.all());
const whole = (r: APIGatewayProxyStructuredResultV2) =>
  JSON.stringify({ statusCode: r.statusCode, headers: r.headers, body: r.body });

/** Ways to spoil a token: each gives something other than the token itself. */
const spoiledArb = (token: string) =>
  fc
    .oneof(
      fc
        .tuple(
          fc.nat(token.length - 1),
          fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ '),
        )
        .map(([i, c]) => token.slice(0, i) + c + token.slice(i + 1)),
      fc.nat(token.length - 1).map((i) => token.slice(0, i) + token.slice(i + 1)),
      fc.nat(token.length).map((n) => token.slice(0, n)),
      fc.string({ maxLength: 40 }).map((s) => token + s),
      fc.string({ maxLength: 200 }),
      fc.constant(token.split('.').reverse().join('.')),
      fc.constant(token.toUpperCase()),
    )
    .filter((t) => t !== token);

describe('unsubscribe tokens under attack', () => {
  it('refuses every spoiled token with the same response, for known and unknown contacts, and stores nothing (600 runs)', async () => {
    const { handler, store } = await world();
    const refusal = whole(await handler(request('GET', '/?t=x')));
    const before = snapshot(store);
    const valid = await Promise.all(['c-1', 'c-ghost'].map((c) => tokens.sign('acc-1', c, EXPIRES)));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...valid).chain(spoiledArb),
        fc.constantFrom('GET', 'POST'),
        async (spoiled, method) => {
          const response = await handler(
            request(
              method,
              `/?t=${encodeURIComponent(spoiled)}`,
              method === 'POST' ? 'List-Unsubscribe=One-Click' : undefined,
            ),
          );
          // A spoiled token that still verifies would have to be a forgery of the HMAC.
          expect(whole(response)).toBe(refusal);
        },
      ),
      { numRuns: 600 },
    );
    expect(snapshot(store)).toBe(before);
  });

  it('refuses a signature spelled differently even when it decodes to the same bytes', async () => {
    const { handler } = await world();
    const token = await tokens.sign('acc-1', 'c-1', EXPIRES);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // 32 bytes take 43 base64url characters; the last one's two low bits carry nothing.
    const last = alphabet.indexOf(token.at(-1) as string);
    const respelled = token.slice(0, -1) + alphabet[last ^ 1];
    const sig = (t: string) => Buffer.from(t.split('.').at(-1) as string, 'base64url');
    expect(sig(respelled).equals(sig(token))).toBe(true);
    expect((await tokens.verify(respelled, NOW)).kind).toBe('refused');
    expect((await handler(request('POST', `/?t=${respelled}`, 'List-Unsubscribe=One-Click'))).statusCode).toBe(400);
  });

  it('refuses expired tokens and tokens of another deployment exactly like forged ones', async () => {
    const { handler, store } = await world();
    const refusal = whole(await handler(request('POST', '/?t=forged', 'List-Unsubscribe=One-Click')));
    const expired = await tokens.sign('acc-1', 'c-1', NOW);
    const otherDeployment = await createUnsubscribeTokens(async () => 'another-deployment-secret-0123456789').sign(
      'acc-1',
      'c-1',
      EXPIRES,
    );
    const otherAccount = await tokens.sign('acc-2', 'c-1', EXPIRES);
    for (const token of [expired, otherDeployment]) {
      for (const method of ['GET', 'POST'])
        expect(whole(await handler(request(method, `/?t=${token}`, 'List-Unsubscribe=One-Click')))).toBe(refusal);
    }
    // A real token for an account that was never stored is a token we signed: it is honoured, and
    // its page is the page any unknown contact gets, so it tells nothing either.
    expect((await handler(request('GET', `/?t=${otherAccount}`))).statusCode).toBe(200);
    expect(store.all().find((s) => s.accountId === 'acc-1')?.contacts['c-1']?.suppressed).toBeNull();
  });

  it('accepts a token until the second it expires, not at that second', async () => {
    const expiresAt = '2026-03-02T00:10:00.000Z';
    let now = '2026-03-02T00:09:59.000Z';
    const { handler } = await world(() => now);
    const token = await tokens.sign('acc-1', 'c-1', expiresAt);
    expect((await handler(request('GET', `/?t=${token}`))).statusCode).toBe(200);
    now = expiresAt;
    expect((await handler(request('GET', `/?t=${token}`))).statusCode).toBe(400);
  });

  it('compares signatures in constant time', async () => {
    const token = await tokens.sign('acc-1', 'c-1', EXPIRES);
    const [keyId, payload, sig] = token.split('.') as [string, string, string];
    compared.calls = 0;
    expect(
      (await tokens.verify(`${keyId}.${payload}.${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`, NOW)).kind,
    ).toBe('refused');
    expect((await tokens.verify(token, NOW)).kind).toBe('valid');
    expect(compared.calls).toBe(2);
  });

  it('logs why a token was refused, never the token or who it named', async () => {
    const { handler, logger } = await world();
    const token = await tokens.sign('acc-1', 'c-1', NOW);
    await handler(request('POST', `/?t=${token}`, 'List-Unsubscribe=One-Click'));
    expect(logger.lines.map((l) => l.attributes)).toEqual([{ reason: 'expired', method: 'POST' }]);
  });
});

describe('the unsubscribe link of a real email', () => {
  const touch = aPlannedTouch({ kind: 'feature-tip', featureId: 'dashboard' }, { plannedAt: NOW });

  async function sentLink() {
    const env = await world();
    const mailer = new MemoryMailer();
    const sender = createSenderHandler({
      store: env.store,
      ledger: new MemoryTouchLedger(),
      mailer,
      publisher: new MemorySignalPublisher(),
      renderer: fakeRenderer(),
      tokens,
      fromFor: () => 'cs@example.com',
      unsubscribeBaseUrl: 'https://unsubscribe.example.com/',
      clock: () => NOW,
      logger: recordingLogger(),
    });
    await sender(sqsEvent([JSON.stringify(touch)]));
    const headers = mailer.all()[0]?.email.headers ?? {};
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const url = /^<(https:\/\/[^>]+)>$/.exec(headers['List-Unsubscribe'] ?? '')?.[1] ?? '';
    return { ...env, url, sender, mailer };
  }

  it('unsubscribes by the RFC 8058 one-click POST a mail client sends to the header URL', async () => {
    const { handler, store, url, sender, mailer } = await sentLink();
    const response = await handler(request('POST', url, 'List-Unsubscribe=One-Click', true));
    expect(response.statusCode).toBe(200);
    expect((await store.load('acc-1'))?.contacts['c-1']?.suppressed).toEqual({ reason: 'unsubscribed', at: NOW });
    await sender(sqsEvent([JSON.stringify({ ...touch, touchId: 'feature-tip.ffffffffffffffffffffffffffffffff' })]));
    expect(mailer.all()).toHaveLength(1);
  });

  it('unsubscribes through the confirm page: GET changes nothing, its form’s POST does', async () => {
    const { handler, store, url } = await sentLink();
    const before = snapshot(store);
    const page = await handler(request('GET', url));
    expect(page.statusCode).toBe(200);
    expect(snapshot(store)).toBe(before);
    const action = /<form method="post" action="([^"]+)">/.exec(page.body ?? '')?.[1]?.replaceAll('&amp;', '&') ?? '';
    const fields = [...(page.body ?? '').matchAll(/<input type="hidden" name="([^"]+)" value="([^"]+)">/g)]
      .map(([, n, v]) => `${n}=${v}`)
      .join('&');
    const done = await handler(request('POST', new URL(action, url).toString(), fields));
    expect(done.statusCode).toBe(200);
    expect((await store.load('acc-1'))?.contacts['c-1']?.suppressed?.reason).toBe('unsubscribed');
  });

  it('is harmless when repeated, and keeps the first reason of a contact suppressed before', async () => {
    const { handler, store, url } = await sentLink();
    const bounced = suppressContact((await store.load('acc-1'))!, 'c-1', 'bounced', '2026-03-01T00:00:00.000Z')!;
    await store.save(bounced);
    const first = await handler(request('POST', url, 'List-Unsubscribe=One-Click'));
    const after = snapshot(store);
    const again = await handler(request('POST', url, 'List-Unsubscribe=One-Click'));
    expect(whole(again)).toBe(whole(first));
    expect(snapshot(store)).toBe(after);
    expect((await store.load('acc-1'))?.contacts['c-1']?.suppressed).toEqual({
      reason: 'bounced',
      at: '2026-03-01T00:00:00.000Z',
    });
  });
});
