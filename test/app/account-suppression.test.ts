import { describe, expect, it } from 'vitest';
import { MemoryAccountStore } from '../../functions/adapters/memory/account-store.js';
import { createStoreSuppressionRecorder } from '../../functions/app/account-suppression.js';
import { updateAccount } from '../../functions/app/update-account.js';
import { applyEvents } from '../../functions/core/apply-events.js';
import { type AccountStore, VersionConflictError } from '../../functions/core/ports.js';
import { type AccountState, isReachable } from '../../functions/core/state.js';
import { anAccount, contactUpserted, defaultProgram } from '../fixtures/builders.js';

const AT = '2026-02-02T00:00:00.000Z';

/** A store whose first `n` saves lose a race against another writer that adds a contact. */
function racingStore(inner: MemoryAccountStore, n: number): AccountStore & { conflicts: number } {
  let left = n;
  const wrapper = {
    conflicts: 0,
    load: (id: string) => inner.load(id),
    listDue: (until: string) => inner.listDue(until),
    async save(state: AccountState) {
      if (left > 0) {
        left--;
        wrapper.conflicts++;
        const current = (await inner.load(state.accountId)) as AccountState;
        const other = applyEvents(
          current,
          [contactUpserted(state.accountId, `racer-${left}`, {}, { at: AT })],
          defaultProgram(),
        ).state;
        await inner.save(other);
        throw new VersionConflictError(state.accountId, state.version);
      }
      return inner.save(state);
    },
  };
  return wrapper;
}

describe('suppression recorder', () => {
  it('suppresses a contact for good, keeping the first reason', async () => {
    const store = new MemoryAccountStore();
    await store.save(anAccount('acc-1').withProfile().withContact('c-1').state());
    const recorder = createStoreSuppressionRecorder(store, { programId: 'default' });
    await recorder.suppress('acc-1', 'c-1', 'bounced', AT);
    await recorder.suppress('acc-1', 'c-1', 'unsubscribed', '2026-03-01T00:00:00.000Z');
    const contact = (await store.load('acc-1'))?.contacts['c-1'];
    expect(contact?.suppressed).toEqual({ reason: 'bounced', at: AT });
    expect(contact && isReachable(contact)).toBe(false);
  });

  it('writes nothing when the contact is already suppressed', async () => {
    const store = new MemoryAccountStore();
    await store.save(anAccount('acc-1').withProfile().withContact('c-1').state());
    const recorder = createStoreSuppressionRecorder(store, { programId: 'default' });
    await recorder.suppress('acc-1', 'c-1', 'complained', AT);
    const version = (await store.load('acc-1'))?.version;
    await recorder.suppress('acc-1', 'c-1', 'complained', AT);
    expect((await store.load('acc-1'))?.version).toBe(version);
  });

  it('records a suppression for a contact the account has not seen yet, so a later upsert cannot lift it', async () => {
    const store = new MemoryAccountStore();
    const recorder = createStoreSuppressionRecorder(store, { programId: 'default' });
    await recorder.suppress('acc-new', 'c-9', 'unsubscribed', AT);
    const state = (await store.load('acc-new')) as AccountState;
    const later = applyEvents(
      state,
      [contactUpserted('acc-new', 'c-9', {}, { at: '2026-03-01T00:00:00Z' })],
      defaultProgram(),
    ).state;
    expect(later.contacts['c-9']?.suppressed?.reason).toBe('unsubscribed');
  });

  it('re-applies its change on fresh state after a version conflict, losing neither write', async () => {
    const inner = new MemoryAccountStore();
    await inner.save(anAccount('acc-1').withProfile().withContact('c-1').state());
    const store = racingStore(inner, 2);
    await createStoreSuppressionRecorder(store, { programId: 'default' }).suppress('acc-1', 'c-1', 'complained', AT);
    const state = (await inner.load('acc-1')) as AccountState;
    expect(store.conflicts).toBe(2);
    expect(state.contacts['c-1']?.suppressed?.reason).toBe('complained');
    expect(Object.keys(state.contacts).sort()).toEqual(['c-1', 'racer-0', 'racer-1']);
  });
});

describe('updateAccount', () => {
  it('gives up with the conflict after the bounded number of attempts', async () => {
    const inner = new MemoryAccountStore();
    await inner.save(anAccount('acc-1').withProfile().state());
    const store = racingStore(inner, 10);
    await expect(updateAccount(store, 'acc-1', (s) => (s === null ? null : { state: s }), 3)).rejects.toBeInstanceOf(
      VersionConflictError,
    );
    expect(store.conflicts).toBe(3);
  });
});
