// Logs never hold an email address or a person's name. One full run (ingest → planner → sender →
// engagement → unsubscribe) with the real Powertools logger and metrics at DEBUG, including the
// unhappy paths that tend to leak (a rejected event full of personal data, SES errors that quote the
// address, a lost send, a bounce and a complaint whose SES records list the recipients, refused and
// accepted unsubscribe links); everything written to stdout and stderr is captured and searched.
import { MessageRejected, SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { APIGatewayProxyEventV2, EventBridgeEvent, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRenderer } from '../../functions/adapters/content-file.js';
import { MemoryAccountStore } from '../../functions/adapters/memory/account-store.js';
import { MemoryDeadLetters } from '../../functions/adapters/memory/dead-letters.js';
import { MemorySendQueue } from '../../functions/adapters/memory/send-queue.js';
import { MemorySignalPublisher } from '../../functions/adapters/memory/signal-publisher.js';
import { MemoryTouchLedger } from '../../functions/adapters/memory/touch-ledger.js';
import { createSesMailer } from '../../functions/adapters/ses-mailer.js';
import { deadLetterAttributes } from '../../functions/adapters/sqs-dead-letters.js';
import { createUnsubscribeTokens } from '../../functions/adapters/unsubscribe-token.js';
import { createStoreSuppressionRecorder } from '../../functions/app/account-suppression.js';
import { createPlanAccounts } from '../../functions/app/plan-accounts.js';
import type { Content } from '../../functions/core/email/content.js';
import { fromAddress } from '../../functions/core/email/from-address.js';
import { touchTags } from '../../functions/core/touch-tags.js';
import { createEngagementHandler } from '../../functions/handlers/engagement.js';
import { createIngestHandler } from '../../functions/handlers/ingest.js';
import { createLogger } from '../../functions/handlers/logger.js';
import { createMetrics } from '../../functions/handlers/metrics.js';
import { createSenderHandler } from '../../functions/handlers/sender.js';
import { createUnsubscribeHandler } from '../../functions/handlers/unsubscribe.js';
import { sqsEvent } from '../handlers/helpers.js';
import { shippedContent } from '../reliability/content.js';

const SOURCE = 'com.example.product';
const PEOPLE = [
  { id: 'c-1', email: 'ayaka.tanaka@customer-example.jp', name: '田中 彩香', role: 'owner' },
  { id: 'c-2', email: 'liam.obrien@customer-example.jp', name: "Liam O'Brien", role: 'admin' },
  { id: 'c-3', email: 'sofia.rossi@customer-example.jp', name: 'Sofia Rossi', role: 'member' },
  { id: 'c-4', email: 'kenji.mori@customer-example.jp', name: 'Kenji Mori', role: 'member' },
] as const;
const ACCOUNT_NAME = 'Minato Seiki KK';
const EMAIL = /[^\s@"'<>\\]+@[^\s@"'<>\\]+\.[A-Za-z]{2,}/;
// A survey comment is customer content: kept and sent on the Detractor signal, never logged.
const COMMENT = 'Our renewal depends on the broken export';
const REJECTED_COMMENT = 'Cancel before the board meets';
const secrets = [
  ACCOUNT_NAME,
  COMMENT,
  REJECTED_COMMENT,
  ...PEOPLE.flatMap((p) => [p.email, p.name, JSON.stringify(p.name).slice(1, -1)]),
];

const written: string[] = [];
let content: Content;
const savedLevel = process.env.POWERTOOLS_LOG_LEVEL;

beforeAll(async () => {
  content = await shippedContent();
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  const keep = (chunk: unknown) => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(keep);
  vi.spyOn(process.stderr, 'write').mockImplementation(keep);
});

afterAll(() => {
  vi.restoreAllMocks();
  if (savedLevel === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
  else process.env.POWERTOOLS_LOG_LEVEL = savedLevel;
});

function envelope(id: string, detailType: string, time: string, detail: Record<string, unknown>) {
  return {
    version: '0',
    id,
    'detail-type': detailType,
    source: SOURCE,
    account: '123456789012',
    time,
    region: 'ap-northeast-1',
    resources: [],
    detail,
  };
}

function sesEvent(
  eventType: 'Bounce' | 'Complaint',
  touch: Parameters<typeof touchTags>[0],
  email: string,
): EventBridgeEvent<string, unknown> {
  const at = '2026-03-03T01:00:00.000Z';
  const mail = {
    timestamp: at,
    messageId: 'ses-9',
    source: 'cs@example.com',
    destination: [email],
    commonHeaders: { to: [`"Someone" <${email}>`], subject: 'Hello' },
    tags: Object.fromEntries(Object.entries(touchTags(touch)).map(([k, v]) => [k, [v]])),
  };
  const detail =
    eventType === 'Bounce'
      ? {
          eventType,
          mail,
          bounce: {
            bounceType: 'Permanent',
            bounceSubType: 'General',
            timestamp: at,
            bouncedRecipients: [{ emailAddress: email, diagnosticCode: `smtp; 550 5.1.1 <${email}>: user unknown` }],
          },
        }
      : { eventType, mail, complaint: { timestamp: at, complainedRecipients: [{ emailAddress: email }] } };
  return {
    version: '0',
    id: `ses-${eventType}`,
    'detail-type': `Email ${eventType}`,
    source: 'aws.ses',
    account: '123456789012',
    time: at,
    region: 'ap-northeast-1',
    resources: [],
    detail,
  };
}

function http(method: string, token: string, body?: string): APIGatewayProxyEventV2 {
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

describe('logs of a full run', () => {
  it('hold ids and counts, never an email address or a name', async () => {
    const store = new MemoryAccountStore();
    const ledger = new MemoryTouchLedger();
    const queue = new MemorySendQueue();
    const publisher = new MemorySignalPublisher();
    const tokens = createUnsubscribeTokens(async () => 'log-capture-secret-0123456789abcdef');
    const ses = mockClient(SESv2Client);
    ses
      .on(SendEmailCommand)
      .resolvesOnce({ MessageId: 'ses-1' })
      .rejectsOnce(
        new MessageRejected({
          message: `Email address is not verified. The following identities failed the check: ${PEOPLE[1].email}`,
          $metadata: { httpStatusCode: 400 },
        }),
      )
      .rejectsOnce(
        Object.assign(new Error(`Internal failure sending to ${PEOPLE[2].email}`), {
          name: 'InternalFailure',
          $fault: 'server',
          $metadata: { httpStatusCode: 500 },
        }),
      )
      .resolves({ MessageId: 'ses-2' });

    const deadLetters = new MemoryDeadLetters();
    const ingest = createIngestHandler({
      store,
      publisher,
      program: content.program,
      eventSource: SOURCE,
      logger: createLogger('teichaku-ingest'),
      deadLetters,
    });
    const events = [
      envelope('e-acct', 'Account Upserted', '2026-02-16T00:00:00Z', {
        accountId: 'acc-1',
        name: ACCOUNT_NAME,
        plan: 'standard',
        industry: 'manufacturing',
        employees: 120,
        timeZone: 'Asia/Tokyo',
        locale: 'ja',
        contractStart: '2026-02-16',
        touchModel: 'tech',
      }),
      envelope('e-onboarded', 'Onboarding Completed', '2026-02-20T00:00:00Z', {
        accountId: 'acc-1',
        completedAt: '2026-02-20T00:00:00Z',
      }),
      ...PEOPLE.map((p, i) =>
        envelope(`e-${p.id}`, 'Contact Upserted', i < 2 ? '2026-02-17T00:00:00Z' : '2026-02-28T00:00:00Z', {
          accountId: 'acc-1',
          contactId: p.id,
          email: p.email,
          name: p.name,
          role: p.role,
        }),
      ),
      // Rejected: personal data in bad fields, in an unknown field and as an unknown field's name.
      envelope('e-bad-1', 'Contact Upserted', '2026-02-17T00:00:00Z', {
        accountId: 'acc-1',
        contactId: 'c-9',
        email: `${PEOPLE[0].name} <${PEOPLE[0].email}>`,
        name: `${PEOPLE[1].name}\r\n`,
        role: 'boss',
        [PEOPLE[3].email]: PEOPLE[3].name,
      }),
      envelope('e-answer', 'Survey Answered', '2026-02-21T00:00:00Z', {
        accountId: 'acc-1',
        contactId: 'c-1',
        survey: 'nps',
        score: 2,
        comment: COMMENT,
        answeredAt: '2026-02-21T00:00:00Z',
      }),
      // Rejected: a CSAT score out of its scale, with a comment that must not reach the log either.
      envelope('e-bad-3', 'Survey Answered', '2026-02-21T00:00:00Z', {
        accountId: 'acc-1',
        contactId: 'c-2',
        survey: 'csat',
        score: 9,
        comment: `${REJECTED_COMMENT}\n`,
        answeredAt: '2026-02-21T00:00:00Z',
      }),
      envelope('e-bad-2', 'Usage Recorded', '2026-02-17T00:00:00Z', {
        accountId: 'acc-1',
        contactId: PEOPLE[2].email,
        action: PEOPLE[2].name,
        occurredAt: '2026-02-30T00:00:00Z',
      }),
    ];
    const ingested = await ingest(sqsEvent(events));
    expect(ingested.batchItemFailures).toEqual([]);
    expect(deadLetters.all()).toHaveLength(3);

    const planner = createPlanAccounts({
      store,
      queue,
      publisher,
      program: content.program,
      catalogs: content.catalogs,
      clock: () => '2026-03-02T01:00:00.000Z',
      logger: createLogger('teichaku-planner'),
    });
    await planner();
    const touches = queue.take();
    expect(touches.length).toBeGreaterThanOrEqual(3);

    const sender = createSenderHandler({
      store,
      ledger,
      mailer: createSesMailer(new SESv2Client({ region: 'us-east-1' }), {
        configurationSetName: 'teichaku',
        limiter: { take: async () => undefined },
      }),
      publisher,
      renderer: createRenderer(content),
      tokens,
      fromFor: (locale) => fromAddress(content.sender[locale].name, 'cs@example.com'),
      unsubscribeBaseUrl: 'https://unsubscribe.example.com/',
      clock: () => '2026-03-02T01:02:00.000Z',
      logger: createLogger('teichaku-sender'),
      metrics: createMetrics('teichaku-sender'),
      deadLetters,
    });
    const jobs: SQSEvent = sqsEvent(touches.map((t) => JSON.stringify(t)));
    await sender(jobs);
    // A job no planner wrote (hand-made, or an old format): its reason must not quote it either.
    await sender(
      sqsEvent([JSON.stringify({ touchId: 'x', email: PEOPLE[0].email, [PEOPLE[1].email]: PEOPLE[1].name })]),
    );

    const engagement = createEngagementHandler({
      ledger,
      suppressions: createStoreSuppressionRecorder(store),
      logger: createLogger('teichaku-engagement'),
    });
    const sentTo = (i: number) => touches.find((t) => t.contactId === PEOPLE[i]?.id) ?? touches[0]!;
    await engagement(sesEvent('Bounce', sentTo(0), PEOPLE[0].email));
    await engagement(sesEvent('Complaint', sentTo(3), PEOPLE[3].email));
    await engagement({
      ...sesEvent('Bounce', sentTo(0), PEOPLE[0].email),
      detail: { mail: { destination: [PEOPLE[0].email] } },
    });

    const unsubscribe = createUnsubscribeHandler({
      tokens,
      store,
      suppressions: createStoreSuppressionRecorder(store),
      clock: () => '2026-03-03T02:00:00.000Z',
      logger: createLogger('teichaku-unsubscribe'),
    });
    const token = await tokens.sign('acc-1', 'c-2', '2027-03-03T00:00:00.000Z');
    expect((await unsubscribe(http('GET', token))).statusCode).toBe(200);
    expect((await unsubscribe(http('POST', token, 'List-Unsubscribe=One-Click'))).statusCode).toBe(200);
    expect((await unsubscribe(http('POST', `${token}x`, 'List-Unsubscribe=One-Click'))).statusCode).toBe(400);

    const lines = written
      .join('')
      .split('\n')
      .filter((l) => l.trim().startsWith('{'));
    const messages = lines.map((l) => (JSON.parse(l) as { message?: string }).message);
    // The run went everywhere it should have: each handler spoke, the unhappy paths included.
    for (const expected of [
      'event rejected',
      'account updated',
      'account planned',
      'touch sent',
      'touch failed for good',
      'touch send unconfirmed: counted and signalled, never resent',
      'send job rejected',
      'touch engagement recorded',
      'SES event ignored: unreadable',
      'contact unsubscribed',
      'unsubscribe token refused',
    ]) {
      expect(messages, expected).toContain(expected);
    }
    expect(lines.some((l) => l.includes('"UnconfirmedSends"'))).toBe(true);
    const all = written.join('');
    for (const secret of secrets) expect(all, secret).not.toContain(secret);
    expect(all.match(EMAIL)).toBeNull();
    // The dead letters' attributes (what `teichaku dlq list` shows) quote none of it either; only the
    // bodies, kept for a redrive, hold what was sent.
    expect(deadLetters.all()).toHaveLength(4);
    const attributes = JSON.stringify(deadLetters.all().map(deadLetterAttributes));
    for (const secret of secrets) expect(attributes, secret).not.toContain(secret);
    expect(attributes.match(EMAIL)).toBeNull();
  });
});
