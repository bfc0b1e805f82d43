import { describe, expect, it } from 'vitest';
import { MemoryAccountStore } from '../../functions/adapters/memory/account-store.js';
import { MemoryDeadLetters } from '../../functions/adapters/memory/dead-letters.js';
import { MemorySignalPublisher } from '../../functions/adapters/memory/signal-publisher.js';
import { type AccountStore, VersionConflictError } from '../../functions/core/ports.js';
import type { AccountState } from '../../functions/core/state.js';
import { createIngestHandler } from '../../functions/handlers/ingest.js';
import { accountUpserted, contactUpserted, defaultProgram, onboardingCompleted, usage } from '../fixtures/builders.js';
import { envelopeOf, recordingLogger, sqsEvent } from './helpers.js';

const SOURCE = 'com.example.product';

function setup(store: AccountStore = new MemoryAccountStore()) {
  const publisher = new MemorySignalPublisher();
  const logger = recordingLogger();
  const deadLetters = new MemoryDeadLetters();
  const handler = createIngestHandler({
    store,
    publisher,
    program: defaultProgram(),
    eventSource: SOURCE,
    logger,
    deadLetters,
  });
  return { store, publisher, logger, deadLetters, handler };
}

const accountEvents = (accountId: string) => [
  accountUpserted(accountId, { name: 'Yamada Trading' }),
  contactUpserted(accountId, 'c-1', { email: 'hanako@example.com', name: 'Hanako Sato', role: 'owner' }),
  onboardingCompleted(accountId, '2026-01-19'),
];

