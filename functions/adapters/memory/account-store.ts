// In-memory AccountStore for the local simulation and tests. It keeps the real store's contract:
// writes are conditional on the version read (VersionConflictError otherwise), the version goes up by
// one per write, and the due index follows `cadence.nextDueAt` in the same write.
import { type AccountStore, VersionConflictError } from '../../core/ports.js';
import type { AccountState } from '../../core/state.js';
import { DueIndex } from './due-index.js';

export class MemoryAccountStore implements AccountStore {
  // States are stored as given: core states are immutable values, so sharing them is safe and keeps
  // a replay of thousands of accounts free of deep copies.
  private readonly states = new Map<string, AccountState>();
  private readonly due = new DueIndex();
  private writes = 0;
  private conflicts = 0;

  async load(accountId: string): Promise<AccountState | null> {
    return this.states.get(accountId) ?? null;
  }

  async save(state: AccountState): Promise<AccountState> {
    // No stored item counts as version 0, as `attribute_not_exists` does for the real table.
    const storedVersion = this.states.get(state.accountId)?.version ?? 0;
    if (storedVersion !== state.version) {
      this.conflicts += 1;
      throw new VersionConflictError(state.accountId, state.version);
    }
    const saved: AccountState = { ...state, version: state.version + 1 };
    this.states.set(saved.accountId, saved);
    this.due.set(saved.accountId, saved.cadence.nextDueAt);
    this.writes += 1;
    return saved;
  }

  async *listDue(until: string): AsyncIterable<string> {
    for (const id of this.due.until(until)) yield id;
  }

  /** Every stored account, by id: what a report reads (the real table is read by a parallel Scan). */
  all(): AccountState[] {
    return [...this.states.keys()].sort().map((id) => this.states.get(id) as AccountState);
  }

  stats(): { readonly accounts: number; readonly writes: number; readonly conflicts: number; readonly due: number } {
    return { accounts: this.states.size, writes: this.writes, conflicts: this.conflicts, due: this.due.size };
  }
}
