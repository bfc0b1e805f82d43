// The survey links as a link scanner, an attacker and a person meet them. Scanners (Safe Links,
// corporate gateways) open every link of an email: a GET of each records nothing. A person's Send
// (POST) records exactly one answer, for the person, survey and score the token names. Forged,
// tampered, expired tokens, another deployment's, and unsubscribe tokens get the neutral refusal and
// record nothing; a survey token cannot unsubscribe.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRenderer } from '../../functions/adapters/content-file.js';
import { MemoryAccountStore } from '../../functions/adapters/memory/account-store.js';
import { MemoryMailer } from '../../functions/adapters/memory/mailer.js';
import { MemorySignalPublisher } from '../../functions/adapters/memory/signal-publisher.js';
import { MemoryTouchLedger } from '../../functions/adapters/memory/touch-ledger.js';
import { createSurveyTokens } from '../../functions/adapters/survey-token.js';
import { createUnsubscribeTokens } from '../../functions/adapters/unsubscribe-token.js';
import { createStoreSuppressionRecorder } from '../../functions/app/account-suppression.js';
import type { Content } from '../../functions/core/email/content.js';
import type { SurveyAnswered } from '../../functions/core/events.js';
import type { SurveyType } from '../../functions/core/program.js';
import { surveyScores } from '../../functions/core/survey-scale.js';
import { createSenderHandler } from '../../functions/handlers/sender.js';
import { createUnsubscribeHandler } from '../../functions/handlers/unsubscribe.js';
import { anAccount, aPlannedTouch } from '../fixtures/builders.js';
import { recordingLogger, sqsEvent } from '../handlers/helpers.js';
import { shippedContent } from '../reliability/content.js';

const SECRET = 'survey-security-secret-0123456789abcdef';
const NOW = '2026-03-02T01:00:00.000Z';
const EXPIRES = '2026-05-01T00:00:00.000Z';
const BASE = 'https://unsubscribe.example.com/';
const keys = async () => SECRET;
const surveyTokens = createSurveyTokens(keys);
const unsubscribeTokens = createUnsubscribeTokens(keys);
const TOUCH = 'survey.0123456789abcdef0123456789abcdef';
let content: Content;

beforeAll(async () => {
  content = await shippedContent();
});

