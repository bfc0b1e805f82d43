// The field types of the event contract: ids, text, addresses, instants, dates, time zones. Each rule
// is written so `z.toJSONSchema` can publish it (patterns, lengths, enums): a producer validating
// against schema/events.schema.json is refused what the engine would refuse, as far as a schema can say.
import { z } from 'zod';
import { BoundedCache } from './bounded-cache.js';
import { normalIso } from './time.js';
import { TIME_ZONES } from './time-zones.js';

/** Limits chosen so one account item stays far below DynamoDB's 400 KB and no log line explodes. */
export const LIMITS = {
  id: 128,
  name: 200,
  text: 200,
  /** A survey answer's comment: a few paragraphs' worth, on one line. */
  comment: 2000,
  /** A person's note on a signal they took up or closed. */
  note: 1000,
  action: 100,
  email: 254,
  employees: 10_000_000,
  durationSec: 86_400,
  count: 100_000,
  /** A contract's yearly value, in its currency's units: a trillion covers any real contract in yen. */
  arr: 1_000_000_000_000,
} as const;

/**
 * The instants (and calendar dates) the contract accepts, in UTC. The core computes with `Date`,
 * `toISOString` and `Intl.DateTimeFormat`: years outside 0000–9999 turn into the six-digit `+010000`
 * form no ISO pattern of the engine reads, and far enough out `toISOString` throws RangeError. Cadence
 * and milestones reach months to a few years past the dates an event carries, so the range stops
 * well short of that. The Japanese holiday table (@holiday-jp/holiday_jp) ends in 2050: a date past
 * it is still computed with, as a day without a holiday. Four-digit years starting `20` also let the
 * JSON Schema say most of the range with a pattern.
 */
export const CONTRACT_YEARS = { first: 2000, last: 2099 } as const;
const FIRST_MS = Date.UTC(CONTRACT_YEARS.first, 0, 1);
const END_MS = Date.UTC(CONTRACT_YEARS.last + 1, 0, 1);
const RANGE_TEXT = `between ${CONTRACT_YEARS.first}-01-01T00:00:00Z and ${CONTRACT_YEARS.last}-12-31T23:59:59Z`;

// Letters, digits and a few separators: ids end up in DynamoDB keys and in touch ids.
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]*$/;
// The envelope id goes in every log line about the event: without `@`, it cannot be an address.
const EVENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

/**
 * Characters no text of the contract may hold: C0 and C1 controls (CR and LF among them), DEL, the
 * zero-width characters and direction marks (U+200B–U+200F), the line and paragraph separators, the
 * bidi embeddings, overrides (U+202A–U+202E) and isolates (U+2066–U+2069), and the byte-order mark.
 * Each either breaks a header or a log line, or hides or reorders what a person reads in a From name.
 */
export const NO_INVISIBLE_CHARS = /^[^\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]*$/;
const INVISIBLE_MESSAGE =
  'must not contain control characters or invisible ones (CR, LF, tab, C1 controls, zero-width and bidi marks, BOM)';

// Ids and action names become keys of plain objects in the account state (contacts, action days):
// `constructor` or `toString` there would read the prototype's member instead of nothing.
// Written as a pattern (the names are letters and underscores only) so the JSON Schema says it too.
export const NOT_BUILT_IN_NAME = new RegExp(
  `^(?!(?:${Object.getOwnPropertyNames(Object.prototype).sort().join('|')})$)`,
);
export const NOT_BUILT_IN = 'must not be the name of a built-in object property such as constructor or toString';

export const Id = z
  .string()
  .min(1, 'must not be empty')
  .max(LIMITS.id, `must be at most ${LIMITS.id} characters`)
  .regex(ID_PATTERN, 'must be letters, digits and . _ : @ - only')
  .regex(NOT_BUILT_IN_NAME, NOT_BUILT_IN);

/** The envelope's `id`: an Id without `@`. */
export const EventId = z
  .string()
  .min(1, 'must not be empty')
  .max(LIMITS.id, `must be at most ${LIMITS.id} characters`)
  .regex(EVENT_ID_PATTERN, 'must be letters, digits and . _ : - only (no @)');

