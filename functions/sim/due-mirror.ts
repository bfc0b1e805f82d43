// A mirror of the due index, fed by every save the handlers make through the replay's store. The
// replay asks it whether an hour has anything due before calling the planner: the answer is the same
// as the real index's (every write goes through the mirror), and an empty hour then costs nothing
// instead of a Query per shard against local DynamoDB.
import type { AccountStore } from '../core/ports.js';
import { DueIndex } from '../adapters/memory/due-index.js';

export class DueMirror {
  private readonly index = new DueIndex();

  /** The store with every successful save mirrored; loads and due queries pass through unchanged. */
  watch(store: AccountStore): AccountStore {
    return {
      load: (accountId) => store.load(accountId),
      listDue: (until) => store.listDue(until),
      save: async (state) => {
        const saved = await store.save(state);
        this.index.set(saved.accountId, saved.cadence.nextDueAt);
        return saved;
      },
    };
  }

  hasDue(until: string): boolean {
    const earliest = this.index.earliest();
    return earliest !== null && earliest <= new Date(Date.parse(until)).toISOString();
  }
}
