// A company calendar: days a business is closed beyond weekends and the national holidays (Japan's
// year-end break, a founding day). A program names them per time zone; an account may name its own.
// A touch due on a closed day goes at the window's opening on the next open day.
import { z } from 'zod';
import { TimeZone } from './event-fields.js';

/** `MM-DD` (every year) or `YYYY-MM-DD` (that date only). */
const DAY_PATTERN = /^(\d{4}-)?(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DAY_MESSAGE = 'must be a day MM-DD (every year) or a date YYYY-MM-DD';

export const ClosedDay = z.string().regex(DAY_PATTERN, DAY_MESSAGE);
export type ClosedDay = z.infer<typeof ClosedDay>;

/** At most this many closed days per account: a year-end break and a few company holidays fit many times over. */
export const MAX_ACCOUNT_CLOSED_DAYS = 60;

/** An account's own closed days, on `Account Upserted`: single days, each `MM-DD` or `YYYY-MM-DD`. */
export const AccountClosedDays = z
  .array(ClosedDay)
  .max(MAX_ACCOUNT_CLOSED_DAYS, `must list at most ${MAX_ACCOUNT_CLOSED_DAYS} days`);

/** A program's closed days: a range of days (both ends included), for the recipients of some zones or all. */
export const ClosedDays = z
  .strictObject({
    from: ClosedDay,
    /** The last closed day, included (default: `from`); an `MM-DD` range may run over the new year. */
    to: ClosedDay.optional(),
    /** The recipients' zones it applies to (default: every zone). */
    timeZones: z.array(TimeZone).min(1).optional(),
    /** What the days are, for the people who read the program (`year-end break`). */
    name: z.string().max(100).optional(),
  })
  .refine((c) => c.to === undefined || c.to.length === c.from.length, {
    path: ['to'],
    message: 'must have the same form as from (both MM-DD or both YYYY-MM-DD)',
  })
  .refine((c) => c.to === undefined || c.from.length === 5 || c.from <= c.to, {
    path: ['to'],
    message: 'must not be before from',
  });
export type ClosedDays = z.infer<typeof ClosedDays>;

/** Used when a program names no closed days: most Japanese companies close from 12/29 to 1/3. */
export const DEFAULT_CLOSED_DAYS: readonly ClosedDays[] = [
  { from: '12-29', to: '01-03', timeZones: ['Asia/Tokyo'], name: 'year-end break' },
];

function inRange(date: string, from: string, to: string): boolean {
  if (from.length === 10) return from <= date && date <= to;
  const monthDay = date.slice(5);
  return from <= to ? from <= monthDay && monthDay <= to : monthDay >= from || monthDay <= to;
}

/** The closed days that apply in `timeZone`, as ranges: the program's (or the default) and the account's own. */
export function closedDaysIn(
  timeZone: string,
  program: readonly ClosedDays[] | undefined,
  account: readonly string[] | undefined,
): readonly ClosedDays[] {
  const rules = (program ?? DEFAULT_CLOSED_DAYS).filter(
    (c) => c.timeZones === undefined || c.timeZones.includes(timeZone),
  );
  return account === undefined || account.length === 0 ? rules : [...rules, ...account.map((day) => ({ from: day }))];
}

/** Whether the local calendar date `YYYY-MM-DD` is one of the closed days. */
export function isClosedDay(date: string, closed: readonly ClosedDays[]): boolean {
  for (const c of closed) if (inRange(date, c.from, c.to ?? c.from)) return true;
  return false;
}
