// The send window: local hours on business days in the recipient's time zone. Outside it a touch
// waits for the next window start; it is never dropped.

import { BoundedCache } from './bounded-cache.js';
import { type ClosedDays, isClosedDay } from './closed-days.js';
import { isJapaneseHoliday, observesJapaneseHolidays } from './holidays.js';
import type { SendWindow } from './program.js';
import { addCalendarDays, localDate, localParts, toMs, zonedTime } from './time.js';

export type WindowCheck =
  | { readonly kind: 'open' }
  | { readonly kind: 'outside-window'; readonly nextWindowAt: string }
  | { readonly kind: 'holiday'; readonly nextWindowAt: string };

// Long enough to cross any run of closed days (Golden Week, the New Year break) with room to spare.
const MAX_CLOSED_DAYS = 31;

/**
 * Why a local calendar date is closed for sending, or null when it is a sending day. `closed` are the
 * company calendar's days beyond the national one (closed-days.ts): they count as holidays.
 */
export function closedDayReason(
  date: string,
  timeZone: string,
  window: SendWindow,
  closed: readonly ClosedDays[] = [],
): 'weekend' | 'holiday' | null {
  if (!window.businessDaysOnly) return null;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) return 'weekend';
  if (observesJapaneseHolidays(timeZone) && isJapaneseHoliday(date)) return 'holiday';
  if (closed.length > 0 && isClosedDay(date, closed)) return 'holiday';
  return null;
}

export function isSendingDay(
  date: string,
  timeZone: string,
  window: SendWindow,
  closed: readonly ClosedDays[] = [],
): boolean {
  return closedDayReason(date, timeZone, window, closed) === null;
}

export function isInsideWindow(
  nowIso: string,
  timeZone: string,
  window: SendWindow,
  closed: readonly ClosedDays[] = [],
): boolean {
  const hour = localParts(toMs(nowIso), timeZone).hour;
  return (
    isSendingDay(localDate(nowIso, timeZone), timeZone, window, closed) &&
    hour >= window.startHour &&
    hour < window.endHour
  );
}

/** The window's start on the first sending day at or after local `date` (`YYYY-MM-DD`). */
function openingOnOrAfter(
  date: string,
  timeZone: string,
  window: SendWindow,
  after: string | null,
  closed: readonly ClosedDays[],
): string {
  for (let offset = 0; offset <= MAX_CLOSED_DAYS; offset++) {
    const day = addCalendarDays(date, offset);
    if (!isSendingDay(day, timeZone, window, closed)) continue;
    const start = zonedTime(day, window.startHour, timeZone);
    if (after === null || toMs(start) > toMs(after)) return start;
  }
  throw new Error(
    `send window: no sending day within ${MAX_CLOSED_DAYS} days after ${after ?? date} in ${timeZone}; check sendWindow in the program`,
  );
}

// The due-time derivation asks these of the same few instants on every event batch of an account:
// memoised like localDate (pure functions of their arguments, so the cache changes no answer).
const openings = new BoundedCache<string>(100_000);
function memo(key: string, compute: () => string): string {
  return openings.get(key) ?? openings.set(key, compute());
}
const windowKey = (timeZone: string, window: SendWindow, closed: readonly ClosedDays[]) =>
  `${timeZone}|${window.startHour}|${window.endHour}|${window.businessDaysOnly}${closed.length === 0 ? '' : `|${JSON.stringify(closed)}`}`;

/** `nowIso` itself when inside the window; else the start of the next window. */
export function nextWindowStart(
  nowIso: string,
  timeZone: string,
  window: SendWindow,
  closed: readonly ClosedDays[] = [],
): string {
  return memo(`${windowKey(timeZone, window, closed)}|at|${nowIso}`, () =>
    isInsideWindow(nowIso, timeZone, window, closed)
      ? nowIso
      : openingOnOrAfter(localDate(nowIso, timeZone), timeZone, window, nowIso, closed),
  );
}

/**
 * The window's start on the first sending day after the local day of `iso`: what "once a sending
 * day" means for a check that should run every working day, at the hour mail may go out.
 */
export function nextDayOpening(
  iso: string,
  timeZone: string,
  window: SendWindow,
  closed: readonly ClosedDays[] = [],
): string {
  const date = addCalendarDays(localDate(iso, timeZone), 1);
  return memo(`${windowKey(timeZone, window, closed)}|day|${date}`, () =>
    openingOnOrAfter(date, timeZone, window, null, closed),
  );
}

/** Whether a touch may go out at `nowIso`, and if not, why and when it may. */
export function checkSendWindow(
  nowIso: string,
  timeZone: string,
  window: SendWindow,
  closed: readonly ClosedDays[] = [],
): WindowCheck {
  if (isInsideWindow(nowIso, timeZone, window, closed)) return { kind: 'open' };
  const nextWindowAt = nextWindowStart(nowIso, timeZone, window, closed);
  const reason = closedDayReason(localDate(nowIso, timeZone), timeZone, window, closed);
  return reason === 'holiday' ? { kind: 'holiday', nextWindowAt } : { kind: 'outside-window', nextWindowAt };
}
