// The cap per company: at most `maxPer7Days` automated emails to all the people of one account in any
// 7 days, on top of each person's own cap. Like the cap per person it needs no counter: the touches
// already planned for the account's contacts say it (each contact keeps its last TOUCH_HISTORY_LIMIT,
// far more than a week's worth under any cap).
import { type AccountCap, accountCapOf, audienceOf, type Program } from './program.js';
import { type AccountState, type ContactState, isKeyContact } from './state.js';
import { DAY_MS, toIso, toMs } from './time.js';

const WINDOW_MS = 7 * DAY_MS;

/** The times (ms) of the account's touches, oldest first. */
function touchTimes(state: AccountState): number[] {
  const times: number[] = [];
  for (const id in state.contacts) for (const t of (state.contacts[id] as ContactState).touches) times.push(toMs(t.at));
  return times.sort((a, b) => a - b);
}

/**
 * The earliest instant at or after `now` at which one more touch to the account keeps within the
 * cap: once the oldest of its last `maxPer7Days` touches is 7 days old.
 */
export function accountCapLiftsAt(state: AccountState, now: string, cap: AccountCap): string {
  const times = touchTimes(state);
  const nowMs = toMs(now);
  if (times.length < cap.maxPer7Days) return toIso(nowMs);
  const oldestCounted = times[times.length - cap.maxPer7Days] as number;
  return toIso(Math.max(nowMs, oldestCounted + WINDOW_MS));
}

/** Null when one more touch at `now` keeps the account within the cap; else when the cap lifts. */
export function accountCapUntil(state: AccountState, now: string, program: Program): string | null {
  const lifts = accountCapLiftsAt(state, now, accountCapOf(program));
  return toMs(lifts) > toMs(now) ? lifts : null;
}

/**
 * The order in which the account's due contacts are filled while the cap lasts: a pending
 * re-onboarding first (a new key person who knows nothing of the product yet), then the other owners
 * and admins, then everyone else; by id within each group, so the order is the same on every run.
 */
export function capPriorityOrder(state: AccountState, contactIds: readonly string[]): string[] {
  const rank = (id: string): number => {
    const contact = state.contacts[id] as ContactState;
    if (contact.reonboarding === 'pending' && isKeyContact(contact)) return 0;
    return isKeyContact(contact) ? 1 : 2;
  };
  return [...contactIds].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** A re-onboarding waits for the person, and the program's audience for it includes their role. */
export function isReonboardingPending(contact: ContactState, program: Program): boolean {
  return (
    contact.reonboarding === 'pending' &&
    contact.role !== null &&
    audienceOf(program, 're-onboarding').includes(contact.role)
  );
}
