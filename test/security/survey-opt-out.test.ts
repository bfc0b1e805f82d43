// Stopping surveys alone, as a person and as an attacker meet it. The survey email's "stop surveys"
// link opens the unsubscribe page at its survey choice: a GET records nothing, the choice's POST
// records the survey topic (compliance scope `survey`) and the person keeps every other email; the
// next survey is not sent. Spoiled, expired, another deployment's and survey-score tokens get the
// neutral refusal and record nothing; one person's link stops only that person's surveys. The
// email's List-Unsubscribe one-click still stops everything.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRenderer } from '../../functions/adapters/content-file.js';
import { MemoryAccountStore } from '../../functions/adapters/memory/account-store.js';
import { MemoryComplianceLog } from '../../functions/adapters/memory/compliance-log.js';
import { MemoryMailer } from '../../functions/adapters/memory/mailer.js';
import { MemorySignalPublisher } from '../../functions/adapters/memory/signal-publisher.js';
import { MemoryTouchLedger } from '../../functions/adapters/memory/touch-ledger.js';
import { createSurveyTokens } from '../../functions/adapters/survey-token.js';
import { createUnsubscribeTokens } from '../../functions/adapters/unsubscribe-token.js';
import { createStoreSuppressionRecorder } from '../../functions/app/account-suppression.js';
import { createStoreTopicOptOutRecorder } from '../../functions/app/topic-opt-out.js';
import type { Content } from '../../functions/core/email/content.js';
import { createSenderHandler } from '../../functions/handlers/sender.js';
import { createUnsubscribeHandler } from '../../functions/handlers/unsubscribe.js';
import { anAccount, aPlannedTouch } from '../fixtures/builders.js';
import { recordingLogger, sqsEvent } from '../handlers/helpers.js';
import { shippedContent } from '../reliability/content.js';

const SECRET = 'survey-opt-out-secret-0123456789abcdef';
const NOW = '2026-03-02T01:00:00.000Z';
const EXPIRES = '2027-03-02T00:00:00.000Z';
const BASE = 'https://unsubscribe.example.com/';
const tokens = createUnsubscribeTokens(async () => SECRET);
const surveyTokens = createSurveyTokens(async () => SECRET);
const SURVEY_FORM = 'scope=survey&via=page';
let content: Content;

beforeAll(async () => {
  content = await shippedContent();
});

function request(method: string, url: string, body?: string): APIGatewayProxyEventV2 {
  // A browser never sends the anchor: only the path and the query reach the function.
  const parsed = new URL(url, BASE);
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
    isBase64Encoded: false,
    ...(body === undefined ? {} : { body }),
  };
}

async function world(clock = () => NOW) {
  const store = new MemoryAccountStore();
  await store.save(
    anAccount('acc-1')
      .withProfile({ locale: 'ja' })
      .withContact('c-1', { email: 'mio@customer.example.jp', name: 'Mio Ito', role: 'owner' })
      .withContact('c-2', { email: 'ken@customer.example.jp', name: 'Ken Abe', role: 'member', locale: 'en' })
      .onboardedOn('2026-01-20')
      .state(),
  );
  const compliance = new MemoryComplianceLog();
  const handler = createUnsubscribeHandler({
    tokens,
    store,
    suppressions: createStoreSuppressionRecorder(store),
    topics: createStoreTopicOptOutRecorder(store),
    compliance,
    clock,
    logger: recordingLogger(),
  });
  const mailer = new MemoryMailer();
  const sender = createSenderHandler({
    store,
    ledger: new MemoryTouchLedger(),
    mailer,
    publisher: new MemorySignalPublisher(),
    renderer: createRenderer(content),
    tokens,
    surveyTokens,
    fromFor: () => 'cs@example.com',
    unsubscribeBaseUrl: BASE,
    clock: () => NOW,
    logger: recordingLogger(),
  });
  /** Sends an NPS survey to the contact and returns the email as sent. */
  const survey = async (contactId: string, touchId = 'survey.0123456789abcdef0123456789abcdef') => {
    const touch = aPlannedTouch({ kind: 'survey', survey: 'nps' }, { touchId, contactId, plannedAt: NOW });
    expect((await sender(sqsEvent([JSON.stringify(touch)]))).batchItemFailures).toEqual([]);
    return mailer.all().at(-1)?.email;
  };
  return { store, compliance, handler, mailer, survey };
}

const snapshot = (store: MemoryAccountStore) => JSON.stringify(store.all());
const whole = (r: APIGatewayProxyStructuredResultV2) =>
  JSON.stringify({ statusCode: r.statusCode, headers: r.headers, body: r.body });
const linksOf = (html: string) =>
  [...html.matchAll(/href="([^"]*)"/g)].map(([, h]) => (h ?? '').replaceAll('&amp;', '&'));
const stopSurveysLink = (html: string) => linksOf(html).find((l) => l.endsWith('#surveys')) ?? '';

