// Whether two account states hold the same facts, so a step that changed nothing costs no write.
// The core shares every part of a state it did not change (copy-on-write), so comparing references
// first leaves only the few parts a step rebuilt to look into: cheap, and exact, unlike a flag that
// would have to be kept right at every line that builds a state.
import type { AccountState } from './state.js';

/** Same facts, as the stored item would hold them: the version aside, an undefined field as no field. */
export function sameFacts(a: AccountState, b: AccountState): boolean {
  if (a === b) return true;
  return sameValue({ ...a, version: 0 }, { ...b, version: 0 });
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let keys = 0;
  for (const key in x) {
    const value = x[key];
    if (value === undefined) continue;
    keys += 1;
    if (!sameValue(value, y[key])) return false;
  }
  for (const key in y) if (y[key] !== undefined) keys -= 1;
  return keys === 0;
}
