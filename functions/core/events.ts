// The input contract: events the product sends to the EventBridge bus.
// Every boundary parses with these schemas; inside the engine the types are trusted.
import { z } from 'zod';
import { AccountClosedDays } from './closed-days.js';
import {
  Arr,
  CalendarDate,
  Currency,
  DisplayName,
  Email,
  EventId,
  Id,
  Instant,
  LIMITS,
  NOT_BUILT_IN,
  NOT_BUILT_IN_NAME,
  Text,
  TimeZone,
} from './event-fields.js';
import { HANDLED_SIGNAL_TYPES } from './signals.js';

export {
  Arr,
  CalendarDate,
  CONTRACT_YEARS,
  Currency,
  DisplayName,
  Email,
  EventId,
  Id,
  Instant,
  LIMITS,
  Text,
  TimeZone,
} from './event-fields.js';

export const Locale = z.enum(['ja', 'en']);
export type Locale = z.infer<typeof Locale>;

export const TouchModel = z.enum(['tech', 'low', 'high']);
export type TouchModel = z.infer<typeof TouchModel>;

export const ContactRole = z.enum(['owner', 'admin', 'member']);
export type ContactRole = z.infer<typeof ContactRole>;

/** The account's customer-success owner: emails then come in their name, replies go to them. */
export const CsOwner = z.strictObject({
  // Shown as the From display name: `@`, `<` or `>` there could pass for another address.
  name: DisplayName(LIMITS.name),
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

// `currency` is required with `arr`: a number alone says nothing. The JSON Schema says it with
// `dependentRequired`, the engine with the refinement (zod's JSON Schema cannot render a refinement).
const ARR_NEEDS_CURRENCY = { dependentRequired: { arr: ['currency'] } } as const;
function currencyWithArr(detail: { arr?: number | undefined; currency?: string | undefined }, ctx: z.RefinementCtx) {
  if (detail.arr !== undefined && detail.currency === undefined)
    ctx.addIssue({ code: 'custom', path: ['currency'], message: 'an ISO 4217 currency code when arr is given' });
}

export const AccountUpserted = z
  .strictObject({
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
    /**
     * The company's own closed days beyond weekends and national holidays (at most 60; each `MM-DD`
     * every year or `YYYY-MM-DD`): no email goes on them, in each recipient's zone.
     */
    closedDays: AccountClosedDays.optional(),
    /** The end of the current term, when the contract is up for renewal (`YYYY-MM-DD`). */
    renewalDate: CalendarDate.optional(),
    /** The contract's yearly value in `currency`. */
    arr: Arr.optional(),
    /** The currency of `arr` (ISO 4217); required when `arr` is given. */
    currency: Currency.optional(),
    /**
     * The account's record id in the CRM (a HubSpot company, a Salesforce account): notifications link
     * to it and the CRM sync writes to it.
     */
    crmId: Id.max(64, 'must be at most 64 characters').optional(),
  })
  .superRefine(currencyWithArr)
  .meta(ARR_NEEDS_CURRENCY);
export type AccountUpserted = z.infer<typeof AccountUpserted>;

export const ContactUpserted = z.strictObject({
  accountId: Id,
  contactId: Id,
  email: Email,
  name: Text(LIMITS.name),
  role: ContactRole,
  locale: Locale.optional(),
  /**
   * The contact's own IANA time zone, from the committed list (as the account's): the send window,
   * business days and the times shown follow it. Absent: the account's zone.
   */
  timeZone: TimeZone.optional(),
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
    .regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lower-case letters, digits and . _ - (e.g. daily_report.create)')
    .regex(NOT_BUILT_IN_NAME, NOT_BUILT_IN),
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

/** The contract was renewed: a new term starts at `renewedAt` and runs to the next `renewalDate`. */
export const ContractRenewed = z
  .strictObject({
    accountId: Id,
    renewedAt: Instant,
    /** The end of the new term. */
    renewalDate: CalendarDate,
    arr: Arr.optional(),
    currency: Currency.optional(),
  })
  .superRefine(currencyWithArr)
  .meta(ARR_NEEDS_CURRENCY);
export type ContractRenewed = z.infer<typeof ContractRenewed>;

/**
 * Why a contract ended, when the product says: `price` (too expensive), `product-fit` (it did not do
 * what they needed), `budget` (no budget left), `merged` (the company merged or was acquired),
 * `closed` (the company closed), `competitor` (they moved to another product), `other`.
 */
export const CONTRACT_END_REASONS = [
  'price',
  'product-fit',
  'budget',
  'merged',
  'closed',
  'competitor',
  'other',
] as const;
export const ContractEndReason = z.enum(CONTRACT_END_REASONS);
export type ContractEndReason = z.infer<typeof ContractEndReason>;

/** The contract ended: the account gets no email from then on, until a `Contract Renewed` wins it back. */
export const ContractEnded = z.strictObject({
  accountId: Id,
  endedAt: Instant,
  reason: ContractEndReason.optional(),
});
export type ContractEnded = z.infer<typeof ContractEnded>;

/** Longest survey comment (`LIMITS.comment`). */
export const SURVEY_COMMENT_MAX = LIMITS.comment;

/** The surveys a person may answer: NPS (0–10, how likely to recommend) and CSAT (1–5, how satisfied). */
export const SURVEYS = ['nps', 'csat'] as const;
export const Survey = z.enum(SURVEYS);
export type Survey = z.infer<typeof Survey>;

/** The score range of each survey, inclusive. */
export const SURVEY_SCALES: Readonly<Record<Survey, { readonly min: number; readonly max: number }>> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
};

/** Where an answer was given: in the product (its own NPS prompt) or from a survey email's page. */
export const SurveyChannel = z.enum(['email', 'in-app']);
export type SurveyChannel = z.infer<typeof SurveyChannel>;

// The score's range depends on the survey: the JSON Schema says it with `anyOf` (not CSAT, or a
// score of 1–5), the engine with the refinement.
const SCORE_PER_SURVEY = {
  anyOf: [
    { properties: { survey: { not: { const: 'csat' } } } },
    { properties: { score: { type: 'integer', minimum: 1, maximum: 5 } } },
  ],
} as const;
function scoreInScale(detail: { survey: Survey; score: number }, ctx: z.RefinementCtx) {
  const { min, max } = SURVEY_SCALES[detail.survey];
  if (detail.score < min || detail.score > max)
    ctx.addIssue({ code: 'custom', path: ['score'], message: `an integer from ${min} to ${max} for ${detail.survey}` });
}

/**
 * A person answered a survey: in the product (an in-app NPS the product runs itself) or on the page
 * a survey email opens (`channel: 'email'`, with the touch's id as `surveyId`). A later answer from
 * the same person to the same survey replaces an earlier one. The comment is customer content: it
 * is kept and sent on the `Detractor` signal, never logged.
 */
export const SurveyAnswered = z
  .strictObject({
    accountId: Id,
    contactId: Id,
    survey: Survey,
    score: z.number().int('must be an integer').min(0, 'must be at least 0').max(10, 'must be at most 10'),
    comment: Text(LIMITS.comment).optional(),
    answeredAt: Instant,
    channel: SurveyChannel.default('in-app'),
    /** The survey touch's id, when the answer came from a survey email. */
    surveyId: Id.optional(),
  })
  .superRefine(scoreInScale)
  .meta(SCORE_PER_SURVEY);
export type SurveyAnswered = z.infer<typeof SurveyAnswered>;

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const TicketPriority = z.enum(TICKET_PRIORITIES);
export type TicketPriority = z.infer<typeof TicketPriority>;

/** A support ticket was opened (from a help desk such as Zendesk, Freshdesk or Intercom). */
export const SupportTicketOpened = z.strictObject({
  accountId: Id,
  ticketId: Id,
  /** The person who opened it, when the help desk knows them as a contact of the product. */
  contactId: Id.optional(),
  priority: TicketPriority,
  /** The help desk's reading of the ticket's tone, from −1 (angry) to 1 (pleased). */
  sentiment: z.number().min(-1, 'must be at least -1').max(1, 'must be at most 1').optional(),
  openedAt: Instant,
});
export type SupportTicketOpened = z.infer<typeof SupportTicketOpened>;

/** A support ticket was closed (solved or abandoned): it no longer counts as open. */
export const SupportTicketClosed = z.strictObject({
  accountId: Id,
  ticketId: Id,
  closedAt: Instant,
});
export type SupportTicketClosed = z.infer<typeof SupportTicketClosed>;
/**
 * Who handled a signal: the person's address or name, as the CS team knows them. Kept in the
 * account's state and shown in the queue; never written to a log.
 */
export const HandledBy = z.union([Email, DisplayName(LIMITS.name).min(1, 'must not be empty')]);

/** The signal types a person can acknowledge and resolve: the ones about one account that a play answers. */
export const HandledSignalType = z.enum(HANDLED_SIGNAL_TYPES);
export type HandledSignalType = z.infer<typeof HandledSignalType>;

/**
 * A person took up a signal (`teichaku ack`): while acknowledged, an `Account At Risk` is not raised
 * again (for the program's `plays.acknowledgedDays`, or until resolved).
 */
export const SignalAcknowledged = z.strictObject({
  accountId: Id,
  signalType: HandledSignalType,
  by: HandledBy,
  at: Instant,
  note: Text(LIMITS.note).optional(),
});
export type SignalAcknowledged = z.infer<typeof SignalAcknowledged>;

/** A person closed a signal (`teichaku resolve`): it leaves the queue until it is raised again. */
export const SignalResolved = z.strictObject({
  accountId: Id,
  signalType: HandledSignalType,
  by: HandledBy,
  at: Instant,
  note: Text(LIMITS.note).optional(),
  /** What came of it, in a few words (`saved`, `renewal moved to Q3`). */
  outcome: Text(LIMITS.text).optional(),
});
export type SignalResolved = z.infer<typeof SignalResolved>;

export const DETAIL_SCHEMAS = {
  'Account Upserted': AccountUpserted,
  'Contact Upserted': ContactUpserted,
  'Contact Removed': ContactRemoved,
  'Usage Recorded': UsageRecorded,
  'Onboarding Completed': OnboardingCompleted,
  'Contract Renewed': ContractRenewed,
  'Contract Ended': ContractEnded,
  'Survey Answered': SurveyAnswered,
  'Support Ticket Opened': SupportTicketOpened,
  'Support Ticket Closed': SupportTicketClosed,
  'Signal Acknowledged': SignalAcknowledged,
  'Signal Resolved': SignalResolved,
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
  | (EventBase & { readonly detailType: 'Onboarding Completed'; readonly detail: OnboardingCompleted })
  | (EventBase & { readonly detailType: 'Contract Renewed'; readonly detail: ContractRenewed })
  | (EventBase & { readonly detailType: 'Contract Ended'; readonly detail: ContractEnded })
  | (EventBase & { readonly detailType: 'Survey Answered'; readonly detail: SurveyAnswered })
  | (EventBase & { readonly detailType: 'Support Ticket Opened'; readonly detail: SupportTicketOpened })
  | (EventBase & { readonly detailType: 'Support Ticket Closed'; readonly detail: SupportTicketClosed })
  | (EventBase & { readonly detailType: 'Signal Acknowledged'; readonly detail: SignalAcknowledged })
  | (EventBase & { readonly detailType: 'Signal Resolved'; readonly detail: SignalResolved });

/** The EventBridge envelope as it arrives (extra EventBridge fields such as `account`, `region` are allowed). */
export const EventEnvelope = z.looseObject({
  id: EventId,
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
  return [prefix, ...path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))]
    .filter(Boolean)
    .join('.')
    .replace(/\.\[/g, '[');
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

const TYPE_NAMES: Record<string, string> = {
  int: 'integer',
  number: 'number',
  string: 'string',
  object: 'object',
  boolean: 'boolean',
};

// A field name worth showing back (a typo such as `emial`); anything else may be data sent as a key.
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,39}$/;

// Unknown keys named in one rejection: enough to spot a typo; a flood of keys stays one short line.
const UNKNOWN_KEYS_SHOWN = 10;

function unknownKeys(keys: readonly string[]): string {
  const names = keys.filter((k) => FIELD_NAME.test(k));
  const shown = names.slice(0, UNKNOWN_KEYS_SHOWN).map((k) => JSON.stringify(k));
  const more = names.length - shown.length;
  const hidden = keys.length - names.length;
  return [
    ...shown,
    ...(more > 0 ? [`${more} more`] : []),
    ...(hidden > 0 ? [`${hidden} not shown (not field names)`] : []),
  ].join(', ');
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

/** Instants at most this far ahead of their ingestion are accepted: clocks drift, and a batch may be dated ahead. */
export const DEFAULT_FUTURE_TOLERANCE_SEC = 86_400;

export interface ParseOptions {
  /** Only events with this `source` are accepted (default: any). */
  readonly allowedSource?: string;
  /** When the event is being ingested (ISO instant); without it, instants are not checked against the future. */
  readonly receivedAt?: string;
  /** How far past `receivedAt` an instant of the event may lie (default DEFAULT_FUTURE_TOLERANCE_SEC). */
  readonly futureToleranceSec?: number;
  /** Domains a `csOwner.email` may be at (lower case); absent: any domain. */
  readonly csOwnerDomains?: readonly string[];
}

/** Every instant an event states, with its field path. */
function instantsOf(event: ProductEvent): [path: string, at: string][] {
  const envelope: [string, string] = ['time', event.time];
  switch (event.detailType) {
    case 'Usage Recorded':
      return [envelope, ['detail.occurredAt', event.detail.occurredAt]];
    case 'Onboarding Completed':
      return [envelope, ['detail.completedAt', event.detail.completedAt]];
    case 'Contract Renewed':
      return [envelope, ['detail.renewedAt', event.detail.renewedAt]];
    case 'Contract Ended':
      return [envelope, ['detail.endedAt', event.detail.endedAt]];
    case 'Survey Answered':
      return [envelope, ['detail.answeredAt', event.detail.answeredAt]];
    case 'Support Ticket Opened':
      return [envelope, ['detail.openedAt', event.detail.openedAt]];
    case 'Support Ticket Closed':
      return [envelope, ['detail.closedAt', event.detail.closedAt]];
    case 'Signal Acknowledged':
    case 'Signal Resolved':
      return [envelope, ['detail.at', event.detail.at]];
    case 'Contact Upserted':
      return event.detail.consent === undefined
        ? [envelope]
        : [envelope, ['detail.consent.at', event.detail.consent.at]];
    case 'Account Upserted':
    case 'Contact Removed':
      return [envelope];
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/**
 * Refuses an event dated ahead of its ingestion by more than the tolerance: applied, it would look
 * newer than every real event to come, freeze the account and contacts, and push real usage out of
 * the history. The reason names each field and the limit, never the instant itself.
 */
export function rejectFutureInstants(
  event: ProductEvent,
  receivedAt: string,
  futureToleranceSec: number = DEFAULT_FUTURE_TOLERANCE_SEC,
): EventRejection | null {
  const latestMs = Date.parse(receivedAt) + futureToleranceSec * 1000;
  const problems = instantsOf(event)
    .filter(([, at]) => Date.parse(at) > latestMs)
    .map(([path]) => ({
      path,
      expected: `an instant at most ${futureToleranceSec} seconds after the event is received (not in the future)`,
    }));
  return problems.length === 0 ? null : reject(event.id, problems);
}

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

function csOwnerProblem(event: ProductEvent, domains: readonly string[]): FieldProblem | null {
  if (event.detailType !== 'Account Upserted' || event.detail.csOwner === undefined) return null;
  if (domains.includes(domainOf(event.detail.csOwner.email))) return null;
  return { path: 'detail.csOwner.email', expected: `an address at an allowed domain (${domains.join(', ')})` };
}

/**
 * Parses one raw EventBridge event into a trusted `ProductEvent`, or a rejection that names the
 * event id, every bad field path and what was expected.
 */
export function parseProductEvent(raw: unknown, options: ParseOptions = {}): ParseResult {
  const rawId =
    typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string'
      ? (raw as { id: string }).id
      : null;
  const readableId = rawId !== null && EventId.safeParse(rawId).success ? rawId : null;
  const envelope = EventEnvelope.safeParse(raw);
  if (!envelope.success) return reject(readableId, problemsOf('', envelope.error, raw));
  const { id, source, time, detail } = envelope.data;
  const detailType = envelope.data['detail-type'];
  const { allowedSource } = options;
  if (allowedSource !== undefined && source !== allowedSource) {
    return reject(id, [{ path: 'source', expected: `the configured event source ${JSON.stringify(allowedSource)}` }]);
  }
  // Own keys only: `in` also finds `toString`, `constructor`... on the prototype.
  if (!Object.hasOwn(DETAIL_SCHEMAS, detailType)) {
    return reject(id, [
      { path: 'detail-type', expected: `one of ${DETAIL_TYPES.map((t) => JSON.stringify(t)).join(', ')}` },
    ]);
  }
  const schema = DETAIL_SCHEMAS[detailType as DetailType];
  const parsed = schema.safeParse(detail);
  if (!parsed.success) return reject(id, problemsOf('detail', parsed.error, detail));
  const event = { id, source, time, detailType, detail: parsed.data } as ProductEvent;
  const owner = options.csOwnerDomains === undefined ? null : csOwnerProblem(event, options.csOwnerDomains);
  if (owner !== null) return reject(id, [owner]);
  const future =
    options.receivedAt === undefined
      ? null
      : rejectFutureInstants(event, options.receivedAt, options.futureToleranceSec);
  return future ?? { kind: 'ok', event };
}

/** The account an event belongs to. */
export function accountIdOf(event: ProductEvent): string {
  return event.detail.accountId;
}