describe('the survey email’s stop-surveys link', () => {
  it('opens the page at the survey choice, records nothing on GET, and stops only surveys on its POST', async () => {
    const { store, compliance, handler, mailer, survey } = await world();
    const email = await survey('c-1');
    const link = stopSurveysLink(email?.html ?? '');
    expect(link).not.toBe('');
    expect(email?.text).toContain(link);
    const claim = await tokens.verify(new URL(link).searchParams.get('t') ?? '', NOW);
    expect(claim).toMatchObject({ kind: 'valid', claim: { accountId: 'acc-1', contactId: 'c-1' } });

    const before = snapshot(store);
    const page = await handler(request('GET', link));
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<div id="surveys"><p>アンケート[^<]*<\/p><form method="post"/);
    expect(snapshot(store)).toBe(before);
    expect(await compliance.list('acc-1')).toEqual([]);

    const done = await handler(request('POST', link, SURVEY_FORM));
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('アンケートを停止しました');
    const contact = (await store.load('acc-1'))?.contacts['c-1'];
    expect(contact?.topicOptOuts).toEqual({ survey: NOW });
    expect(contact?.suppressed).toBeNull();
    expect(await compliance.list('acc-1')).toEqual([
      expect.objectContaining({
        kind: 'opt-out',
        contactId: 'c-1',
        at: NOW,
        scope: 'survey',
        channel: 'unsubscribe-page',
      }),
    ]);
    // The next survey is not sent; other email still is.
    const sent = mailer.all().length;
    await survey('c-1', 'survey.ffffffffffffffffffffffffffffffff');
    expect(mailer.all()).toHaveLength(sent);
  });

  it('confirms in English for an English-speaking contact', async () => {
    const { handler, survey } = await world();
    const link = stopSurveysLink((await survey('c-2'))?.html ?? '');
    expect((await handler(request('GET', link))).body).toContain('Stop only surveys');
    const done = await handler(request('POST', link, SURVEY_FORM));
    expect(done.body).toContain('Surveys stopped');
  });

  it('leaves the List-Unsubscribe header as it was: one-click stops all email', async () => {
    const { store, compliance, handler, survey } = await world();
    const email = await survey('c-1');
    const header = /^<(https:\/\/[^>]+)>$/.exec(email?.headers?.['List-Unsubscribe'] ?? '')?.[1] ?? '';
    expect(header).not.toContain('#');
    await handler(request('POST', header, 'List-Unsubscribe=One-Click'));
    expect((await store.load('acc-1'))?.contacts['c-1']?.suppressed?.reason).toBe('unsubscribed');
    expect((await compliance.list('acc-1')).map((e) => (e.kind === 'opt-out' ? e.scope : e.kind))).toEqual(['all']);
  });
});

describe('the survey choice under attack', () => {
  /** Ways to spoil a token: each gives something other than the token itself. */
  const spoiledArb = (token: string) =>
    fc
      .oneof(
        fc
          .tuple(
            fc.nat(token.length - 1),
            fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'),
          )
          .map(([i, c]) => token.slice(0, i) + c + token.slice(i + 1)),
        fc.nat(token.length - 1).map((i) => token.slice(0, i) + token.slice(i + 1)),
        fc.nat(token.length).map((n) => token.slice(0, n)),
        fc.string({ maxLength: 40 }).map((s) => token + s),
        fc.string({ maxLength: 200 }),
      )
      .filter((t) => t !== token);

  it('refuses forged and tampered tokens with the same response, and records nothing (300 runs)', async () => {
    const { handler, store, compliance } = await world();
    const refusal = whole(await handler(request('POST', '/?t=forged', SURVEY_FORM)));
    const before = snapshot(store);
    const valid = await tokens.sign('acc-1', 'c-1', EXPIRES);
    await fc.assert(
      fc.asyncProperty(spoiledArb(valid), fc.constantFrom('GET', 'POST'), async (spoiled, method) => {
        const body = method === 'POST' ? SURVEY_FORM : undefined;
        expect(whole(await handler(request(method, `/?t=${encodeURIComponent(spoiled)}`, body)))).toBe(refusal);
      }),
      { numRuns: 300 },
    );
    expect(snapshot(store)).toBe(before);
    expect(await compliance.list('acc-1')).toEqual([]);
  });

  it('refuses expired tokens, another deployment’s and a survey score’s, exactly like forged ones', async () => {
    const { handler, store, compliance } = await world();
    const refusal = whole(await handler(request('POST', '/?t=forged', SURVEY_FORM)));
    const before = snapshot(store);
    const expired = await tokens.sign('acc-1', 'c-1', NOW);
    const otherDeployment = await createUnsubscribeTokens(async () => 'another-deployment-secret-0123456789').sign(
      'acc-1',
      'c-1',
      EXPIRES,
    );
    const scoreToken = await surveyTokens.signSurvey(
      {
        accountId: 'acc-1',
        contactId: 'c-1',
        touchId: 'survey.0123456789abcdef0123456789abcdef',
        survey: 'nps',
        score: 3,
      },
      EXPIRES,
    );
    for (const token of [expired, otherDeployment, scoreToken])
      expect(whole(await handler(request('POST', `/?t=${encodeURIComponent(token)}`, SURVEY_FORM)))).toBe(refusal);
    expect(snapshot(store)).toBe(before);
    expect(await compliance.list('acc-1')).toEqual([]);
  });

  it('stops only the surveys of the person the token names, never another person’s', async () => {
    const { handler, store, compliance } = await world();
    const kens = await tokens.sign('acc-1', 'c-2', EXPIRES);
    // The form's fields cannot name another person: only the token does.
    await handler(request('POST', `/?t=${encodeURIComponent(kens)}`, `${SURVEY_FORM}&contactId=c-1&t=x`));
    const state = await store.load('acc-1');
    expect(state?.contacts['c-2']?.topicOptOuts).toEqual({ survey: NOW });
    expect(state?.contacts['c-1']?.topicOptOuts).toBeUndefined();
    expect((await compliance.list('acc-1')).map((e) => e.contactId)).toEqual(['c-2']);
  });
});
