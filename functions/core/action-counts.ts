// Actions per local day (the sum of the usage events' `count`), kept so that a redelivered event
// changes nothing: a day holds its events as `<key>:<count>`, the key a hash of the event id, so the
// same event lands on the same entry. Bounded: past ACTION_SAMPLE_SIZE events a day keeps the
// events with the smallest keys (a bottom-k sample, the same whatever the order of arrival) and
// estimates the day's total from them.

/** Events a day counts exactly; past this, it keeps one more as the sample's threshold. */
export const ACTION_SAMPLE_SIZE = 16;

const KEY_SPACE = 2 ** 32;

/** The event's key: FNV-1a of its id with a final mix (so similar ids spread), 8 hex digits. */
export function actionEventKey(eventId: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < eventId.length; i++) {
    h ^= eventId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * The day's entries with the event added (sorted by key), or null when it changes nothing: the
 * event is already there, or the day is sampled and its key is above the threshold.
 */
export function withActionEvent(entries: readonly string[] | undefined, key: string, count: number): string[] | null {
  const held = entries ?? [];
  const entry = `${key}:${count}`;
  let at = 0;
  while (at < held.length && (held[at] as string) < entry) at += 1;
  if (held[at]?.startsWith(`${key}:`) === true || held[at - 1]?.startsWith(`${key}:`) === true) return null;
  if (held.length > ACTION_SAMPLE_SIZE && at >= held.length) return null;
  const next = [...held.slice(0, at), entry, ...held.slice(at)];
  return next.length > ACTION_SAMPLE_SIZE + 1 ? next.slice(0, ACTION_SAMPLE_SIZE + 1) : next;
}

/**
 * The day's actions: the exact sum of its events' counts, or, once sampled, the counts of the
 * ACTION_SAMPLE_SIZE smallest keys over the share of the key space below the next one (the bottom-k
 * estimate, unbiased; about 1/√k relative error on one day, much less over a month of days).
 */
export function actionsOfDay(entries: readonly string[]): number {
  let total = dayTotals.get(entries);
  if (total === undefined) {
    total = totalOf(entries);
    dayTotals.set(entries, total);
  }
  return total;
}

/**
 * Each day's total, by its entries: a day's entries are never changed in place (an event added makes
 * a new array, see withActionEvent), and the health check's lookahead reads the same days for up to
 * HEALTH_LOOKAHEAD_DAYS assessments of each account write; parsing their counts each time cost more
 * than the rest of the usage figures. Weak, so a state dropped takes its totals with it.
 */
const dayTotals = new WeakMap<readonly string[], number>();

function totalOf(entries: readonly string[]): number {
  let sum = 0;
  const sampled = entries.length > ACTION_SAMPLE_SIZE;
  const counted = sampled ? ACTION_SAMPLE_SIZE : entries.length;
  for (let i = 0; i < counted; i++) sum += Number((entries[i] as string).slice(9));
  if (!sampled) return sum;
  const threshold = Number.parseInt((entries[ACTION_SAMPLE_SIZE] as string).slice(0, 8), 16);
  return (sum * KEY_SPACE) / (threshold + 1);
}
