// The ingest → planner → sender path on real local DynamoDB and SES: the same handlers as in AWS,
// with only EventBridge and SQS played by memory (their adapters are covered with mocked clients).

import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyEventV2, EventBridgeEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createRenderer } from '../../functions/adapters/content-file.js';
import { createDynamoTouchLedger } from '../../functions/adapters/dynamodb-ledger.js';
import { createDynamoAccountStore } from '../../functions/adapters/dynamodb-store.js';
import { MemorySendQueue } from '../../functions/adapters/memory/send-queue.js';
import { MemorySignalPublisher } from '../../functions/adapters/memory/signal-publisher.js';
import { createTokenBucket } from '../../functions/adapters/rate-limiter.js';
import { createSesMailer } from '../../functions/adapters/ses-mailer.js';
import { createUnsubscribeTokens, DEFAULT_TOKEN_TTL_DAYS } from '../../functions/adapters/unsubscribe-token.js';
import { createStoreSuppressionRecorder } from '../../functions/app/account-suppression.js';
import { createPlanAccounts } from '../../functions/app/plan-accounts.js';
import { updateAccount } from '../../functions/app/update-account.js';
import type { PlannedTouch } from '../../functions/core/decisions.js';
import { fromAddress } from '../../functions/core/email/from-address.js';
import { unsubscribeUrl } from '../../functions/core/email/unsubscribe-link.js';
import { VersionConflictError } from '../../functions/core/ports.js';
import { addDays } from '../../functions/core/time.js';
import { touchTags } from '../../functions/core/touch-tags.js';
import { createEngagementHandler } from '../../functions/handlers/engagement.js';
import { createIngestHandler } from '../../functions/handlers/ingest.js';
import { createSenderHandler } from '../../functions/handlers/sender.js';
import { createUnsubscribeHandler } from '../../functions/handlers/unsubscribe.js';
import {
  accountUpserted,
  aPlannedTouch,
  contactUpserted,
  onboardingCompleted,
  surveyAnswered,
} from '../fixtures/builders.js';
import { envelopeOf, fixedClock, recordingLogger, sqsEvent } from '../handlers/helpers.js';
import { useLocalAws } from './local-aws.js';

const local = useLocalAws();
const SOURCE = 'com.example.product';
const FIRST_TOUCH_AT = '2026-01-26T00:00:00.000Z';
const SENT_AT = '2026-01-26T00:02:00.000Z';
const FROM = 'cs@example.com';
const UNSUBSCRIBE_BASE = 'https://unsubscribe.example.com/';
const tokens = createUnsubscribeTokens(async () => 'integration-secret-'.repeat(3));

function wire() {
  const { dynamo, ses, tableName, content } = local();
  const store = createDynamoAccountStore(dynamo, { tableName, dueShards: 4 });
  const ledger = createDynamoTouchLedger(dynamo, { tableName });
  const publisher = new MemorySignalPublisher();
  const queue = new MemorySendQueue();
  const logger = recordingLogger();
  const mailer = createSesMailer(ses, {
    configurationSetName: 'teichaku',
    limiter: createTokenBucket({ ratePerSecond: 50 }),
  });
  const renderer = createRenderer(content);
  const ingest = createIngestHandler({ store, publisher, program: content.program, eventSource: SOURCE, logger });
  const planner = (at: string) =>
    createPlanAccounts({
      store,
      queue,
      publisher,
      program: content.program,
      catalogs: content.catalogs,
      clock: fixedClock(at),
      logger,
    });
  const sender = createSenderHandler({
    store,
    ledger,
    mailer,
    publisher,
    renderer,
    programs: content.programs,
    tokens,
    fromFor: (locale) => fromAddress(content.sender[locale].name, FROM),
    unsubscribeBaseUrl: UNSUBSCRIBE_BASE,
    clock: fixedClock(SENT_AT),
    logger,
  });
  return { store, ledger, publisher, queue, logger, renderer, ingest, planner, sender };
}

function productEvents(accountId: string) {
  return [
    accountUpserted(accountId, { name: 'Yamada Trading', timeZone: 'Asia/Tokyo', locale: 'ja' }),
    contactUpserted(accountId, 'owner-1', {
      email: `hanako.${accountId}@example.com`,
      name: '佐藤 花子',
      role: 'owner',
      locale: 'ja',
    }),
    contactUpserted(accountId, 'member-1', {
      email: `ann.${accountId}@example.com`,
      name: 'Ann Lee',
      role: 'member',
      locale: 'en',
    }),
    onboardingCompleted(accountId, '2026-01-19'),
  ].map(envelopeOf);
}

