// The unsubscribe page's choices: only webinars and success stories (promotional email), only
// surveys, or all automated email; RFC 8058 one-click always stops all. Every opt-out goes into the
// compliance record, once.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createUnsubscribeHandler } from '../../functions/handlers/unsubscribe.js';
import { unsubscribeWorld } from '../app/worlds.js';

const NOW = '2026-02-02T00:00:00.000Z';

function request(method: string, url: string, body?: string): APIGatewayProxyEventV2 {
  const query = Object.fromEntries(new URL(url, 'https://u.example.com/').searchParams);
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
    isBase64Encoded: false,
    ...(body === undefined ? {} : { body }),
  };
}

async function setup() {
  const { deps, store, log, token } = await unsubscribeWorld({ now: NOW });
  return { store, compliance: log, handler: createUnsubscribeHandler(deps), url: `/?t=${encodeURIComponent(token)}` };
}

/** The page's forms: each one's hidden fields, as a browser would post them. */
function forms(html: string): string[] {
  return [...html.matchAll(/<form method="post" action="[^"]+">([\s\S]*?)<\/form>/g)].map(([, inner]) =>
    [...(inner ?? '').matchAll(/<input type="hidden" name="([^"]+)" value="([^"]+)">/g)]
      .map(([, n, v]) => `${n}=${v}`)
      .join('&'),
  );
}

describe('unsubscribe with a choice of topics', () => {
  it('offers to stop only webinars and success stories, or all automated email, in the contact’s language', async () => {
    const { handler, url } = await setup();
    const page = (await handler(request('GET', url))).body ?? '';
    expect(page).toContain('ウェビナーと導入事例のご案内のみ停止する');
    expect(page).toContain('自動配信メールをすべて停止する');
    expect(page).toContain('アンケートのみ停止する');
    expect(forms(page)).toEqual(['via=page', 'scope=promotional&via=page', 'scope=survey&via=page']);
  });

  it('stops only surveys when the person picks it, confirms it in their language, and records it as scope survey', async () => {
    const { handler, store, compliance, url } = await setup();
    const before = JSON.stringify(store.all());
    const page = (await handler(request('GET', url))).body ?? '';
    // The GET records nothing; the survey email's link lands on this choice by its anchor.
    expect(JSON.stringify(store.all())).toBe(before);
    expect(page).toMatch(/<div id="surveys">[\s\S]*?name="scope" value="survey"/);
    const done = await handler(request('POST', url, forms(page)[2]));
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('アンケートを停止しました');
    expect(done.body).toContain('その他のメールは引き続きお送りします');
    const contact = (await store.load('acc-1'))?.contacts['c-1'];
    expect(contact?.topicOptOuts).toEqual({ survey: NOW });
    expect(contact?.suppressed).toBeNull();
    expect(await compliance.list('acc-1')).toEqual([
      {
        kind: 'opt-out',
        accountId: 'acc-1',
        contactId: 'c-1',
        at: NOW,
        scope: 'survey',
        channel: 'unsubscribe-page',
        expiresAt: null,
      },
    ]);
  });

  it('treats an unknown scope value as the stop-all form', async () => {
    const { handler, store, compliance, url } = await setup();
    await handler(request('POST', url, 'scope=surveys&via=page'));
    expect((await store.load('acc-1'))?.contacts['c-1']?.suppressed?.reason).toBe('unsubscribed');
    expect((await compliance.list('acc-1'))[0]).toMatchObject({ scope: 'all', channel: 'unsubscribe-page' });
  });

  it('stops only promotional email when the person picks it, and records the choice and its channel', async () => {
    const { handler, store, compliance, url } = await setup();
    const topic = forms((await handler(request('GET', url))).body ?? '')[1] ?? '';
    const done = await handler(request('POST', url, topic));
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('製品の使い方に関するご案内は引き続きお送りします');
    const contact = (await store.load('acc-1'))?.contacts['c-1'];
    expect(contact?.topicOptOuts).toEqual({ promotional: NOW });
    expect(contact?.suppressed).toBeNull();
    expect(await compliance.list('acc-1')).toEqual([
      {
        kind: 'opt-out',
        accountId: 'acc-1',
        contactId: 'c-1',
        at: NOW,
        scope: 'promotional',
        channel: 'unsubscribe-page',
        expiresAt: null,
      },
    ]);
  });

  it('stops all automated email from the page’s other form, recorded as the page', async () => {
    const { handler, store, compliance, url } = await setup();
    await handler(request('POST', url, forms((await handler(request('GET', url))).body ?? '')[0]));
    expect((await store.load('acc-1'))?.contacts['c-1']?.suppressed?.reason).toBe('unsubscribed');
    expect((await compliance.list('acc-1'))[0]).toMatchObject({ scope: 'all', channel: 'unsubscribe-page' });
  });

  it.each(['promotional', 'survey'])(
    'stops all at once on a mail client’s one-click POST, even one that also names the %s topic',
    async (topic) => {
      const { handler, store, compliance, url } = await setup();
      await handler(request('POST', url, `List-Unsubscribe=One-Click&scope=${topic}`));
      expect((await store.load('acc-1'))?.contacts['c-1']?.suppressed?.reason).toBe('unsubscribed');
      expect((await store.load('acc-1'))?.contacts['c-1']?.topicOptOuts).toBeUndefined();
      expect((await compliance.list('acc-1'))[0]).toMatchObject({ scope: 'all', channel: 'one-click' });
    },
  );
});
