// Parsed product events and the shipped programs, built the same way everywhere: the tests' fixtures
// (test/fixtures/builders.ts re-exports these) and the bench's workloads. Ids are derived from the
// content unless given, so building the same event twice gives a true duplicate.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import type {
  Consent,
  ContactRole,
  ContractEndReason,
  Locale,
  ProductEvent,
  Survey,
  SurveyChannel,
  TicketPriority,
} from '../core/events.js';
import type { Program } from '../core/program.js';
import { defaultProgramOf, type Programs, parsePrograms } from '../core/programs.js';
import type { AccountProfile } from '../core/state.js';

const SOURCE = 'com.example.product';
/** When non-usage events happen unless a test says otherwise. */
export const DEFAULT_EVENT_AT = '2026-01-05T00:00:00.000Z';

export const DEFAULT_PROFILE: AccountProfile = {
  name: 'Acme Manufacturing',
  plan: 'standard',
  industry: 'manufacturing',
  employees: 120,
  timeZone: 'Asia/Tokyo',
  locale: 'ja',
  contractStart: '2026-01-05',
  touchModel: 'tech',
};

/** An instant in the engine's canonical form; a bare date `YYYY-MM-DD` means 00:00 UTC that day. */
export function instant(at: string): string {
  const text = /^\d{4}-\d{2}-\d{2}$/.test(at) ? `${at}T00:00:00Z` : at;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`builders: "${at}" is not an ISO instant`);
  return new Date(ms).toISOString();
}

export interface EventOptions {
  /** The envelope `time` (defaults: the usage time for usage, DEFAULT_EVENT_AT for the rest). */
  readonly at?: string;
  /** The event id (default: derived from the content). */
  readonly id?: string;
}

export function accountUpserted(
  accountId: string,
  profile: Partial<AccountProfile> = {},
  options: EventOptions = {},
): ProductEvent {
  const time = instant(options.at ?? DEFAULT_EVENT_AT);
  const detail = { accountId, ...DEFAULT_PROFILE, ...profile };
  return {
    id: options.id ?? `acct:${accountId}:${time}`,
    source: SOURCE,
    time,
    detailType: 'Account Upserted',
    detail,
  };
}

export interface ContactFields {
  readonly email?: string;
  readonly name?: string;
  readonly role?: ContactRole;
  readonly locale?: Locale;
  readonly consent?: Consent;
  /** The contact's own time zone (absent: the account's). */
  readonly timeZone?: string;
}

export function contactUpserted(
  accountId: string,
  contactId: string,
  fields: ContactFields = {},
  options: EventOptions = {},
): ProductEvent {
  const time = instant(options.at ?? DEFAULT_EVENT_AT);
  const detail = {
    accountId,
    contactId,
    email: fields.email ?? `${contactId}@example.com`,
    name: fields.name ?? `Person ${contactId}`,
    role: fields.role ?? 'member',
    ...(fields.locale === undefined ? {} : { locale: fields.locale }),
    ...(fields.consent === undefined ? {} : { consent: fields.consent }),
    ...(fields.timeZone === undefined ? {} : { timeZone: fields.timeZone }),
  };
  return {
    id: options.id ?? `contact:${accountId}:${contactId}:${time}`,
    source: SOURCE,
    time,
    detailType: 'Contact Upserted',
    detail,
  };
}

export function contactRemoved(accountId: string, contactId: string, options: EventOptions = {}): ProductEvent {
  const time = instant(options.at ?? DEFAULT_EVENT_AT);
  return {
    id: options.id ?? `removed:${accountId}:${contactId}:${time}`,
    source: SOURCE,
    time,
    detailType: 'Contact Removed',
    detail: { accountId, contactId },
  };
}

export function usage(
  accountId: string,
  contactId: string,
  action: string,
  occurredAt: string,
  options: EventOptions & { readonly count?: number } = {},
): ProductEvent {
  const at = instant(occurredAt);
  const time = instant(options.at ?? at);
  return {
    id: options.id ?? `usage:${accountId}:${contactId}:${action}:${at}`,
    source: SOURCE,
    time,
    detailType: 'Usage Recorded',
    detail: { accountId, contactId, action, occurredAt: at, count: options.count ?? 1 },
  };
}