function request(method: string, url: string, body?: string): APIGatewayProxyEventV2 {
  const parsed = new URL(url, BASE);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: parsed.pathname,
    rawQueryString: parsed.search.slice(1),
    headers: body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' },
    queryStringParameters: Object.fromEntries(parsed.searchParams),
    requestContext: {
      http: { method, path: parsed.pathname, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'scanner' },
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
  const answers: SurveyAnswered[] = [];
  const logger = recordingLogger();
  const handler = createUnsubscribeHandler({
    tokens: unsubscribeTokens,
    store,
    suppressions: createStoreSuppressionRecorder(store),
    clock,
    logger,
    survey: {
      tokens: surveyTokens,
      answers: { record: async (a) => void answers.push(a) },
      store,
      clock,
      logger,
    },
  });
  return { store, answers, logger, handler };
}

/** Sends one survey touch through the sender and returns the email's HTML and text. */
async function surveyEmail(store: MemoryAccountStore, survey: SurveyType, contactId = 'c-1') {
  const mailer = new MemoryMailer();
  const sender = createSenderHandler({
    store,
    ledger: new MemoryTouchLedger(),
    mailer,
    publisher: new MemorySignalPublisher(),
    renderer: createRenderer(content),
    tokens: unsubscribeTokens,
    surveyTokens,
    fromFor: () => 'cs@example.com',
    unsubscribeBaseUrl: BASE,
    clock: () => NOW,
    logger: recordingLogger(),
  });
  const touch = aPlannedTouch({ kind: 'survey', survey }, { touchId: TOUCH, contactId, plannedAt: NOW });
  const { batchItemFailures } = await sender(sqsEvent([JSON.stringify(touch)]));
  expect(batchItemFailures).toEqual([]);
  const sent = mailer.all()[0]?.email;
  if (sent === undefined) throw new Error('the survey email was not sent');
  return sent;
}

/** Every link of the HTML part, unescaped. */
function linksOf(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map(([, href]) => (href ?? '').replaceAll('&amp;', '&'));
}

// Positions a scale does not use (CSAT's 0 and 6 to 10) have an empty link.
const surveyLinksOf = (html: string) => linksOf(html).filter((l) => l !== '' && new URL(l).pathname === '/survey');
const tokenOf = (link: string) => new URL(link).searchParams.get('t') ?? '';
const whole = (r: APIGatewayProxyStructuredResultV2) =>
  JSON.stringify({ statusCode: r.statusCode, headers: r.headers, body: r.body });

describe('a survey email', () => {
  it.each(['nps', 'csat'] as const)('carries one signed link per %s score, each naming its score', async (survey) => {
    const { store } = await world();
    const email = await surveyEmail(store, survey);
    const links = surveyLinksOf(email.html);
    expect(links).toHaveLength(surveyScores(survey).length);
    const claims = await Promise.all(links.map((l) => surveyTokens.verifySurvey(tokenOf(l), NOW)));
    expect(claims.map((c) => (c.kind === 'valid' ? c.claim.score : null))).toEqual(surveyScores(survey));
    for (const c of claims)
      expect(c).toMatchObject({ claim: { accountId: 'acc-1', contactId: 'c-1', touchId: TOUCH } });
    // The text part carries the same links.
    for (const l of links) expect(email.text).toContain(l);
  });
});

describe('a survey touch without a signer', () => {
  it('is rejected before anything is claimed or sent: no email with unsigned score links', async () => {
    const { store } = await world();
    const mailer = new MemoryMailer();
    const ledger = new MemoryTouchLedger();
    const sender = createSenderHandler({
      store,
      ledger,
      mailer,
      publisher: new MemorySignalPublisher(),
      renderer: createRenderer(content),
      tokens: unsubscribeTokens,
      fromFor: () => 'cs@example.com',
      unsubscribeBaseUrl: BASE,
      clock: () => NOW,
      logger: recordingLogger(),
    });
    const touch = aPlannedTouch({ kind: 'survey', survey: 'nps' }, { touchId: TOUCH, plannedAt: NOW });
    await sender(sqsEvent([JSON.stringify(touch)]));
    expect(mailer.sentCount).toBe(0);
    expect(ledger.get('acc-1', TOUCH)).toBeNull();
  });
});

describe('the scanner property', () => {
  it('a GET of every link of a rendered survey email records nothing, whatever the survey and key (fast-check)', async () => {
    const { store, answers, handler } = await world();
    const emails = { nps: await surveyEmail(store, 'nps'), csat: await surveyEmail(store, 'csat') };
    const before = JSON.stringify(store.all());
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('nps', 'csat'), fc.boolean(), async (survey, twice) => {
        for (const link of linksOf(emails[survey].html)) {
          if (!link.startsWith(BASE)) continue;
          const url = link.slice(BASE.length - 1);
          const response = await handler(request('GET', url));
          if (twice) await handler(request('GET', url));
          expect(response.statusCode).toBe(200);
        }
        expect(answers).toEqual([]);
        expect(JSON.stringify(store.all())).toBe(before);
      }),
      { numRuns: 20 },
    );
  });

  it('a GET shows the chosen score, a comment box and one Send button', async () => {
    const { store, handler } = await world();
    const link = surveyLinksOf((await surveyEmail(store, 'nps')).html)[7] ?? '';
    const page = await handler(request('GET', link.slice(BASE.length - 1)));
    expect(page.body).toContain('<strong style="font-size:1.6rem">7</strong>');
    expect(page.body).toContain('<textarea id="comment" name="comment"');
    expect(page.body).toContain('maxlength="2000"');
    expect(page.body?.match(/<button/g)).toHaveLength(1);
    expect(page.body).toContain('<form method="post"');
  });

  it('a POST records exactly one answer, for any score of either scale (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom('nps', 'csat')
          .chain((survey) => fc.tuple(fc.constant(survey), fc.constantFrom(...surveyScores(survey as SurveyType)))),
        fc.option(
          fc
            .string({ minLength: 1, maxLength: 80 })
            .filter((s) => /^[\p{L}\p{N} .,!?'-]+$/u.test(s) && s.trim() !== ''),
        ),
        async ([survey, score], comment) => {
          const { answers, handler } = await world();
          const token = await surveyTokens.signSurvey(
            { accountId: 'acc-1', contactId: 'c-1', touchId: TOUCH, survey: survey as SurveyType, score },
            EXPIRES,
          );
          const body = comment === null ? '' : `comment=${encodeURIComponent(comment)}`;
          const response = await handler(request('POST', `/survey?t=${encodeURIComponent(token)}`, body));
          expect(response.statusCode).toBe(200);
          expect(answers).toEqual([
            {
              accountId: 'acc-1',
              contactId: 'c-1',
              survey,
              score,
              ...(comment === null ? {} : { comment: comment.trim() }),
              answeredAt: NOW,
              channel: 'email',
              surveyId: TOUCH,
            },
          ]);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('survey tokens under attack', () => {
  async function refusal(handler: Awaited<ReturnType<typeof world>>['handler']) {
    return whole(await handler(request('GET', '/survey?t=x')));
  }

  it('refuses every tampered token with the same response and records nothing (400 runs)', async () => {
    const { handler, answers } = await world();
    const refused = await refusal(handler);
    const token = await surveyTokens.signSurvey(
      { accountId: 'acc-1', contactId: 'c-1', touchId: TOUCH, survey: 'nps', score: 9 },
      EXPIRES,
    );
    const spoiled = fc
      .oneof(
        fc
          .tuple(
            fc.nat(token.length - 1),
            fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'),
          )
          .map(([i, c]) => token.slice(0, i) + c + token.slice(i + 1)),
        fc.nat(token.length - 1).map((i) => token.slice(0, i) + token.slice(i + 1)),
        fc.string({ maxLength: 30 }).map((s) => token + s),
        fc.string({ maxLength: 200 }),
      )
      .filter((t) => t !== token);
    await fc.assert(
      fc.asyncProperty(spoiled, fc.constantFrom('GET', 'POST'), async (bad, method) => {
        const response = await handler(
          request(method, `/survey?t=${encodeURIComponent(bad)}`, method === 'POST' ? 'comment=hi' : undefined),
        );
        expect(whole(response)).toBe(refused);
      }),
      { numRuns: 400 },
    );
    expect(answers).toEqual([]);
  });

  it('refuses a forged token (another key), an expired one, and a payload with another score re-signed by nobody', async () => {
    const { handler, answers } = await world();
    const refused = await refusal(handler);
    const claim = { accountId: 'acc-1', contactId: 'c-1', touchId: TOUCH, survey: 'nps' as const, score: 10 };
    const forged = await createSurveyTokens(async () => 'another-deployment-secret-0123456789ab').signSurvey(
      claim,
      EXPIRES,
    );
    const expired = await surveyTokens.signSurvey(claim, '2026-03-02T00:59:59.000Z');
    const real = await surveyTokens.signSurvey({ ...claim, score: 0 }, EXPIRES);
    const [keyId, , sig] = real.split('.');
    const otherPayload = (await surveyTokens.signSurvey(claim, EXPIRES)).split('.')[1];
    const swapped = `${keyId}.${otherPayload}.${sig}`;
    for (const token of [forged, expired, swapped]) {
      for (const method of ['GET', 'POST']) {
        const response = await handler(
          request(method, `/survey?t=${encodeURIComponent(token)}`, method === 'POST' ? '' : undefined),
        );
        expect(whole(response)).toBe(refused);
      }
    }
    expect(answers).toEqual([]);
  });

  it('never takes an unsubscribe token as a survey token, nor a survey token as an unsubscribe token', async () => {
    const { handler, answers, store } = await world();
    const refused = await refusal(handler);
    const before = JSON.stringify(store.all());
    const unsubscribe = await unsubscribeTokens.sign('acc-1', 'c-1', EXPIRES);
    const survey = await surveyTokens.signSurvey(
      { accountId: 'acc-1', contactId: 'c-1', touchId: TOUCH, survey: 'nps', score: 3 },
      EXPIRES,
    );
    expect(whole(await handler(request('POST', `/survey?t=${encodeURIComponent(unsubscribe)}`, '')))).toBe(refused);
    expect(whole(await handler(request('GET', `/survey?t=${encodeURIComponent(unsubscribe)}`)))).toBe(refused);
    const asUnsubscribe = await handler(
      request('POST', `/?t=${encodeURIComponent(survey)}`, 'List-Unsubscribe=One-Click'),
    );
    expect(asUnsubscribe.statusCode).toBe(400);
    expect(answers).toEqual([]);
    expect(JSON.stringify(store.all())).toBe(before);
  });

  it('records only what the token names: form fields cannot change the person, account or score', async () => {
    const { handler, answers } = await world();
    const token = await surveyTokens.signSurvey(
      { accountId: 'acc-1', contactId: 'c-2', touchId: TOUCH, survey: 'csat', score: 2 },
      EXPIRES,
    );
    const body = 'score=5&contactId=c-1&accountId=acc-2&survey=nps&surveyId=other&comment=ok';
    await handler(request('POST', `/survey?t=${encodeURIComponent(token)}`, body));
    expect(answers).toEqual([
      {
        accountId: 'acc-1',
        contactId: 'c-2',
        survey: 'csat',
        score: 2,
        comment: 'ok',
        answeredAt: NOW,
        channel: 'email',
        surveyId: TOUCH,
      },
    ]);
  });

  it('a replayed POST sends a later answer for the same survey and person, nothing else', async () => {
    let now = NOW;
    const { handler, answers } = await world(() => now);
    const token = await surveyTokens.signSurvey(
      { accountId: 'acc-1', contactId: 'c-1', touchId: TOUCH, survey: 'nps', score: 6 },
      EXPIRES,
    );
    await handler(request('POST', `/survey?t=${encodeURIComponent(token)}`, 'comment=first'));
    now = '2026-03-02T02:00:00.000Z';
    await handler(request('POST', `/survey?t=${encodeURIComponent(token)}`, 'comment=second'));
    expect(answers.map((a) => [a.surveyId, a.contactId, a.score, a.comment, a.answeredAt])).toEqual([
      [TOUCH, 'c-1', 6, 'first', NOW],
      [TOUCH, 'c-1', 6, 'second', now],
    ]);
  });

  it('refuses a comment with invisible or bidi characters, or over 2000 characters, and shows it again', async () => {
    const { handler, answers, logger } = await world();
    const token = await surveyTokens.signSurvey(
      { accountId: 'acc-1', contactId: 'c-1', touchId: TOUCH, survey: 'nps', score: 8 },
      EXPIRES,
    );
    for (const comment of ['good\u202eevil', 'zero\u200bwidth', 'x'.repeat(2001)]) {
      const response = await handler(
        request('POST', `/survey?t=${encodeURIComponent(token)}`, `comment=${encodeURIComponent(comment)}`),
      );
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('role="alert"');
      expect(response.body).toContain('<form method="post"');
    }
    expect(answers).toEqual([]);
    // The comment is the customer's: never in a log line.
    expect(logger.text()).not.toContain('evil');
    // Line breaks of the box are kept as spaces, not refused.
    const ok = await handler(request('POST', `/survey?t=${encodeURIComponent(token)}`, 'comment=line%0D%0Atwo'));
    expect(ok.statusCode).toBe(200);
    expect(answers.map((a) => a.comment)).toEqual(['line two']);
  });
});
