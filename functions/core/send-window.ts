// The send window: local hours on business days in the recipient's time zone. Outside it a touch
// waits for the next window start; it is never dropped.
import type { SendWindow } from './program.js';
import { isJapaneseHoliday, observesJapaneseHolidays } from './holidays.js';
import { addCalendarDays, localDate, localParts, toMs, zonedTime } from './time.js';

export type WindowCheck =
  | { readonly kind: 'open' }
  | { readonly kind: 'outside-window'; readonly nextWindowAt: string }
  | { readonly kind: 'holiday'; readonly nextWindowAt: string };

// Long enough to cross any run of closed days (Golden Week, the New Year break) with room to spare.
const MAX_CLOSED_DAYS = 31;

/** Why a local calendar date is closed for sending, or null when it is a sending day. */
export function closedDayReason(date: string, timeZone: string, window: SendWindow): 'weekend' | 'holiday' | null {
  if (!window.businessDaysOnly) return null;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) return 'weekend';
  if (observesJapaneseHolidays(timeZone) && isJapaneseHoliday(date)) return 'holiday';
  return null;
}

export function isSendingDay(date: string, timeZone: string, window: SendWindow): boolean {
  return closedDayReason(date, timeZone, window) === null;
}

export function isInsideWindow(nowIso: string, timeZone: string, window: SendWindow): boolean {
  const hour = localParts(toMs(nowIso), timeZone).hour;
  return isSendingDay(localDate(nowIso, timeZone), timeZone, window) && hour >= window.startHour && hour < window.endHour;
}

/** `nowIso` itself when inside the window; else the start of the next window. */
export function nextWindowStart(nowIso: string, timeZone: string, window: SendWindow): string {
  if (isInsideWindow(nowIso, timeZone, window)) return nowIso;
  const today = localDate(nowIso, timeZone);
  for (let offset = 0; offset <= MAX_CLOSED_DAYS; offset++) {
    const date = addCalendarDays(today, offset);
    if (!isSendingDay(date, timeZone, window)) continue;
    const start = zonedTime(date, window.startHour, timeZone);
    if (toMs(start) > toMs(nowIso)) return start;
  }
  throw new Error(`send window: no sending day within ${MAX_CLOSED_DAYS} days after ${nowIso} in ${timeZone}; check sendWindow in the program`);
}

/** Whether a touch may go out at `nowIso`, and if not, why and when it may. */
export function checkSendWindow(nowIso: string, timeZone: string, window: SendWindow): WindowCheck {
  if (isInsideWindow(nowIso, timeZone, window)) return { kind: 'open' };
  const nextWindowAt = nextWindowStart(nowIso, timeZone, window);
  const closed = closedDayReason(localDate(nowIso, timeZone), timeZone, window);
  return closed === 'holiday' ? { kind: 'holiday', nextWindowAt } : { kind: 'outside-window', nextWindowAt };
}
