// Hostile input at the front door. Fuzzed events (wrong types, missing fields, unknown detail-types,
// huge and Unicode strings, line breaks in names, invalid time zones and dates, unknown fields,
// broken envelopes) mixed into batches of good ones, through the real ingest handler and a queue
// that redelivers failures until the dead-letter queue: each bad event is dead-lettered with a
// logged reason naming its event and its field, the good ones are applied, nothing stored changes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryAccountStore } from '../../functions/adapters/memory/account-store.js';
import { MemorySignalPublisher } from '../../functions/adapters/memory/signal-publisher.js';
import type { AccountState } from '../../functions/core/state.js';
import { createIngestHandler } from '../../functions/handlers/ingest.js';
import { defaultProgram } from '../fixtures/builders.js';
import { Choices } from '../fixtures/faults.js';
import { type LogLine, recordingLogger } from '../handlers/helpers.js';
import { contentOf } from '../reliability/checks.js';
import { RedeliveringQueue } from '../reliability/redelivering-queue.js';
import {
  type BadEvent,
  badEventArb,
  type Envelope,
  flawNames,
  goodEvents,
  legalNameArb,
  SOURCE,
} from './bad-events.js';

const RUNS = 600;
const EMAIL = /[^\s@"'<>]+@[^\s@"'<>]+\.[A-Za-z]{2,}/;

/** Every message through ingest until the queue is empty: bad ones are received 3 times, then dead-lettered. */
async function ingestAll(store: MemoryAccountStore, bodies: readonly unknown[]) {
  const logger = recordingLogger();
  const handler = createIngestHandler({
    store,
    publisher: new MemorySignalPublisher(),
    program: defaultProgram(),
    eventSource: SOURCE,
    logger,
  });
  const queue = new RedeliveringQueue('ingest', new Choices([]), { visibilityMs: 0, batchSize: 10, misbehave: false });
  const ids: string[] = [];
  for (const body of bodies)
    ids.push(`ingest-${ids.length + 1}`), queue.send(typeof body === 'string' ? body : JSON.stringify(body), 0);
  await queue.drain(
    async (records) => new Set((await handler({ Records: records })).batchItemFailures.map((f) => f.itemIdentifier)),
    0,
  );
  return { logger, deadLetters: queue.deadLetters.map((m) => m.messageId), ids };
}

function rejectionOf(lines: readonly LogLine[], messageId: string): string | null {
  const line = lines.find((l) => l.message === 'event rejected' && l.attributes.messageId === messageId);
  return line === undefined ? null : String(line.attributes.reason);
}

function expectNamed(reason: string | null, bad: BadEvent): void {
  expect(reason, JSON.stringify(bad.envelope).slice(0, 300)).not.toBeNull();
  expect(reason).toContain(bad.eventId === null ? 'event without a readable id' : `event ${bad.eventId} `);
  expect(reason).toContain(`${bad.path}: expected`);
  if (bad.value !== null) expect(reason).not.toContain(bad.value.slice(0, 200));
  expect(reason).not.toMatch(EMAIL);
  expect((reason ?? '').length).toBeLessThan(2_000);
}

const batchArb = fc.tuple(legalNameArb, legalNameArb, fc.nat(10_000)).chain(([accountName, contactName, n]) => {
  const goods = [
    ...goodEvents('acc-1', accountName, contactName, n),
    ...goodEvents('acc-2', contactName, accountName, n + 1),
  ];
  return fc.tuple(
    fc.constant(goods),
    fc.array(badEventArb(goods), { minLength: 1, maxLength: 6 }),
    fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
  );
});

/** Good and bad events interleaved in a fast-check-chosen order. */
function interleave(
  goods: readonly Envelope[],
  bads: readonly BadEvent[],
  order: readonly number[],
): { bodies: unknown[]; badAt: Map<number, BadEvent> } {
  const items: ({ kind: 'good'; envelope: Envelope } | { kind: 'bad'; bad: BadEvent })[] = [
    ...goods.map((envelope) => ({ kind: 'good' as const, envelope })),
    ...bads.map((bad) => ({ kind: 'bad' as const, bad })),
  ];
  const keyed = items
    .map((item, i) => ({ item, key: order[i % order.length] as number, i }))
    .sort((a, b) => a.key - b.key || a.i - b.i);
  const badAt = new Map<number, BadEvent>();
  const bodies = keyed.map(({ item }, i) => {
    if (item.kind === 'bad') badAt.set(i, item.bad);
    return item.kind === 'good' ? item.envelope : item.bad.envelope;
  });
  return { bodies, badAt };
}

describe('fuzzed product events', () => {
  it(`dead-letters each bad event with a reason naming it and its field, applies the good ones, stores nothing else (${RUNS} runs)`, async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(batchArb, async ([goods, bads, order]) => {
        const { bodies, badAt } = interleave(
          goods,
          bads.map((b) => b.bad),
          order,
        );
        bads.forEach((b) => seen.add(b.flaw));
        const store = new MemoryAccountStore();
        const { logger, deadLetters, ids } = await ingestAll(store, bodies);
        expect(deadLetters.sort()).toEqual([...badAt.keys()].map((i) => ids[i]).sort());
        for (const [i, bad] of badAt) expectNamed(rejectionOf(logger.lines, ids[i] as string), bad);
        // The good ones alone, in their own store, give exactly what was stored.
        const alone = new MemoryAccountStore();
        await ingestAll(alone, goods);
        expect(contentOf(store.all())).toEqual(contentOf(alone.all()));
        expect(logger.text()).not.toMatch(EMAIL);
      }),
      { numRuns: RUNS },
    );
    expect([...seen].sort()).toEqual([...flawNames].sort());
  }, 120_000);

  it('changes nothing stored, not even the version, when a batch holds only bad events for a known account (300 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(batchArb, async ([goods, bads]) => {
        const store = new MemoryAccountStore();
        await ingestAll(store, goods);
        const before: AccountState[] = store.all();
        const { deadLetters } = await ingestAll(
          store,
          bads.map((b) => b.bad.envelope),
        );
        expect(deadLetters).toHaveLength(bads.length);
        expect(store.all()).toEqual(before);
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('takes names with markup, quotes and any script as they are (escaping is the renderer’s job)', async () => {
    await fc.assert(
      fc.asyncProperty(legalNameArb, legalNameArb, async (accountName, contactName) => {
        const store = new MemoryAccountStore();
        const { deadLetters } = await ingestAll(store, goodEvents('acc-1', accountName, contactName, 1));
        expect(deadLetters).toEqual([]);
        const state = await store.load('acc-1');
        expect(state?.profile?.name).toBe(accountName.trim());
        expect(state?.contacts['c-1']?.name).toBe(contactName.trim());
      }),
      { numRuns: 200 },
    );
  });

  it('dead-letters an event whose detail-type names a property every object has, and applies the rest of its batch', async () => {
    const store = new MemoryAccountStore();
    const goods = goodEvents('acc-1', 'Acme', 'Mio', 1);
    const tricks = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'].map((t, i) => ({
      ...(goods[3] as Envelope),
      id: `trick-${i}`,
      'detail-type': t,
    }));
    const { deadLetters, logger, ids } = await ingestAll(store, [...goods, ...tricks]);
    expect(deadLetters.sort()).toEqual(ids.slice(goods.length).sort());
    expect(rejectionOf(logger.lines, ids[goods.length] as string)).toContain(
      'event trick-0 rejected: detail-type: expected one of',
    );
    expect((await store.load('acc-1'))?.profile?.name).toBe('Acme');
  });

  it('dead-letters an event naming a contact constructor, and still applies that account’s other events', async () => {
    const store = new MemoryAccountStore();
    const goods = goodEvents('acc-1', 'Acme', 'Mio', 1);
    const poison = {
      ...(goods[1] as Envelope),
      id: 'contact-constructor',
      detail: { ...(goods[1] as Envelope).detail, contactId: 'constructor' },
    };
    const { deadLetters, logger, ids } = await ingestAll(store, [...goods, poison]);
    expect(deadLetters).toEqual([ids[goods.length]]);
    expect(rejectionOf(logger.lines, ids[goods.length] as string)).toContain(
      'detail.contactId: expected must not be the name of a built-in object property',
    );
    expect(Object.keys((await store.load('acc-1'))?.contacts ?? {})).toEqual(['c-1']);
  });

  it('rejects an instant on a day that does not exist instead of rolling it into the next month', async () => {
    const store = new MemoryAccountStore();
    const [account, contact, usage] = goodEvents('acc-1', 'Acme', 'Mio', 1) as [Envelope, Envelope, Envelope];
    const lateFebruary = {
      ...usage,
      id: 'usage-feb-30',
      detail: { ...usage.detail, occurredAt: '2026-02-30T10:00:00Z' },
    };
    const { deadLetters, logger, ids } = await ingestAll(store, [account, contact, lateFebruary]);
    expect(deadLetters).toEqual([ids[2]]);
    expect(rejectionOf(logger.lines, ids[2] as string)).toContain(
      'event usage-feb-30 rejected: detail.occurredAt: expected',
    );
    expect((await store.load('acc-1'))?.activeDays).toEqual({});
  });
});
