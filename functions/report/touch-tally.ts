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
  /** Per account, emails per week of `weeks` (every kind, the same weeks as `perWeek`). */
  readonly perAccountWeek: ReadonlyMap<string, readonly number[]>;
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
  const perAccountWeek = new Map<string, number[]>();
  let total = 0;
  return {
    add(touch) {
      total += 1;
      reached.add(`${touch.accountId}\u0000${touch.contactId}`);
      perAccount.set(touch.accountId, (perAccount.get(touch.accountId) ?? 0) + 1);
      if (touch.sentAt >= until) {
        if (Object.hasOwn(byKind, touch.kind)) byKind[touch.kind] += 1;
        return;
      }
      // Weeks are few: a scan from the end finds the week without date arithmetic per touch.
      let week = -1;
      for (let i = weekStartsAt.length - 1; i >= 0; i--) {
        if (touch.sentAt >= (weekStartsAt[i] as string)) {
          week = i;
          break;
        }
      }
      if (week >= 0) {
        let counts = perAccountWeek.get(touch.accountId);
        if (counts === undefined) {
          counts = weeks.map(() => 0);
          perAccountWeek.set(touch.accountId, counts);
        }
        counts[week] = (counts[week] as number) + 1;
      }
      // A kind this version does not know counts in the total and its account's weeks only.
      if (!Object.hasOwn(byKind, touch.kind)) return;
      byKind[touch.kind] += 1;
      if (week >= 0) {
        const counts = perWeek[touch.kind];
        counts[week] = (counts[week] as number) + 1;
      }
    },
    tally() {
      return { from, until, weeks, total, byKind, perWeek, contactsReached: reached.size, perAccount, perAccountWeek };
    },
  };
}

export function tallyTouches(touches: Iterable<SentTouch>, from: string, until: string): TouchTally {
  const counter = touchCounter(from, until);
  for (const touch of touches) counter.add(touch);
  return counter.tally();
}

/**
 * Emails per account per week: the mean over the weeks an account got any (what a company sees when
 * it hears from us) and the most one account got in one week.
 */
export function emailsPerAccountWeek(tally: TouchTally): {
  readonly mean: number | null;
  readonly max: number;
  readonly accountWeeks: number;
} {
  let total = 0;
  let accountWeeks = 0;
  let max = 0;
  for (const counts of tally.perAccountWeek.values()) {
    for (const n of counts) {
      if (n === 0) continue;
      total += n;
      accountWeeks += 1;
      max = Math.max(max, n);
    }
  }
  return { mean: accountWeeks === 0 ? null : Math.round((total / accountWeeks) * 100) / 100, max, accountWeeks };
}
