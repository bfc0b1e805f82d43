// Whether a computed state differs from the stored one, so unchanged accounts cost no write.
import type { AccountState } from '../core/state.js';

/** Same content, compared as the JSON the store writes; the version is the store's, not compared. */
export function sameState(a: AccountState, b: AccountState): boolean {
  if (a === b) return true;
  return JSON.stringify({ ...a, version: 0 }) === JSON.stringify({ ...b, version: 0 });
}
