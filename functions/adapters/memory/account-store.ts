// In-memory AccountStore for the local simulation and tests. It keeps the real store's contract:
// writes are conditional on the version read (VersionConflictError otherwise), the version goes up by
// one per write, and the due index follows `cadence.nextDueAt` in the same write.
import { type DueCursor, type DueEntry, isAfter, type ShardRange } from '../../core/planning-work.js';
import { type AccountStore, type DueShardIndex, VersionConflictError } from '../../core/ports.js';
import type { AccountState } from '../../core/state.js';
import { DEFAULT_DUE_SHARDS, dueShardNumberOf } from '../table-schema.js';
import { DueIndex } from './due-index.js';

export interface MemoryAccountStoreOptions {
  /** Shards of the due index, hashed as the table's are (default 16, the table's). */
  readonly dueShards?: number;
}

export class MemoryAccountStore implements AccountStore, DueShardIndex {
  // States are stored as given: core states are immutable values, so sharing them is safe and keeps
  // a replay of thousands of accounts free of deep copies.
  private readonly states = new Map<string, AccountState>();
  private readonly due = new DueIndex();
  private writes = 0;
  private conflicts = 0;
  readonly shardCount: number;

  constructor(options: MemoryAccountStoreOptions = {}) {
    this.shardCount = options.dueShards ?? DEFAULT_DUE_SHARDS;
    if (!Number.isInteger(this.shardCount) || this.shardCount < 1)
      throw new RangeError(`due shards must be a positive integer, got ${this.shardCount}`);
  }

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

  /** The table's order: shard, then due time, then account id (a snapshot, as a Query page is). */
  async *listDueIn(range: ShardRange, until: string, after: DueCursor | null): AsyncIterable<DueEntry> {
    if (range.last >= this.shardCount)
      throw new RangeError(`shards ${range.first}–${range.last} asked of a due index of ${this.shardCount} shards`);
    const entries: DueEntry[] = [];
    for (const accountId of this.due.until(until)) {
      const shard = dueShardNumberOf(accountId, this.shardCount);
      if (shard < range.first || shard > range.last) continue;
      const entry = { accountId, shard, dueAt: this.due.dueAt(accountId) as string };
      if (isAfter(entry, after)) entries.push(entry);
    }
    // Stable: within a shard the index's order (due time, then id) is kept.
    entries.sort((a, b) => a.shard - b.shard);
    for (const entry of entries) yield entry;
  }

  /** Every stored account, by id: what a report reads (the real table is read by a parallel Scan). */
  all(): AccountState[] {
    return [...this.states.keys()].sort().map((id) => this.states.get(id) as AccountState);
  }

  stats(): { readonly accounts: number; readonly writes: number; readonly conflicts: number; readonly due: number } {
    return { accounts: this.states.size, writes: this.writes, conflicts: this.conflicts, due: this.due.size };
  }
}