/** Free text shown to people (names, industries): one line, no control or invisible characters. */
export const Text = (max: number = LIMITS.text) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .regex(NO_INVISIBLE_CHARS, INVISIBLE_MESSAGE)
    .trim()
    .min(1, 'must not be empty')
    .regex(/\S/, 'must not be blank');

/** A display name that sits next to an address in a From or Reply-To header: no `@`, `<` or `>`. */
export const DisplayName = (max: number = LIMITS.name) => Text(max).regex(/^[^@<>]*$/, 'must not contain @, < or >');

export const Email = z
  .email({ message: 'must be an email address' })
  .max(LIMITS.email, `must be at most ${LIMITS.email} characters`)
  .regex(NO_INVISIBLE_CHARS, INVISIBLE_MESSAGE);

/** An IANA time zone of the committed list (see time-zones.ts); typed as a plain string inside. */
export const TimeZone = z
  .enum(TIME_ZONES, { message: 'must be an IANA time zone such as Asia/Tokyo' })
  .transform((zone): string => zone)
  .meta({ description: 'IANA time zone, e.g. Asia/Tokyo' });

// Years 2000–2099 and the ranges of each part; whether the day exists and where the offset puts the
// instant are checked after (a pattern cannot say that February has 28 days).
const DATE_PART = '20\\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])';
const ISO_INSTANT = new RegExp(
  `^${DATE_PART}T([01]\\d|2[0-4]):[0-5]\\d(:[0-5]\\d(\\.\\d{1,9})?)?(Z|[+-]([01]\\d|2[0-3]):[0-5]\\d)$`,
);
const ISO_DATE = new RegExp(`^${DATE_PART}$`);

// Every event carries instants, mostly of a few hundred distinct days: remember each day's answer.
const realDates = new BoundedCache<boolean>(100_000);
/** Whether `YYYY-MM-DD` names a day that exists. */
function isRealDate(date: string): boolean {
  const known = realDates.get(date);
  if (known !== undefined) return known;
  const d = new Date(`${date}T00:00:00Z`);
  return realDates.set(date, !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date);
}

function inRange(instant: string): boolean {
  const ms = Date.parse(instant);
  return ms >= FIRST_MS && ms < END_MS;
}

/** An instant with an explicit offset, years 2000–2099; normalised to UTC ISO (`2026-01-19T00:00:00.000Z`). */
export const Instant = z
  .string()
  .max(40, { message: 'must be at most 40 characters', abort: true })
  .regex(ISO_INSTANT, {
    message: `must be an ISO 8601 date-time with offset, ${RANGE_TEXT}, e.g. 2026-01-19T09:00:00Z`,
    abort: true,
  })
  // Date.parse alone is not enough: V8 reads 2026-02-30 as 2026-03-02 rather than refusing it.
  .refine((s) => isRealDate(s.slice(0, 10)) && !Number.isNaN(Date.parse(s)), {
    message: 'must be a real date and time',
    abort: true,
  })
  // An offset can carry 2000-01-01T00:30+01:00 out of the range, which the pattern cannot see.
  .refine(inRange, `must be ${RANGE_TEXT} in UTC`)
  .transform(normalIso)
  .meta({ format: 'date-time' });

/** A calendar date `YYYY-MM-DD` that exists, years 2000–2099. */
export const CalendarDate = z
  .string()
  .regex(ISO_DATE, {
    message: `must be a date YYYY-MM-DD between ${CONTRACT_YEARS.first}-01-01 and ${CONTRACT_YEARS.last}-12-31`,
    abort: true,
  })
  .refine(isRealDate, 'must be a real calendar date')
  .meta({ format: 'date' });

/** An ISO 4217 currency code: three upper-case letters (`JPY`, `USD`, `EUR`). */
export const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code: three upper-case letters such as JPY or USD')
  .meta({ description: 'ISO 4217 currency code, e.g. JPY' });

/** A contract's yearly value (ARR) in its `currency`: a non-negative, finite, bounded number. */
export const Arr = z
  .number()
  .min(0, 'must not be negative')
  .max(LIMITS.arr, `must be at most ${LIMITS.arr}`)
  .meta({ description: "The contract's yearly value in `currency` (required with it)" });
