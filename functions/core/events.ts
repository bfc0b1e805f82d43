// The input contract: events the product sends to the EventBridge bus.
// Every boundary parses with these schemas; inside the engine the types are trusted.
import { z } from 'zod';
import { normalIso } from './time.js';
import { BoundedCache } from './bounded-cache.js';

/** Limits chosen so one account item stays far below DynamoDB's 400 KB and no log line explodes. */
export const LIMITS = {
  id: 128,
  name: 200,
  text: 200,
  action: 100,
  email: 254,
  employees: 10_000_000,
  durationSec: 86_400,
  count: 100_000,
} as const;

// Letters, digits and a few separators: ids end up in DynamoDB keys and in touch ids.
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@\-]*$/;
// C0 controls (CR/LF among them), DEL and the Unicode line/paragraph separators.
const CONTROL_CHARS = /[\u0000-\u001f\u007f\u2028\u2029]/;

// Ids and action names become keys of plain objects in the account state (contacts, action days):
// `constructor` or `toString` there would read the prototype's member instead of nothing.
const BUILT_IN_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));
const notBuiltIn = (s: string) => !BUILT_IN_KEYS.has(s);
const NOT_BUILT_IN = 'must not be the name of a built-in object property such as constructor or toString';

export const Id = z
  .string()
  .min(1, 'must not be empty')
  .max(LIMITS.id, `must be at most ${LIMITS.id} characters`)
  .regex(ID_PATTERN, 'must be letters, digits and . _ : @ - only')
  .refine(notBuiltIn, NOT_BUILT_IN);

/** Free text shown to people (names, industries): one line, no control characters. */
export const Text = (max: number = LIMITS.text) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL_CHARS.test(s), 'must not contain control characters (CR, LF, tab, ...)');

export const Locale = z.enum(['ja', 'en']);
export type Locale = z.infer<typeof Locale>;

export const TouchModel = z.enum(['tech', 'low', 'high']);
export type TouchModel = z.infer<typeof TouchModel>;

export const ContactRole = z.enum(['owner', 'admin', 'member']);
export type ContactRole = z.infer<typeof ContactRole>;

const validTimeZones = new Set<string>(Intl.supportedValuesOf('timeZone'));
validTimeZones.add('UTC');
export const TimeZone = z
  .string()
  .max(64, 'must be at most 64 characters')
  .refine((tz) => validTimeZones.has(tz), 'must be an IANA time zone such as Asia/Tokyo')
  .meta({ description: 'IANA time zone, e.g. Asia/Tokyo' });

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

// Every event carries instants, mostly of a few hundred distinct days: remember each day's answer.
const realDates = new BoundedCache<boolean>(100_000);
/** Whether `YYYY-MM-DD` names a day that exists. */
function isRealDate(date: string): boolean {
  const known = realDates.get(date);
  if (known !== undefined) return known;
  const d = new Date(`${date}T00:00:00Z`);
  return realDates.set(date, !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date);
}

