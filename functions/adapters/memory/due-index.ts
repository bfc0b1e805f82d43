// The in-memory twin of the table's due index: accounts ordered by next due time, so the planner asks
// "who is due by now?" without looking at every account (the real one is a sharded GSI Query).

import { normalIso } from '../../core/time.js';

/** Keys are `<due ISO><account id>`: ISO instants of one shape sort as strings, ties by account id. */
export class DueIndex {
  private readonly dueOf = new Map<string, string>();
  private readonly keys: string[] = [];

  /** Puts the account at `dueAt`, or takes it out of the index when `dueAt` is null. */
  set(accountId: string, dueAt: string | null): void {
    const previous = this.dueOf.get(accountId);
    // One shape sorts as strings; the core's instants are in it already (checked, not re-formatted: this runs on every save).
    const due = dueAt === null ? null : normalIso(dueAt);
    if (previous === due) return;
    if (previous !== undefined) {
      const at = this.position(previous + accountId);
      this.keys.splice(at, 1);
      this.dueOf.delete(accountId);
    }
    if (due !== null) {
      const key = due + accountId;
      this.keys.splice(this.position(key), 0, key);
      this.dueOf.set(accountId, due);
    }
  }

  dueAt(accountId: string): string | null {
    return this.dueOf.get(accountId) ?? null;
  }

  /** The earliest due time in the index, or null when it is empty. */
  earliest(): string | null {
    const first = this.keys[0];
    return first === undefined ? null : first.slice(0, 24);
  }

  get size(): number {
    return this.keys.length;
  }

  /**
   * Account ids due at or before `until`, earliest first. A snapshot: saves made while the caller
   * walks the list do not shift it (a DynamoDB Query page is a snapshot in the same way).
   */
  until(until: string): string[] {
    const limit = normalIso(until);
    const ids: string[] = [];
    for (const key of this.keys) {
      const due = key.slice(0, 24);
      if (due > limit) break;
      ids.push(key.slice(24));
    }
    return ids;
  }

  /** First index whose key is not below `key` (binary search). */
  private position(key: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.keys[mid] as string) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
