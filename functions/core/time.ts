// Time helpers for the pure core. Instants are UTC ISO strings; "now" is always an argument.
import { BoundedCache } from './bounded-cache.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export function toMs(iso: string): number {
  return Date.parse(iso);
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The normalised shape itself (UTC, milliseconds; 24:00 is the next day's 00:00): nothing to re-format. */
const NORMAL_ISO = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):\d{2}:\d{2}\.\d{3}Z$/;

/** A parseable instant as a UTC ISO string with milliseconds; one already in that shape is returned as is (hot path). */
export function normalIso(iso: string): string {
  return NORMAL_ISO.test(iso) ? iso : toIso(toMs(iso));
}

export function addDays(iso: string, days: number): string {
  return toIso(toMs(iso) + days * DAY_MS);
}

export function addHours(iso: string, hours: number): string {
  return toIso(toMs(iso) + hours * HOUR_MS);
}

/** Adds calendar months in UTC, clamping to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(iso: string, months: number): string {
  const d = new Date(toMs(iso));
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString();
}

export function minIso(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a <= b ? a : b;
}

export function maxIso(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a >= b ? a : b;
}

export interface LocalParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  /** 0 = Sunday … 6 = Saturday. */
  readonly weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** The wall-clock parts of an instant in a time zone. */
export function localParts(ms: number, timeZone: string): LocalParts {
  const parts = formatterFor(timeZone).formatToParts(new Date(ms));
  const out: Record<string, string> = {};
  for (const p of parts) out[p.type] = p.value;
  return {
    year: Number(out.year),
    month: Number(out.month),
    day: Number(out.day),
    hour: Number(out.hour),
    minute: Number(out.minute),
    weekday: WEEKDAYS[out.weekday ?? 'Sun'] ?? 0,
  };
}

// Local-day lookups are hot in applyEvents (one per usage event): memoise per zone and UTC hour,
// since every instant in one UTC hour falls on the same local day in every zone with whole-quarter-hour offsets.
const dayCache = new BoundedCache<string>(200_000);
/** The local calendar date `YYYY-MM-DD` of an instant in a time zone. */
export function localDate(iso: string, timeZone: string): string {
  const ms = toMs(iso);
  const quarter = Math.floor(ms / (15 * 60_000));
  const key = `${timeZone}|${quarter}`;
  const known = dayCache.get(key);
  if (known !== undefined) return known;
  const p = localParts(ms, timeZone);
  return dayCache.set(key, `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`);
}

/** Whole days from calendar date `a` to `b` (both `YYYY-MM-DD`). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

export function addCalendarDays(date: string, days: number): string {
  return toIso(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).slice(0, 10);
}

/**
 * The UTC instant at which the wall clock in `timeZone` shows `date` `hour`:00.
 * Iterates on the zone offset, which settles in two steps outside DST gaps.
 */
export function zonedTime(date: string, hour: number, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wanted = Date.UTC(y, m - 1, d, hour, 0, 0);
  let guess = wanted;
  for (let i = 0; i < 3; i++) {
    const p = localParts(guess, timeZone);
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, 0);
    const diff = wanted - shown;
    if (diff === 0) break;
    guess += diff;
  }
  return toIso(guess);
}