/** An instant with an explicit offset; normalised to UTC ISO (`2026-01-19T00:00:00.000Z`). */
export const Instant = z
  .string()
  .max(40, 'must be at most 40 characters')
  // Date.parse alone is not enough: V8 reads 2026-02-30 as 2026-03-02 rather than refusing it.
  .refine((s) => ISO_INSTANT.test(s) && isRealDate(s.slice(0, 10)) && !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date-time with offset, e.g. 2026-01-19T09:00:00Z')
  .transform(normalIso)
  .meta({ format: 'date-time' });

/** A calendar date `YYYY-MM-DD` that exists. */
export const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(isRealDate, 'must be a real calendar date')
  .meta({ format: 'date' });

export const Email = z
  .string()
  .max(LIMITS.email, `must be at most ${LIMITS.email} characters`)
  .refine((s) => !CONTROL_CHARS.test(s), 'must not contain control characters')
  .pipe(z.email({ message: 'must be an email address' }));

/** The account's customer-success owner: emails then come in their name, replies go to them. */
export const CsOwner = z.strictObject({
  name: Text(LIMITS.name),
  email: Email,
});
export type CsOwner = z.infer<typeof CsOwner>;

/**
 * The grounds on which promotional email may go to a contact (Japan's Act on Specified Electronic
 * Mail): the contact opted in, or one of the Act's exceptions: a business relationship, an address
 * handed over in writing (a business card), or an address published for business.
 */
export const CONSENT_BASES = ['opt-in', 'business-relationship', 'written', 'published'] as const;
export const ConsentBasis = z.enum(CONSENT_BASES);
export type ConsentBasis = z.infer<typeof ConsentBasis>;

export const Consent = z.strictObject({
  basis: ConsentBasis,
  /** When the basis was obtained (the opt-in, the card exchange, the contract). */
  at: Instant,
  /** Where it came from, for an audit: `signup-form`, `contract`, `card:2026-01-15`… */
  source: Text(LIMITS.text),
});
export type Consent = z.infer<typeof Consent>;

export const AccountUpserted = z.strictObject({
  accountId: Id,
  name: Text(LIMITS.name),
  plan: Text(64),
  industry: Text(64),
  employees: z.number().int('must be an integer').min(1, 'must be at least 1').max(LIMITS.employees),
  timeZone: TimeZone,
  locale: Locale,
  contractStart: CalendarDate,
  touchModel: TouchModel,
  csOwner: CsOwner.optional(),
});
export type AccountUpserted = z.infer<typeof AccountUpserted>;

export const ContactUpserted = z.strictObject({
  accountId: Id,
  contactId: Id,
  email: Email,
  name: Text(LIMITS.name),
  role: ContactRole,
  locale: Locale.optional(),
  consent: Consent.optional(),
});
export type ContactUpserted = z.infer<typeof ContactUpserted>;

export const ContactRemoved = z.strictObject({
  accountId: Id,
  contactId: Id,
});
export type ContactRemoved = z.infer<typeof ContactRemoved>;

export const UsageRecorded = z.strictObject({
  accountId: Id,
  contactId: Id,
  action: z
    .string()
    .min(1, 'must not be empty')
    .max(LIMITS.action, `must be at most ${LIMITS.action} characters`)
    .regex(/^[a-z0-9][a-z0-9._\-]*$/, 'must be lower-case letters, digits and . _ - (e.g. daily_report.create)')
    .refine(notBuiltIn, NOT_BUILT_IN),
  occurredAt: Instant,
  count: z.number().int('must be an integer').min(1, 'must be at least 1').max(LIMITS.count).default(1),
  durationSec: z.number().min(0, 'must not be negative').max(LIMITS.durationSec).optional(),
});
export type UsageRecorded = z.infer<typeof UsageRecorded>;

export const OnboardingCompleted = z.strictObject({
  accountId: Id,
  completedAt: Instant,
});
export type OnboardingCompleted = z.infer<typeof OnboardingCompleted>;

export const DETAIL_SCHEMAS = {
  'Account Upserted': AccountUpserted,
  'Contact Upserted': ContactUpserted,
  'Contact Removed': ContactRemoved,
  'Usage Recorded': UsageRecorded,
  'Onboarding Completed': OnboardingCompleted,
} as const;
export type DetailType = keyof typeof DETAIL_SCHEMAS;
export const DETAIL_TYPES = Object.keys(DETAIL_SCHEMAS) as DetailType[];

interface EventBase {
  readonly id: string;
  readonly source: string;
  /** When the product says the event happened (UTC ISO). */
  readonly time: string;
}

/** A parsed, trusted product event. Discriminated on `detailType`. */
export type ProductEvent =
  | (EventBase & { readonly detailType: 'Account Upserted'; readonly detail: AccountUpserted })
  | (EventBase & { readonly detailType: 'Contact Upserted'; readonly detail: ContactUpserted })
  | (EventBase & { readonly detailType: 'Contact Removed'; readonly detail: ContactRemoved })
  | (EventBase & { readonly detailType: 'Usage Recorded'; readonly detail: UsageRecorded })
  | (EventBase & { readonly detailType: 'Onboarding Completed'; readonly detail: OnboardingCompleted });

/** The EventBridge envelope as it arrives (extra EventBridge fields such as `account`, `region` are allowed). */
export const EventEnvelope = z.looseObject({
  id: Id,
  source: Text(256),
  'detail-type': z.string().max(128, 'must be at most 128 characters'),
  time: Instant,
  detail: z.unknown(),
});

/** One problem with one field; never carries the offending value (it may be personal data). */
export interface FieldProblem {
  readonly path: string;
  readonly expected: string;
}

export interface EventRejection {
  readonly kind: 'rejected';
  /** The event id when it could be read, else null. */
  readonly eventId: string | null;
  readonly problems: readonly FieldProblem[];
  /** One line for logs and dead-letter reasons: names the event, each field and what was expected. */
  readonly reason: string;
}

export type ParseResult = { readonly kind: 'ok'; readonly event: ProductEvent } | EventRejection;

function pathOf(prefix: string, path: readonly PropertyKey[]): string {
  return [prefix, ...path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))].filter(Boolean).join('.').replace(/\.\[/g, '[');
}

