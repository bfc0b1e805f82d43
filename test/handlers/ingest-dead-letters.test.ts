// Poison isolation and rejections straight to the dead-letter queue: an event the engine cannot apply
// costs only its own record, the valid events of its account take effect in the same invocation, and
// what can never go in reaches the dead-letter queue at once with its reason; what failed for the
// moment is still retried.
import { describe, expect, it } from 'vitest';
import { CorruptAccountItemError } from '../../functions/adapters/dynamodb-store.js';
import { MemoryAccountStore } from '../../functions/adapters/memory/account-store.js';
import { MemoryDeadLetters } from '../../functions/adapters/memory/dead-letters.js';
import { MemorySignalPublisher } from '../../functions/adapters/memory/signal-publisher.js';
import type { AccountStore } from '../../functions/core/ports.js';
import { createIngestHandler, type IngestDeps } from '../../functions/handlers/ingest.js';
import { accountUpserted, contactUpserted, defaultProgram, onboardingCompleted, usage } from '../fixtures/builders.js';
import { poisonedApply } from '../fixtures/poison.js';
import { envelopeOf, recordingLogger, sqsEvent } from './helpers.js';

const SOURCE = 'com.example.product';
const POISON = usage('acc-1', 'c-1', 'report.create', '2026-01-21T01:00:00Z', { id: 'evt-poison' });

function setup(
  options: { store?: AccountStore; apply?: IngestDeps['apply']; deadLetters?: MemoryDeadLetters | null } = {},
) {
  const store = options.store ?? new MemoryAccountStore();
  const deadLetters = options.deadLetters === null ? undefined : (options.deadLetters ?? new MemoryDeadLetters());
  const logger = recordingLogger();
  const handler = createIngestHandler({
    store,
    publisher: new MemorySignalPublisher(),
    program: defaultProgram(),
    eventSource: SOURCE,
    logger,
    deadLetters,
    apply: options.apply ?? poisonedApply(POISON.id),
  });
  return { store, deadLetters: deadLetters as MemoryDeadLetters, logger, handler };
}

const accountEvents = (accountId: string) => [
  accountUpserted(accountId, { name: 'Yamada Trading' }),
  contactUpserted(accountId, 'c-1', { email: 'hanako@example.com', name: 'Hanako Sato', role: 'owner' }),
  onboardingCompleted(accountId, '2026-01-19'),
];

const throttled = () =>
  Object.assign(new Error('Rate of requests exceeds the allowed throughput'), {
    name: 'ProvisionedThroughputExceededException',
    $retryable: { throttling: true },
  });

describe('ingest: poison isolation', () => {
  it('applies the valid events of the poisoned account in the same invocation and dead-letters only the poison, with its reason', async () => {
    const { handler, store, deadLetters } = setup();
    const valid = usage('acc-1', 'c-1', 'login', '2026-01-20T01:00:00Z');
    const batch = sqsEvent([...accountEvents('acc-1'), POISON, valid, ...accountEvents('acc-2')].map(envelopeOf));
    expect(await handler(batch)).toEqual({ batchItemFailures: [] });
    const state = await store.load('acc-1');
    expect(state?.profile?.name).toBe('Yamada Trading');
    expect(state?.contacts['c-1']?.role).toBe('owner');
    expect(state?.onboardingCompletedAt).toBe('2026-01-19T00:00:00.000Z');
    expect(JSON.stringify(state)).toContain('login');
    expect(JSON.stringify(state)).not.toContain('report.create');
    expect((await store.load('acc-2'))?.profile?.name).toBe('Yamada Trading');
    expect(deadLetters.all()).toEqual([
      {
        body: batch.Records[3]?.body,
        reason: 'event evt-poison not applied: the engine could not apply it (RangeError)',
        eventId: 'evt-poison',
        source: { queueArn: batch.Records[3]?.eventSourceARN, messageId: 'm-3' },
      },
    ]);
  });

  it('writes the other accounts of the batch once each, whatever one account’s poison costs', async () => {
    const store = new MemoryAccountStore();
    const { handler } = setup({ store });
    await handler(sqsEvent([...accountEvents('acc-1'), POISON, ...accountEvents('acc-2')].map(envelopeOf)));
    // acc-2: one write; acc-1: one write per valid event (three), the poison none.
    expect(store.stats().writes).toBe(4);
  });

  it('retries an account whose write fails for the moment, and dead-letters none of it', async () => {
    const inner = new MemoryAccountStore();
    const store: AccountStore = {
      load: (id) => inner.load(id),
      listDue: (until) => inner.listDue(until),
      save: async (state) => (state.accountId === 'acc-2' ? Promise.reject(throttled()) : inner.save(state)),
    };
    const { handler, deadLetters } = setup({ store });
    const response = await handler(sqsEvent([...accountEvents('acc-1'), ...accountEvents('acc-2')].map(envelopeOf)));
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['m-3', 'm-4', 'm-5']);
    expect(deadLetters.all()).toEqual([]);
    expect(await inner.load('acc-1')).not.toBeNull();
  });

  it('retries an event that fails for the moment while its account’s events are applied one by one', async () => {
    const inner = new MemoryAccountStore();
    let saves = 0;
    const store: AccountStore = {
      load: (id) => inner.load(id),
      listDue: (until) => inner.listDue(until),
      // The first one-by-one write goes in; the second meets a throttle.
      save: async (state) => (++saves === 2 ? Promise.reject(throttled()) : inner.save(state)),
    };
    const { handler, deadLetters } = setup({ store });
    const response = await handler(
      sqsEvent([accountUpserted('acc-1'), contactUpserted('acc-1', 'c-1'), POISON].map(envelopeOf)),
    );
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(deadLetters.all().map((d) => d.eventId)).toEqual(['evt-poison']);
    expect((await inner.load('acc-1'))?.profile).not.toBeNull();
  });

  it('dead-letters an account’s events when its stored item cannot be read, each with the reason', async () => {
    const store: AccountStore = {
      load: async (id) => Promise.reject(new CorruptAccountItemError(id, 'packed state does not inflate')),
      listDue: () => new MemoryAccountStore().listDue(''),
      save: async (state) => state,
    };
    const { handler, deadLetters } = setup({ store });
    expect(await handler(sqsEvent(accountEvents('acc-1').map(envelopeOf)))).toEqual({ batchItemFailures: [] });
    expect(deadLetters.all().map((d) => d.reason)).toEqual(
      accountEvents('acc-1').map(
        (e) =>
          `event ${e.id} not applied: account acc-1: stored state item is unreadable (packed state does not inflate); expected the item written by the teichaku store`,
      ),
    );
  });

  it('dead-letters the event whose write DynamoDB refuses as invalid, and keeps the others', async () => {
    const inner = new MemoryAccountStore();
    const store: AccountStore = {
      load: (id) => inner.load(id),
      listDue: (until) => inner.listDue(until),
      save: async (state) =>
        Object.keys(state.contacts).includes('c-big')
          ? Promise.reject(
              Object.assign(new Error('Item size has exceeded the maximum allowed size'), {
                name: 'ValidationException',
              }),
            )
          : inner.save(state),
    };
    const { handler, deadLetters } = setup({ store });
    const big = contactUpserted('acc-1', 'c-big');
    expect(
      await handler(sqsEvent([accountUpserted('acc-1'), big, contactUpserted('acc-1', 'c-1')].map(envelopeOf))),
    ).toEqual({ batchItemFailures: [] });
    expect(deadLetters.all().map((d) => [d.eventId, d.reason])).toEqual([
      [big.id, `event ${big.id} not applied: DynamoDB refused the write as invalid (ValidationException)`],
    ]);
    expect(Object.keys((await inner.load('acc-1'))?.contacts ?? {})).toEqual(['c-1']);
  });
});

