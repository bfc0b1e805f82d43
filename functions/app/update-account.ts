// Read-modify-write of one account under optimistic concurrency: on a version conflict the change is
// computed again from the fresh state, so concurrent writers never lose each other's updates.
import type { AccountStore } from '../core/ports.js';
import { VersionConflictError } from '../core/ports.js';
import type { AccountState } from '../core/state.js';

export const DEFAULT_UPDATE_ATTEMPTS = 5;

export interface UpdateOutcome<R> {
  /** What `change` returned on the attempt that was written. */
  readonly result: R;
  /** The state as stored (version incremented). */
  readonly saved: AccountState;
  readonly attempts: number;
}

/**
 * Loads the account, asks `change` for the next state, saves it with the version condition and
 * retries from a fresh load on conflict. `change` returns null when there is nothing to write; then
 * nothing is saved and the outcome is null. `change` must be pure: it may run several times.
 * After `maxAttempts` conflicts the last VersionConflictError propagates.
 */
export async function updateAccount<R extends { readonly state: AccountState }>(
  store: AccountStore,
  accountId: string,
  change: (current: AccountState | null) => R | null,
  maxAttempts: number = DEFAULT_UPDATE_ATTEMPTS,
): Promise<UpdateOutcome<R> | null> {
  for (let attempt = 1; ; attempt++) {
    const current = await store.load(accountId);
    const result = change(current);
    if (result === null) return null;
    try {
      const saved = await store.save(result.state);
      return { result, saved, attempts: attempt };
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= maxAttempts) throw error;
    }
  }
}
