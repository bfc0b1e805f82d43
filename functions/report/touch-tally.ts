// The report's figures of the emails sent, counted as the touches go by: per kind, per kind and
// week, per account, and the people reached. A report of a large table never holds the touches.
import { TOUCH_KINDS, type TouchKind } from '../core/program.js';
import { weekStarts } from './weekly-figures.js';

/** One email sent (a line of touches.jsonl, or a sent touch item of the table). */
export interface SentTouch {
  readonly sentAt: string;
  readonly accountId: string;
  readonly contactId: string;
  readonly kind: TouchKind;
}

export interface TouchTally {
  /** The window the weeks cover. */
  readonly from: string;
  readonly until: string;
  readonly weeks: readonly string[];
  readonly total: number;
  readonly byKind: Readonly<Record<TouchKind, number>>;
  /** Per kind, per week of `weeks` (instants at or after `until`, or before the first week, left out). */
  readonly perWeek: Readonly<Record<TouchKind, readonly number[]>>;
  /** Distinct (account, contact) pairs sent to. */
  readonly contactsReached: number;
  readonly perAccount: ReadonlyMap<string, number>;
}

export interface TouchCounter {
  add(touch: SentTouch): void;
  tally(): TouchTally;
}

/** Counts touches for the weeks of [from, until); `tally()` may be called at any time. */
export function touchCounter(from: string, until: string): TouchCounter {
  const weeks = weekStarts(from, until);
  const weekStartsAt = weeks.map((w) => `${w}T00:00:00.000Z`);
  const byKind = Object.fromEntries(TOUCH_KINDS.map((k) => [k, 0])) as Record<TouchKind, number>;
  const perWeek = Object.fromEntries(TOUCH_KINDS.map((k) => [k, weeks.map(() => 0)])) as Record<TouchKind, number[]>;
  const reached = new Set<string>();
  const perAccount = new Map<string, number>();
  let total = 0;
  return {
    add(touch) {
      total += 1;
      reached.add(`${touch.accountId}\u0000${touch.contactId}`);
      perAccount.set(touch.accountId, (perAccount.get(touch.accountId) ?? 0) + 1);
      // A kind this version does not know counts in the total only.
      if (!Object.hasOwn(byKind, touch.kind)) return;
      byKind[touch.kind] += 1;
      if (touch.sentAt >= until) return;
      // Weeks are few: a scan from the end finds the week without date arithmetic per touch.
      for (let i = weekStartsAt.length - 1; i >= 0; i--) {
        if (touch.sentAt >= (weekStartsAt[i] as string)) {
          const counts = perWeek[touch.kind];
          counts[i] = (counts[i] as number) + 1;
          break;
        }
      }
    },
    tally() {
      return { from, until, weeks, total, byKind, perWeek, contactsReached: reached.size, perAccount };
    },
  };
}

export function tallyTouches(touches: Iterable<SentTouch>, from: string, until: string): TouchTally {
  const counter = touchCounter(from, until);
  for (const touch of touches) counter.add(touch);
  return counter.tally();
}