function problemsOf(prefix: string, error: z.ZodError, input: unknown): FieldProblem[] {
  return error.issues.map((issue) => ({
    path: pathOf(prefix, issue.path) || '(event)',
    expected: describeIssue(issue, input),
  }));
}

/** Whether the value at `path` is absent in the raw input (zod does not keep the input in issues). */
function isMissing(input: unknown, path: readonly PropertyKey[]): boolean {
  let at: unknown = input;
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return true;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at === undefined;
}

const TYPE_NAMES: Record<string, string> = { int: 'integer', number: 'number', string: 'string', object: 'object', boolean: 'boolean' };

// A field name worth showing back (a typo such as `emial`); anything else may be data sent as a key.
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,39}$/;

function unknownKeys(keys: readonly string[]): string {
  const shown = keys.filter((k) => FIELD_NAME.test(k)).map((k) => JSON.stringify(k));
  const hidden = keys.length - shown.length;
  return [...shown, ...(hidden > 0 ? [`${hidden} not shown (not field names)`] : [])].join(', ');
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      // The keys come from the producer: one shaped like an address would end up in a log line.
      return `no unknown fields (found ${issue.keys.length} unknown: ${unknownKeys(issue.keys)})`;
    case 'invalid_type': {
      const type = TYPE_NAMES[issue.expected] ?? issue.expected;
      return isMissing(input, issue.path) ? `a value of type ${type} (field is missing)` : `a value of type ${type}`;
    }
    default:
      return issue.message;
  }
}

function reject(eventId: string | null, problems: FieldProblem[]): EventRejection {
  const where = eventId === null ? 'event without a readable id' : `event ${eventId}`;
  const reason = `${where} rejected: ${problems.map((p) => `${p.path}: expected ${p.expected}`).join('; ')}`;
  return { kind: 'rejected', eventId, problems, reason };
}

/**
 * Parses one raw EventBridge event into a trusted `ProductEvent`, or a rejection that names the
 * event id, every bad field path and what was expected. Accepts an optional set of allowed sources.
 */
export function parseProductEvent(raw: unknown, allowedSource?: string): ParseResult {
  const rawId =
    typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : null;
  const readableId = rawId !== null && Id.safeParse(rawId).success ? rawId : null;
  const envelope = EventEnvelope.safeParse(raw);
  if (!envelope.success) return reject(readableId, problemsOf('', envelope.error, raw));
  const { id, source, time, detail } = envelope.data;
  const detailType = envelope.data['detail-type'];
  if (allowedSource !== undefined && source !== allowedSource) {
    return reject(id, [{ path: 'source', expected: `the configured event source ${JSON.stringify(allowedSource)}` }]);
  }
  // Own keys only: `in` also finds `toString`, `constructor`... on the prototype.
  if (!Object.hasOwn(DETAIL_SCHEMAS, detailType)) {
    return reject(id, [{ path: 'detail-type', expected: `one of ${DETAIL_TYPES.map((t) => JSON.stringify(t)).join(', ')}` }]);
  }
  const schema = DETAIL_SCHEMAS[detailType as DetailType];
  const parsed = schema.safeParse(detail);
  if (!parsed.success) return reject(id, problemsOf('detail', parsed.error, detail));
  return { kind: 'ok', event: { id, source, time, detailType, detail: parsed.data } as ProductEvent };
}

/** The account an event belongs to. */
export function accountIdOf(event: ProductEvent): string {
  return event.detail.accountId;
}