describe('ingest → planner → sender on local DynamoDB and SES', () => {
  it('delivers each planned touch once, with both parts and one-click unsubscribe headers', async () => {
    const { ingest, planner, sender, queue, store, renderer, logger } = wire();
    await local().clearMails();

    expect(await ingest(sqsEvent(productEvents('acc-pipe')))).toEqual({ batchItemFailures: [] });
    const run = await planner(FIRST_TOUCH_AT)();
    expect(run.failed).toBe(0);
    const jobs: PlannedTouch[] = queue.take();
    expect(jobs.length).toBeGreaterThan(0);
    expect(await sender(sqsEvent(jobs.map((j) => JSON.stringify(j))))).toEqual({ batchItemFailures: [] });

    const mails = await local().mails();
    expect(mails).toHaveLength(jobs.length);
    const state = await store.load('acc-pipe');
    for (const job of jobs) {
      const contact = state?.contacts[job.contactId];
      const url = unsubscribeUrl(
        UNSUBSCRIBE_BASE,
        await tokens.sign(job.accountId, job.contactId, addDays(SENT_AT, DEFAULT_TOKEN_TTL_DAYS)),
      );
      const expected = renderer.render({
        touch: job,
        account: { ...(state?.profile as NonNullable<typeof state>['profile'] & object), accountId: job.accountId },
        contact: {
          contactId: job.contactId,
          name: contact?.name ?? '',
          email: contact?.email ?? '',
          role: contact?.role ?? 'member',
        },
        unsubscribeUrl: url,
        now: SENT_AT,
      });
      const mail = mails.find((m) => m.destination.to.includes(contact?.email ?? '?'));
      expect(mail?.destination).toEqual({ to: [contact?.email], cc: [], bcc: [] });
      expect(mail?.subject).toBe(expected.subject);
      expect(mail?.body.html).toBe(expected.html);
      expect(mail?.body.text).toBe(expected.text);
      expect(mail?.body.html).toContain(url.replace(/&/g, '&amp;'));
      expect(mail?.body.text).toContain(url);
      const headers = Object.fromEntries((mail?.headers ?? []).map((h) => [h.name.toLowerCase(), h.value]));
      expect(headers['list-unsubscribe']).toBe(`<${url}>`);
      expect(headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    }
    expect(logger.text()).not.toMatch(/@example\.com|佐藤 花子|Ann Lee/);
  });

  it('sends a redelivered send job once', async () => {
    const { ingest, planner, sender, queue, ledger } = wire();
    await local().clearMails();
    await ingest(sqsEvent(productEvents('acc-redeliver')));
    await planner(FIRST_TOUCH_AT)();
    const jobs = queue.take().map((j) => JSON.stringify(j));
    expect(jobs.length).toBeGreaterThan(0);
    // SQS may hand the same message to two consumers, and again after a visibility timeout.
    await Promise.all([sender(sqsEvent(jobs, 'a')), sender(sqsEvent(jobs, 'b'))]);
    await sender(sqsEvent(jobs, 'c'));
    const mails = await local().mails();
    expect(mails).toHaveLength(jobs.length);
    const first = JSON.parse(jobs[0] as string) as PlannedTouch;
    expect(await ledger.claim(first, SENT_AT)).toBe('already-claimed');
  });

  it('turns a real conditional-write conflict into a retry on fresh state', async () => {
    const { ingest, store } = wire();
    await ingest(sqsEvent(productEvents('acc-race')));
    const stale = await store.load('acc-race');
    const fresh = await store.load('acc-race');
    if (stale === null || fresh === null) throw new Error('account not stored');
    await store.save({ ...fresh, lastEventAt: '2026-01-20T00:00:00.000Z' });
    await expect(store.save(stale)).rejects.toBeInstanceOf(VersionConflictError);

    // Two writers racing through the retry loop: both changes survive.
    const mark = (key: string) => (current: typeof stale | null) =>
      current === null
        ? null
        : {
            state: { ...current, actionsFirstSeen: { ...current.actionsFirstSeen, [key]: '2026-01-20T00:00:00.000Z' } },
          };
    const outcomes = await Promise.all([
      updateAccount(store, 'acc-race', mark('a.one')),
      updateAccount(store, 'acc-race', mark('b.two')),
    ]);
    const final = await store.load('acc-race');
    expect(Object.keys(final?.actionsFirstSeen ?? {})).toEqual(expect.arrayContaining(['a.one', 'b.two']));
    expect(final?.version).toBe((fresh.version ?? 0) + 3);
    expect(outcomes.map((o) => o?.attempts ?? 0).reduce((a, b) => a + b)).toBeGreaterThanOrEqual(2);
  });

  it('finds due accounts through the sharded due index and forgets them once planned', async () => {
    const { ingest, planner, store } = wire();
    await ingest(sqsEvent(productEvents('acc-due')));
    const due = async (until: string) => {
      const ids: string[] = [];
      for await (const id of store.listDue(until)) ids.push(id);
      return ids;
    };
    expect(await due(FIRST_TOUCH_AT)).toContain('acc-due');
    expect(await due('2026-01-01T00:00:00.000Z')).not.toContain('acc-due');
    await planner(FIRST_TOUCH_AT)();
    expect(await due(FIRST_TOUCH_AT)).not.toContain('acc-due');
  });
});

describe('the detractor hold at send time on local DynamoDB', () => {
  it('drops a promotional touch planned before a detractor answer, and still sends the service touches', async () => {
    const { ingest, planner, sender, queue, ledger } = wire();
    await local().clearMails();
    await ingest(sqsEvent(productEvents('acc-hold')));
    await planner(FIRST_TOUCH_AT)();
    const planned = queue.take().filter((j) => j.accountId === 'acc-hold');
    expect(planned.length).toBeGreaterThan(0);
    const story = aPlannedTouch(
      { kind: 'success-story', storyId: 'story-held' },
      {
        accountId: 'acc-hold',
        contactId: 'owner-1',
        plannedAt: FIRST_TOUCH_AT,
        basis: { basis: 'business-relationship', from: 'program-default' },
      },
    );
    // The member answers the NPS as a detractor after the touches were planned, before they are sent.
    const answer = surveyAnswered('acc-hold', 'member-1', {
      survey: 'nps',
      score: 3,
      answeredAt: '2026-01-26T00:01:00Z',
    });
    expect(await ingest(sqsEvent([envelopeOf(answer)]))).toEqual({ batchItemFailures: [] });
    const jobs = [story, ...planned].map((j) => JSON.stringify(j));
    expect(await sender(sqsEvent(jobs))).toEqual({ batchItemFailures: [] });

    expect(await ledger.inspect('acc-hold', story.touchId)).toMatchObject({ status: 'skipped' });
    // The planned touches are service email (the first slot of adoption): each one still goes.
    expect(planned.every((j) => j.basis === undefined)).toBe(true);
    const reached = (await local().mails()).flatMap((m) => m.destination.to);
    expect(reached.filter((to) => to.includes('acc-hold'))).toHaveLength(planned.length);
    for (const job of planned) expect(await ledger.inspect('acc-hold', job.touchId)).toMatchObject({ status: 'sent' });
  });
});

describe('opting out on local DynamoDB', () => {
  // acc-opt-out falls in the treatment group of the default program's holdout (bucket 7350 of 10000).
  it('stops mail to a contact after a one-click unsubscribe and after a permanent bounce', async () => {
    const { ingest, planner, sender, queue, store, logger } = wire();
    const { dynamo, tableName } = local();
    await local().clearMails();
    await ingest(sqsEvent(productEvents('acc-opt-out')));
    await planner(FIRST_TOUCH_AT)();
    const jobs = queue.take();
    await sender(sqsEvent(jobs.map((j) => JSON.stringify(j))));
    const owner = jobs.find((j) => j.contactId === 'owner-1');
    const member = jobs.find((j) => j.contactId === 'member-1');
    if (owner === undefined || member === undefined) throw new Error('expected a touch for both contacts');

    // The owner unsubscribes with the mail's own one-click link.
    const mail = (await local().mails()).find((m) => m.destination.to.includes('hanako.acc-opt-out@example.com'));
    const link =
      (mail?.headers ?? []).find((h) => h.name.toLowerCase() === 'list-unsubscribe')?.value.slice(1, -1) ?? '';
    const unsubscribe = createUnsubscribeHandler({
      tokens,
      store,
      suppressions: createStoreSuppressionRecorder(store),
      clock: fixedClock(SENT_AT),
      logger,
    });
    const post = await unsubscribe({
      requestContext: { http: { method: 'POST' } },
      queryStringParameters: { t: new URL(link).searchParams.get('t') ?? '' },
      body: 'List-Unsubscribe=One-Click',
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEventV2);
    expect(post.statusCode).toBe(200);

    // The member's address bounces for good.
    const engagement = createEngagementHandler({
      ledger: createDynamoTouchLedger(dynamo, { tableName }),
      suppressions: createStoreSuppressionRecorder(store),
      logger,
    });
    const tags = Object.fromEntries(Object.entries(touchTags(member)).map(([k, v]) => [k, [v]]));
    await engagement({
      time: '2026-01-26T00:03:00Z',
      detail: {
        eventType: 'Bounce',
        mail: { messageId: 'x', tags },
        bounce: { bounceType: 'Permanent', timestamp: '2026-01-26T00:03:00.000Z' },
      },
    } as unknown as EventBridgeEvent<string, unknown>);
    const touchItem = await dynamo.send(
      new GetItemCommand({
        TableName: tableName,
        Key: { pk: { S: 'ACCOUNT#acc-opt-out' }, sk: { S: `TOUCH#${member.touchId}` } },
      }),
    );
    expect(unmarshall(touchItem.Item ?? {}).status).toBe('bounced');

    const state = await store.load('acc-opt-out');
    expect(state?.contacts['owner-1']?.suppressed?.reason).toBe('unsubscribed');
    expect(state?.contacts['member-1']?.suppressed?.reason).toBe('bounced');
    // A week later the cadence is due again, and nobody is mailed.
    await local().clearMails();
    await planner('2026-02-02T00:00:00.000Z')();
    const later = queue.take();
    await sender(sqsEvent(later.map((j) => JSON.stringify(j))));
    // Other accounts onboarded the same day are mailed at this slot, so the cadence was due.
    expect(later.length).toBeGreaterThan(0);
    expect(later.filter((j) => j.accountId === 'acc-opt-out')).toEqual([]);
    const reached = (await local().mails()).flatMap((m) => m.destination.to);
    expect(reached.filter((to) => to.includes('acc-opt-out'))).toEqual([]);
  });
});
