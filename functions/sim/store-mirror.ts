// A mirror of what the handlers wrote, fed by every successful save through the replay's store: the
// latest state of each account and its place in the due index. The replay reads it instead of the
// store where reading the store would only repeat what it already saw:
// - before calling the planner, whether the hour has anything due (every write goes through the
//   mirror, so the answer is the real index's; an empty hour then costs no Query per shard);
// - for the weekly readings of health and usage (no read per account per week).

import { DueIndex } from '../adapters/memory/due-index.js';
import type { AccountStore } from '../core/ports.js';
import type { AccountState } from '../core/state.js';

export class StoreMirror {
  private readonly index = new DueIndex();
  private readonly states = new Map<string, AccountState>();

  /** The store with every successful save mirrored; loads and due queries pass through unchanged. */
  watch(store: AccountStore): AccountStore {
    return {
      load: (accountId) => store.load(accountId),
      listDue: (until) => store.listDue(until),
      save: async (state) => {
        const saved = await store.save(state);
        this.states.set(saved.accountId, saved);
        this.index.set(saved.accountId, saved.cadence.nextDueAt);
        return saved;
      },
    };
  }

  hasDue(until: string): boolean {
    const earliest = this.index.earliest();
    return earliest !== null && earliest <= new Date(Date.parse(until)).toISOString();
  }

  /** The latest saved state of every account written so far. */
  savedStates(): Iterable<AccountState> {
    return this.states.values();
  }
}
