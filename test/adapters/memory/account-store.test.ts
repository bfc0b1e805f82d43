import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryAccountStore } from '../../../functions/adapters/memory/account-store.js';
import { VersionConflictError } from '../../../functions/core/ports.js';
import { type AccountState, emptyAccountState } from '../../../functions/core/state.js';

function withDue(state: AccountState, nextDueAt: string | null): AccountState {
  return { ...state, cadence: { ...state.cadence, nextDueAt } };
}

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const ids: string[] = [];
  for await (const id of iterable) ids.push(id);
  return ids;
}

describe('MemoryAccountStore', () => {
  it('returns null for an account never saved', async () => {
    expect(await new MemoryAccountStore().load('acc-1')).toBeNull();
  });

  it('increments the version on every write and loads what was written', async () => {
    const store = new MemoryAccountStore();
    const first = await store.save(emptyAccountState('acc-1', 'default'));
    const second = await store.save({ ...first, lastEventAt: '2026-01-19T00:00:00.000Z' });
    expect([first.version, second.version]).toEqual([1, 2]);
    expect(await store.load('acc-1')).toEqual(second);
  });

  it('rejects a write based on a stale version with VersionConflictError', async () => {
    const store = new MemoryAccountStore();
    const saved = await store.save(emptyAccountState('acc-1', 'default'));
    await store.save(saved);
    await expect(store.save(saved)).rejects.toBeInstanceOf(VersionConflictError);
  });

  it('rejects creating an account that another writer created first', async () => {
    const store = new MemoryAccountStore();
    await store.save(emptyAccountState('acc-1', 'default'));
    await expect(store.save(emptyAccountState('acc-1', 'default'))).rejects.toThrow(/acc-1 changed since version 0/);
  });

  it('rejects a write claiming a version for an account that does not exist', async () => {
    const store = new MemoryAccountStore();
    await expect(store.save({ ...emptyAccountState('acc-1', 'default'), version: 3 })).rejects.toBeInstanceOf(
      VersionConflictError,
    );
  });

  it('lists only accounts due by the given time, earliest first', async () => {
    const store = new MemoryAccountStore();
    await store.save(withDue(emptyAccountState('late', 'default'), '2026-01-20T10:00:00.000Z'));
    await store.save(withDue(emptyAccountState('early', 'default'), '2026-01-19T10:00:00.000Z'));
    await store.save(withDue(emptyAccountState('never', 'default'), null));
    expect(await collect(store.listDue('2026-01-19T12:00:00Z'))).toEqual(['early']);
    expect(await collect(store.listDue('2026-01-20T10:00:00Z'))).toEqual(['early', 'late']);
  });

  it('moves an account in the due index when its next due time changes, and drops it when null', async () => {
    const store = new MemoryAccountStore();
    const saved = await store.save(withDue(emptyAccountState('acc-1', 'default'), '2026-01-19T10:00:00.000Z'));
    const moved = await store.save(withDue(saved, '2026-02-01T10:00:00.000Z'));
    expect(await collect(store.listDue('2026-01-31T00:00:00Z'))).toEqual([]);
    expect(await collect(store.listDue('2026-02-01T10:00:00Z'))).toEqual(['acc-1']);
    await store.save(withDue(moved, null));
    expect(await collect(store.listDue('2100-01-01T00:00:00Z'))).toEqual([]);
  });

  it('orders due times given in another shape (an offset, no milliseconds) by the instant they name', async () => {
    const store = new MemoryAccountStore();
    await store.save(withDue(emptyAccountState('acc-tokyo', 'default'), '2026-01-19T18:00:00+09:00'));
    await store.save(withDue(emptyAccountState('acc-utc', 'default'), '2026-01-19T08:30:00.000Z'));
    expect(await collect(store.listDue('2026-01-19T08:59:59Z'))).toEqual(['acc-utc']);
    expect(await collect(store.listDue('2026-01-19T09:00:00Z'))).toEqual(['acc-utc', 'acc-tokyo']);
  });

  it('agrees with a full scan on which accounts are due, whatever the order of writes', async () => {
    const due = fc.option(
      fc.integer({ min: 0, max: 1000 }).map((h) => new Date(Date.UTC(2026, 0, 1) + h * 3_600_000).toISOString()),
      { nil: null },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), due), { maxLength: 60 }),
        fc.integer({ min: 0, max: 1000 }),
        async (writes, hour) => {
          const store = new MemoryAccountStore();
          for (const [n, nextDueAt] of writes) {
            const current = (await store.load(`acc-${n}`)) ?? emptyAccountState(`acc-${n}`, 'default');
            await store.save(withDue(current, nextDueAt));
          }
          const until = new Date(Date.UTC(2026, 0, 1) + hour * 3_600_000).toISOString();
          const scanned = store
            .all()
            .filter((s) => s.cadence.nextDueAt !== null && s.cadence.nextDueAt <= until)
            .map((s) => s.accountId)
            .sort();
          expect((await collect(store.listDue(until))).sort()).toEqual(scanned);
        },
      ),
    );
  });
});