export function onboardingCompleted(accountId: string, completedAt: string, options: EventOptions = {}): ProductEvent {
  const at = instant(completedAt);
  const time = instant(options.at ?? at);
  return {
    id: options.id ?? `onboarded:${accountId}:${at}`,
    source: SOURCE,
    time,
    detailType: 'Onboarding Completed',
    detail: { accountId, completedAt: at },
  };
}

export function contractRenewed(
  accountId: string,
  renewedAt: string,
  renewalDate: string,
  value: { readonly arr: number; readonly currency: string } | null = null,
  options: EventOptions = {},
): ProductEvent {
  const at = instant(renewedAt);
  const time = instant(options.at ?? at);
  return {
    id: options.id ?? `renewed:${accountId}:${at}`,
    source: SOURCE,
    time,
    detailType: 'Contract Renewed',
    detail: { accountId, renewedAt: at, renewalDate, ...(value ?? {}) },
  };
}

export function contractEnded(
  accountId: string,
  endedAt: string,
  reason?: ContractEndReason,
  options: EventOptions = {},
): ProductEvent {
  const at = instant(endedAt);
  const time = instant(options.at ?? at);
  return {
    id: options.id ?? `ended:${accountId}:${at}`,
    source: SOURCE,
    time,
    detailType: 'Contract Ended',
    detail: { accountId, endedAt: at, ...(reason === undefined ? {} : { reason }) },
  };
}

export function surveyAnswered(
  accountId: string,
  contactId: string,
  answer: {
    survey: Survey;
    score: number;
    answeredAt: string;
    comment?: string;
    channel?: SurveyChannel;
    surveyId?: string;
  },
  options: EventOptions = {},
): ProductEvent {
  const at = instant(answer.answeredAt);
  const time = instant(options.at ?? at);
  return {
    id: options.id ?? `answer:${accountId}:${contactId}:${answer.survey}:${at}`,
    source: SOURCE,
    time,
    detailType: 'Survey Answered',
    detail: {
      accountId,
      contactId,
      survey: answer.survey,
      score: answer.score,
      answeredAt: at,
      channel: answer.channel ?? 'in-app',
      ...(answer.comment === undefined ? {} : { comment: answer.comment }),
      ...(answer.surveyId === undefined ? {} : { surveyId: answer.surveyId }),
    },
  };
}

export function ticketOpened(
  accountId: string,
  ticketId: string,
  openedAt: string,
  fields: { priority?: TicketPriority; sentiment?: number; contactId?: string } = {},
  options: EventOptions = {},
): ProductEvent {
  const at = instant(openedAt);
  const time = instant(options.at ?? at);
  return {
    id: options.id ?? `ticket-opened:${accountId}:${ticketId}:${at}`,
    source: SOURCE,
    time,
    detailType: 'Support Ticket Opened',
    detail: {
      accountId,
      ticketId,
      priority: fields.priority ?? 'normal',
      openedAt: at,
      ...(fields.sentiment === undefined ? {} : { sentiment: fields.sentiment }),
      ...(fields.contactId === undefined ? {} : { contactId: fields.contactId }),
    },
  };
}

export function ticketClosed(
  accountId: string,
  ticketId: string,
  closedAt: string,
  options: EventOptions = {},
): ProductEvent {
  const at = instant(closedAt);
  const time = instant(options.at ?? at);
  return {
    id: options.id ?? `ticket-closed:${accountId}:${ticketId}:${at}`,
    source: SOURCE,
    time,
    detailType: 'Support Ticket Closed',
    detail: { accountId, ticketId, closedAt: at },
  };
}

let cachedPrograms: Programs | null = null;
/** Every shipped program, templates/program.yaml, in rule order (the default last), parsed as production parses it. */
export function shippedPrograms(): Programs {
  cachedPrograms ??= parsePrograms(
    parse(readFileSync(resolve(import.meta.dirname, '../../templates/program.yaml'), 'utf8')),
  );
  return cachedPrograms;
}

/** The shipped default program (the last of templates/program.yaml). */
export function defaultProgram(): Program {
  return defaultProgramOf(shippedPrograms());
}