describe('ingest handler', () => {
  it('applies a batch with one conditional write per account', async () => {
    const store = new MemoryAccountStore();
    const { handler } = setup(store);
    const events = [...accountEvents('acc-1'), ...accountEvents('acc-2')].map(envelopeOf);
    expect(await handler(sqsEvent(events))).toEqual({ batchItemFailures: [] });
    expect(store.stats().writes).toBe(2);
    const state = await store.load('acc-1');
    expect(state?.profile?.name).toBe('Yamada Trading');
    expect(state?.contacts['c-1']?.role).toBe('owner');
    expect(state?.onboardingCompletedAt).toBe('2026-01-19T00:00:00.000Z');
  });

  it('dead-letters an invalid event with a reason naming the event and field, and applies the good ones', async () => {
    const { handler, store, logger, deadLetters } = setup();
    const bad: Record<string, unknown> = {
      ...envelopeOf(contactUpserted('acc-1', 'c-2', { email: 'jiro@example.com', name: 'Jiro Suzuki' })),
      id: 'evt-bad',
    };
    (bad.detail as Record<string, unknown>).email = 'not an email <jiro@example.com>';
    const response = await handler(sqsEvent([...accountEvents('acc-1').map(envelopeOf), bad, '{broken json']));
    // Straight to the dead-letter queue, not retried: they would fail the same way on every delivery.
    expect(response.batchItemFailures).toEqual([]);
    expect(deadLetters.all().map((l) => [l.source.messageId, l.eventId])).toEqual([
      ['m-3', 'evt-bad'],
      ['m-4', null],
    ]);
    expect(deadLetters.all()[0]?.reason).toMatch(/event evt-bad .*detail\.email/);
    expect(Object.keys((await store.load('acc-1'))?.contacts ?? {})).toEqual(['c-1']);
    const rejected = logger.lines.filter((l) => l.message === 'event rejected');
    expect(rejected.map((l) => l.attributes.eventId)).toEqual(['evt-bad', null]);
    expect(String(rejected[0]?.attributes.reason)).toMatch(/event evt-bad .*detail\.email/);
    expect(String(rejected[1]?.attributes.reason)).toBe('message body is not JSON');
  });

  it('never logs an email address, a name or the event body', async () => {
    const { handler, logger } = setup();
    const bad = envelopeOf(contactUpserted('acc-1', 'c-9', { email: 'taro@example.com', name: 'Taro Yamada' }));
    (bad.detail as Record<string, unknown>).role = 'boss';
    await handler(sqsEvent([...accountEvents('acc-1').map(envelopeOf), bad]));
    const text = logger.text();
    for (const secret of ['taro@example.com', 'Taro Yamada', 'hanako@example.com', 'Hanako Sato', 'Yamada Trading'])
      expect(text).not.toContain(secret);
  });

  it('rejects events from another source', async () => {
    const { handler, store, deadLetters } = setup();
    const foreign = { ...envelopeOf(accountUpserted('acc-1')), source: 'someone.else' };
    expect((await handler(sqsEvent([foreign]))).batchItemFailures).toEqual([]);
    expect(deadLetters.all().map((l) => l.source.messageId)).toEqual(['m-0']);
    expect(await store.load('acc-1')).toBeNull();
  });

  it('writes nothing and signals nothing when a batch is redelivered', async () => {
    const store = new MemoryAccountStore();
    const { handler, publisher } = setup(store);
    const batch = sqsEvent(
      [...accountEvents('acc-1'), usage('acc-1', 'c-1', 'login', '2026-01-06T01:00:00Z')].map(envelopeOf),
    );
    await handler(batch);
    const first = publisher.drain();
    const writes = store.stats().writes;
    expect(await handler(batch)).toEqual({ batchItemFailures: [] });
    expect(store.stats().writes).toBe(writes);
    expect(publisher.drain()).toEqual([]);
    expect(first.some((s) => s.type === 'Milestone Reached')).toBe(true);
  });

  it('writes nothing for an event already applied, and writes new usage (its actions count)', async () => {
    const store = new MemoryAccountStore();
    const { handler } = setup(store);
    // Tokyo: 10:00 and 17:30 on 01-20, then 09:00 on 01-21.
    await handler(
      sqsEvent([...accountEvents('acc-1'), usage('acc-1', 'c-1', 'login', '2026-01-20T01:00:00Z')].map(envelopeOf)),
    );
    const writes = store.stats().writes;
    const first = usage('acc-1', 'c-1', 'login', '2026-01-20T01:00:00Z');
    await handler(sqsEvent([envelopeOf(first)], 'again'));
    expect(store.stats().writes).toBe(writes);
    await handler(sqsEvent([envelopeOf(usage('acc-1', 'c-1', 'login', '2026-01-20T08:30:00Z'))], 'later'));
    expect(store.stats().writes).toBe(writes + 1);
    await handler(sqsEvent([envelopeOf(usage('acc-1', 'c-1', 'login', '2026-01-21T00:00:00Z'))], 'next-day'));
    expect(store.stats().writes).toBe(writes + 2);
  });

  it('fails only the records of the account whose write failed', async () => {
    const inner = new MemoryAccountStore();
    const broken: AccountStore = {
      load: (id) => inner.load(id),
      listDue: (until) => inner.listDue(until),
      save: async (state) => {
        if (state.accountId === 'acc-2') throw new Error('ProvisionedThroughputExceededException');
        return inner.save(state);
      },
    };
    const { handler, logger, deadLetters } = setup(broken);
    const response = await handler(sqsEvent([...accountEvents('acc-1'), ...accountEvents('acc-2')].map(envelopeOf)));
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['m-3', 'm-4', 'm-5']);
    expect(deadLetters.all()).toEqual([]);
    expect(await inner.load('acc-1')).not.toBeNull();
    expect(logger.lines.find((l) => l.level === 'error')?.attributes).toMatchObject({ accountId: 'acc-2', records: 3 });
  });

  it('re-applies the batch on fresh state after a version conflict, keeping the other writer’s change', async () => {
    const inner = new MemoryAccountStore();
    const { handler: seed } = setup(inner);
    await seed(sqsEvent(accountEvents('acc-1').map(envelopeOf)));
    let raced = false;
    const racing: AccountStore = {
      load: (id) => inner.load(id),
      listDue: (until) => inner.listDue(until),
      save: async (state: AccountState) => {
        if (!raced) {
          raced = true;
          // Another ingest container wins the race with a different event for the same account.
          await setup(inner).handler(sqsEvent([envelopeOf(contactUpserted('acc-1', 'c-other', { role: 'member' }))]));
          throw new VersionConflictError(state.accountId, state.version);
        }
        return inner.save(state);
      },
    };
    const { handler } = setup(racing);
    expect(await handler(sqsEvent([envelopeOf(contactUpserted('acc-1', 'c-new', { role: 'admin' }))]))).toEqual({
      batchItemFailures: [],
    });
    expect(Object.keys((await inner.load('acc-1'))?.contacts ?? {}).sort()).toEqual(['c-1', 'c-new', 'c-other']);
  });

  it('keeps the records applied when only the signals fail to publish', async () => {
    const store = new MemoryAccountStore();
    const logger = recordingLogger();
    const handler = createIngestHandler({
      store,
      publisher: { publish: async () => Promise.reject(new Error('bus down')) },
      program: defaultProgram(),
      eventSource: SOURCE,
      logger,
    });
    const batch = sqsEvent(
      [...accountEvents('acc-1'), usage('acc-1', 'c-1', 'login', '2026-01-06T01:00:00Z')].map(envelopeOf),
    );
    expect(await handler(batch)).toEqual({ batchItemFailures: [] });
    expect(logger.lines.some((l) => l.level === 'error' && l.message === 'signals not published')).toBe(true);
  });
});