describe('ingest: rejections straight to the dead-letter queue', () => {
  it('dead-letters bad JSON, a schema rejection and a foreign source at once, reported as processed, with reasons that carry no values', async () => {
    const { handler, store, deadLetters } = setup();
    const bad: Record<string, unknown> = {
      ...envelopeOf(contactUpserted('acc-1', 'c-2', { email: 'jiro@example.com', name: 'Jiro Suzuki' })),
      id: 'evt-bad',
    };
    (bad.detail as Record<string, unknown>).email = 'not an email <jiro@example.com>';
    const foreign = { ...envelopeOf(accountUpserted('acc-9')), id: 'evt-foreign', source: 'someone.else' };
    const response = await handler(sqsEvent([...accountEvents('acc-1').map(envelopeOf), bad, '{broken json', foreign]));
    expect(response).toEqual({ batchItemFailures: [] });
    expect(Object.keys((await store.load('acc-1'))?.contacts ?? {})).toEqual(['c-1']);
    const letters = deadLetters.all();
    expect(letters.map((l) => [l.source.messageId, l.eventId])).toEqual([
      ['m-3', 'evt-bad'],
      ['m-4', null],
      ['m-5', 'evt-foreign'],
    ]);
    expect(letters[0]?.reason).toMatch(/event evt-bad .*detail\.email/);
    expect(letters[1]?.reason).toBe('message body is not JSON');
    expect(letters[2]?.reason).toMatch(/source/);
    expect(letters[1]?.body).toBe('{broken json');
    expect(JSON.stringify(letters.map((l) => l.reason))).not.toMatch(/jiro|Jiro|someone\.else/);
  });

  it('fails the records whose dead letters could not be written, for SQS to deliver again', async () => {
    const deadLetters = new MemoryDeadLetters();
    deadLetters.failNext(1);
    const { handler, logger } = setup({ deadLetters });
    const response = await handler(
      sqsEvent(['{broken', '{broken too', ...[...accountEvents('acc-1'), POISON].map(envelopeOf)]),
    );
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-0' }]);
    expect(deadLetters.all().map((l) => l.source.messageId)).toEqual(['m-1', 'm-5']);
    expect(
      logger.lines.find((l) => l.level === 'error' && l.message.startsWith('dead letters not written'))?.attributes,
    ).toMatchObject({ records: 1, messageIds: ['m-0'] });
  });

  it('fails every rejected record when the dead-letter queue throws instead of answering', async () => {
    const handler = createIngestHandler({
      store: new MemoryAccountStore(),
      publisher: new MemorySignalPublisher(),
      program: defaultProgram(),
      eventSource: SOURCE,
      logger: recordingLogger(),
      deadLetters: { deadLetter: async () => Promise.reject(new Error('socket hang up')) },
    });
    expect(await handler(sqsEvent(['{broken', envelopeOf(accountUpserted('acc-1')), '{broken too']))).toEqual({
      batchItemFailures: [{ itemIdentifier: 'm-0' }, { itemIdentifier: 'm-2' }],
    });
  });

  it('fails rejected and poisoned records for SQS’s redrive policy when no dead-letter queue is wired', async () => {
    const { handler, store } = setup({ deadLetters: null });
    const response = await handler(sqsEvent(['{broken', ...[...accountEvents('acc-1'), POISON].map(envelopeOf)]));
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-0' }, { itemIdentifier: 'm-4' }]);
    expect((await store.load('acc-1'))?.contacts['c-1']).toBeDefined();
  });
});
