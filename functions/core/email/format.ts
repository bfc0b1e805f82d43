// Dates, times and numbers as a reader of each locale expects them: 2026年11月25日 and 15:00〜16:00
// (日本時間) in Japanese, November 25, 2026 and 3:00 PM in English. Always in the reader's time zone.
import type { Locale } from '../events.js';
import { type LocalParts, localParts } from '../time.js';

const JA_WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'] as const;
const EN_WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

export interface DateOptions {
  readonly weekday?: boolean;
}

function dateOf(p: LocalParts, locale: Locale, options: DateOptions): string {
  switch (locale) {
    case 'ja': {
      const day = `${p.year}年${p.month}月${p.day}日`;
      return options.weekday === true ? `${day}（${JA_WEEKDAYS[p.weekday]}）` : day;
    }
    case 'en': {
      const day = `${EN_MONTHS[p.month - 1]} ${p.day}, ${p.year}`;
      return options.weekday === true ? `${EN_WEEKDAYS[p.weekday]}, ${day}` : day;
    }
    default: {
      const never: never = locale;
      return never;
    }
  }
}

// Every send of one webinar or milestone to one zone formats the same instant again, and Intl's
// formatToParts costs microseconds: remember recent results (pure, so a cache changes nothing else).
const memo = new Map<string, string>();
function remember(key: string, value: string): string {
  if (memo.size >= 10_000) memo.clear();
  memo.set(key, value);
  return value;
}

/** The calendar date of an instant in a time zone: ja `2026年11月25日`, en `November 25, 2026`. */
export function formatDate(iso: string, timeZone: string, locale: Locale, options: DateOptions = {}): string {
  const key = `d|${iso}|${timeZone}|${locale}|${options.weekday === true}`;
  return memo.get(key) ?? remember(key, dateOf(localParts(Date.parse(iso), timeZone), locale, options));
}

/** A calendar date `YYYY-MM-DD` (no zone: it is already a local date). */
export function formatCalendarDate(date: string, locale: Locale): string {
  return formatDate(`${date}T12:00:00Z`, 'UTC', locale);
}

function clock(p: LocalParts, locale: Locale): string {
  const mm = String(p.minute).padStart(2, '0');
  if (locale === 'ja') return `${p.hour}:${mm}`;
  const h12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
  return `${h12}:${mm} ${p.hour < 12 ? 'AM' : 'PM'}`;
}

/** The zone's offset from UTC at that instant, as `GMT+9`, `GMT-5`, `GMT+5:30`, `GMT`. */
export function offsetLabel(ms: number, timeZone: string): string {
  const p = localParts(ms, timeZone);
  const wallMs = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  const minutes = Math.round((wallMs - Math.floor(ms / 60_000) * 60_000) / 60_000);
  if (minutes === 0) return 'GMT';
  const sign = minutes > 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  const rest = abs % 60;
  return `GMT${sign}${Math.floor(abs / 60)}${rest === 0 ? '' : `:${String(rest).padStart(2, '0')}`}`;
}

function zoneLabel(ms: number, timeZone: string, locale: Locale): string {
  if (locale === 'ja' && timeZone === 'Asia/Tokyo') return '日本時間';
  return offsetLabel(ms, timeZone);
}

/**
 * A start time and, with a duration, its end, in the reader's zone:
 * ja `2026年12月10日（木）15:00〜16:00（日本時間）`, en `Thursday, December 10, 2026, 3:00 PM–4:00 PM (GMT+9)`.
 */
export function formatDateTime(iso: string, timeZone: string, locale: Locale, durationMin?: number): string {
  const key = `t|${iso}|${timeZone}|${locale}|${durationMin ?? ''}`;
  return memo.get(key) ?? remember(key, dateTimeOf(iso, timeZone, locale, durationMin));
}

function dateTimeOf(iso: string, timeZone: string, locale: Locale, durationMin: number | undefined): string {
  const startMs = Date.parse(iso);
  const start = localParts(startMs, timeZone);
  const end = durationMin === undefined ? null : localParts(startMs + durationMin * 60_000, timeZone);
  const zone = zoneLabel(startMs, timeZone, locale);
  const day = dateOf(start, locale, { weekday: true });
  if (locale === 'ja') {
    const span = end === null ? clock(start, locale) : `${clock(start, locale)}〜${clock(end, locale)}`;
    return `${day}${span}（${zone}）`;
  }
  const span = end === null ? clock(start, locale) : `${clock(start, locale)}–${clock(end, locale)}`;
  return `${day}, ${span} (${zone})`;
}

const numberFormats: Readonly<Record<Locale, Intl.NumberFormat>> = {
  ja: new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }),
};

/** Digits grouped the locale's way (1,200), at most one decimal. */
export function formatNumber(value: number, locale: Locale): string {
  // Small whole numbers (day counts, percentages) look the same in every locale: skip Intl for them.
  if (Number.isInteger(value) && value >= 0 && value < 1000) return String(value);
  return numberFormats[locale].format(value);
}
