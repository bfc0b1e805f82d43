// The customer's voice: survey answers kept per contact, support tickets kept per account, and what
// is read from them: detractors, the promotional hold after one, a surge of tickets, and the two
// health components (satisfaction, support). Pure: every reading takes its `now`.
import type { Survey, SurveyChannel, TicketPriority } from './events.js';
import { SURVEY_SCALES } from './events.js';
import type { Program } from './program.js';
import { type AccountState, type ContactState, isKeyContact } from './state.js';
import { toIso, toMs } from './time.js';

const DAY_MS = 86_400_000;

/** A contact's latest answer to one survey (the latest `at`, then the larger event id). */
export interface SurveyAnswer {
  readonly score: number;
  /** When the person answered (`answeredAt`). */
  readonly at: string;
  readonly eventId: string;
  readonly channel: SurveyChannel;
  /** Customer content: kept, sent on the `Detractor` signal and in the data-subject export; never logged. */
  readonly comment?: string;
  /** The survey touch's id, when answered from a survey email. */
  readonly surveyId?: string;
}

/** What the account's help desk said of one ticket, each fact kept so the order of events does not matter. */
export interface TicketFacts {
  /** The latest opening (a reopened ticket is opened again, later): `openedAt`, its event and details. */
  readonly openedAt?: string;
  readonly openedBy?: string;
  readonly priority?: TicketPriority;
  readonly sentiment?: number;
  readonly contactId?: string;
  /** The latest closing (maximum). The ticket is open when opened after its latest closing. */
  readonly closedAt?: string;
}

/** Tickets of the account by ticket id; absent on accounts that never had one. */
export type SupportFacts = Readonly<Record<string, TicketFacts>>;

/** Closed tickets are kept this long (from the account's latest ticket time): the surge baseline and the report. */
export const TICKET_HISTORY_DAYS = 84;
/** At most this many tickets per account are kept (the latest ones), so the item stays bounded. */
export const MAX_TICKETS = 300;

/** The surge rule: at least this many openings in the last 7 days… */
export const SURGE_MIN_OPENINGS = 3;
/** …and at least this many times the weekly mean of the 8 weeks before. */
export const SURGE_FACTOR = 2;
export const SURGE_BASELINE_WEEKS = 8;

/** The settings of `voice` in program.yaml, with their defaults. */
export interface VoiceSettings {
  /** Days an account with an open detractor gets no promotional email (from the latest detractor answer). */
  readonly detractorHoldDays: number;
}
export const DEFAULT_VOICE: VoiceSettings = { detractorHoldDays: 30 };

export function voiceOf(program: Pick<Program, 'voice'>): VoiceSettings {
  return { ...DEFAULT_VOICE, ...program.voice };
}

/** NPS 0–6 or CSAT 1–2: a person to follow up with. */
export function isDetractor(survey: Survey, score: number): boolean {
  return survey === 'nps' ? score <= 6 : score <= 2;
}

/** NPS 9–10, CSAT 4–5. */
export function isPromoter(survey: Survey, score: number): boolean {
  return survey === 'nps' ? score >= 9 : score >= 4;
}

/** A score on 0–1: 0 the scale's lowest, 1 its highest. */
export function normalisedScore(survey: Survey, score: number): number {
  const { min, max } = SURVEY_SCALES[survey];
  return (score - min) / (max - min);
}

export interface OpenDetractor {
  readonly contactId: string;
  readonly survey: Survey;
  readonly answer: SurveyAnswer;
}

/**
 * The detractor answers not yet followed up: each contact's latest answer to a survey, a detractor,
 * given after the account's detractors were last resolved (`detractorsResolvedAt`). Removed contacts'
 * answers are gone with them. Sorted by time, then contact.
 */
export function openDetractors(
  state: Pick<AccountState, 'contacts' | 'detractorsResolvedAt' | 'signalCases'>,
): OpenDetractor[] {
  const resolved = detractorsResolvedAtOf(state);
  const open: OpenDetractor[] = [];
  for (const contactId of Object.keys(state.contacts).sort()) {
    const contact = state.contacts[contactId] as ContactState;
    if (contact.removed || contact.surveys === undefined) continue;
    for (const survey of ['nps', 'csat'] as const) {
      const answer = contact.surveys[survey];
      if (answer === undefined || !isDetractor(survey, answer.score)) continue;
      if (resolved !== undefined && answer.at <= resolved) continue;
      open.push({ contactId, survey, answer });
    }
  }
  return open.sort((a, b) => (a.answer.at < b.answer.at ? -1 : a.answer.at > b.answer.at ? 1 : 0));
}

/**
 * When the account's detractors were last followed up: the later of `detractorsResolvedAt` and the
 * latest `Signal Resolved` of the `Detractor` signal (its case, kept whatever order events come in).
 */
export function detractorsResolvedAtOf(
  state: Pick<AccountState, 'detractorsResolvedAt' | 'signalCases'>,
): string | undefined {
  const kept = state.detractorsResolvedAt;
  const resolved = state.signalCases?.Detractor?.resolved?.at;
  if (kept === undefined) return resolved;
  if (resolved === undefined) return kept;
  return kept > resolved ? kept : resolved;
}

/**
 * When the promotional hold after a detractor ends, or null when there is none at `now`: the
 * latest open detractor answer plus `detractorHoldDays`. A resolve (or the contact's removal) lifts it.
 */
export function detractorHoldUntil(
  state: Pick<AccountState, 'contacts' | 'detractorsResolvedAt' | 'signalCases'>,
  program: Pick<Program, 'voice'>,
  now: string,
): string | null {
  const open = openDetractors(state);
  if (open.length === 0) return null;
  const latest = open[open.length - 1] as OpenDetractor;
  const until = toIso(toMs(latest.answer.at) + voiceOf(program).detractorHoldDays * DAY_MS);
  return latest.answer.at <= now && until > now ? until : null;
}

/** Whether the ticket is open: opened, and not closed at or after its latest opening. */
export function isOpenTicket(ticket: TicketFacts): boolean {
  return ticket.openedAt !== undefined && (ticket.closedAt === undefined || ticket.closedAt < ticket.openedAt);
}

function latestTimeOf(ticket: TicketFacts): string {
  const opened = ticket.openedAt ?? '';
  const closed = ticket.closedAt ?? '';
  return opened > closed ? opened : closed;
}

/**
 * The tickets kept: every open one, and the others whose latest time is within TICKET_HISTORY_DAYS
 * of the latest ticket time held; then at most MAX_TICKETS, the latest first. Relative to the
 * latest time held, so the outcome does not depend on the order the events came in.
 */
export function pruneTickets(tickets: SupportFacts): SupportFacts {
  const ids = Object.keys(tickets);
  if (ids.length === 0) return tickets;
  let latest = '';
  for (const id of ids) {
    const t = latestTimeOf(tickets[id] as TicketFacts);
    if (t > latest) latest = t;
  }
  const oldest = toIso(toMs(latest) - TICKET_HISTORY_DAYS * DAY_MS);
  const kept = ids.filter((id) => {
    const ticket = tickets[id] as TicketFacts;
    return isOpenTicket(ticket) || latestTimeOf(ticket) >= oldest;
  });
  kept.sort((a, b) => {
    const ta = latestTimeOf(tickets[a] as TicketFacts);
    const tb = latestTimeOf(tickets[b] as TicketFacts);
    return ta > tb ? -1 : ta < tb ? 1 : a < b ? -1 : 1;
  });
  const bounded = kept.slice(0, MAX_TICKETS);
  if (bounded.length === ids.length) return tickets;
  return Object.fromEntries(bounded.sort().map((id) => [id, tickets[id] as TicketFacts]));
}

/** The latest opening held, or null. */
export function latestOpening(tickets: SupportFacts | undefined): string | null {
  let latest: string | null = null;
  for (const id in tickets) {
    const at = tickets[id]?.openedAt;
    if (at !== undefined && (latest === null || at > latest)) latest = at;
  }
  return latest;
}

export interface SurgeFigures {
  /** Openings in the 7 days up to and including `at`. */
  readonly lastWeek: number;
  /** Mean openings per week in the 8 weeks before those 7 days. */
  readonly weeklyMean: number;
  readonly surge: boolean;
}

/**
 * Support surge as of `at`: at least SURGE_MIN_OPENINGS openings in the last 7 days, and at least
 * SURGE_FACTOR times the account's own weekly mean over the SURGE_BASELINE_WEEKS weeks before.
 */
export function surgeAt(tickets: SupportFacts | undefined, at: string): SurgeFigures {
  const end = toMs(at);
  const weekStart = end - 7 * DAY_MS;
  const baselineStart = weekStart - SURGE_BASELINE_WEEKS * 7 * DAY_MS;
  let lastWeek = 0;
  let before = 0;
  for (const id in tickets) {
    const opened = tickets[id]?.openedAt;
    if (opened === undefined) continue;
    const ms = toMs(opened);
    if (ms > end) continue;
    if (ms > weekStart) lastWeek += 1;
    else if (ms > baselineStart) before += 1;
  }
  const weeklyMean = before / SURGE_BASELINE_WEEKS;
  return { lastWeek, weeklyMean, surge: lastWeek >= SURGE_MIN_OPENINGS && lastWeek >= SURGE_FACTOR * weeklyMean };
}

/** A surge ends when this many days pass with no opening that was still a surge. */
export const SURGE_CLEAR_DAYS = 14;

/** A support surge going on: since its first surging opening, and its latest one. */
export interface OpenSurge {
  readonly since: string;
  readonly latest: string;
}

/**
 * The support surge going on at `now`, read from the kept openings as ingest judged them: an opening
 * surges when the account is in a surge as of it (`surgeAt`). The surge starts at a surging opening
 * with none in the SURGE_CLEAR_DAYS before it (where ingest raised `Support Surge`) and is over
 * SURGE_CLEAR_DAYS after its latest surging opening: by then the week's openings have been back under
 * the rule for at least a week. Null when none is going on.
 */
export function openSurge(tickets: SupportFacts | undefined, now: string): OpenSurge | null {
  const clearMs = SURGE_CLEAR_DAYS * DAY_MS;
  let since: string | null = null;
  let latest: string | null = null;
  for (const at of ticketOpenings(tickets)) {
    if (at > now || !surgeAt(tickets, at).surge) continue;
    if (latest === null || toMs(at) - toMs(latest) >= clearMs) since = at;
    latest = at;
  }
  if (since === null || latest === null || toMs(now) - toMs(latest) >= clearMs) return null;
  return { since, latest };
}

/** Openings in the account's ticket history (every kept ticket that was opened). */
export function ticketOpenings(tickets: SupportFacts | undefined): string[] {
  const out: string[] = [];
  for (const id in tickets) {
    const at = tickets[id]?.openedAt;
    if (at !== undefined) out.push(at);
  }
  return out.sort();
}

/** An answer's weight halves every this many days: a year-old answer counts for a sixteenth. */
export const SATISFACTION_HALF_LIFE_DAYS = 90;

/**
 * Satisfaction as of `now`, from each key contact's latest answer (NPS or CSAT, the later of the
 * two), each on 0–1 and weighted by its age (halving every SATISFACTION_HALF_LIFE_DAYS). `weight` is
 * how much the figure counts in health (0–1): the sum of the answers' age weights, capped at 1, so
 * one fresh answer counts fully and a lone old one fades out. Null when no key contact answered.
 */
export function satisfactionOf(
  state: Pick<AccountState, 'contacts'>,
  now: string,
): { readonly score: number; readonly weight: number } | null {
  let weighted = 0;
  let total = 0;
  for (const id in state.contacts) {
    const contact = state.contacts[id] as ContactState;
    if (contact.removed || contact.surveys === undefined || !isKeyContact(contact)) continue;
    let latest: { survey: Survey; answer: SurveyAnswer } | null = null;
    for (const survey of ['nps', 'csat'] as const) {
      const answer = contact.surveys[survey];
      if (answer === undefined || answer.at > now) continue;
      if (latest === null || answer.at > latest.answer.at) latest = { survey, answer };
    }
    if (latest === null) continue;
    const ageDays = (toMs(now) - toMs(latest.answer.at)) / DAY_MS;
    const w = 0.5 ** (ageDays / SATISFACTION_HALF_LIFE_DAYS);
    weighted += w * normalisedScore(latest.survey, latest.answer.score);
    total += w;
  }
  return total === 0 ? null : { score: weighted / total, weight: Math.min(1, total) };
}

/** What an open ticket takes off the support score, by priority (doubled once it is open 7 days or more). */
export const OPEN_TICKET_PENALTY: Readonly<Record<TicketPriority, number>> = {
  low: 0,
  normal: 0.05,
  high: 0.25,
  urgent: 0.4,
};
/** What a surge takes off the support score. */
export const SURGE_PENALTY = 0.3;

/**
 * Support as of `now` (0–1): 1 less a penalty per open ticket by priority (doubled for a ticket
 * open 7 days or more; one with a sentiment of −0.5 or below counts as one priority higher) and
 * SURGE_PENALTY during a surge, at least 0. Null when the account has no ticket in its history: the
 * component then stays out of the score.
 */
export function supportOf(state: Pick<AccountState, 'support'>, now: string): number | null {
  const tickets = state.support;
  if (tickets === undefined) return null;
  let seen = false;
  let penalty = 0;
  for (const id in tickets) {
    const ticket = tickets[id] as TicketFacts;
    if (ticket.openedAt === undefined || ticket.openedAt > now) continue;
    seen = true;
    if (!isOpenTicket(ticket)) continue;
    const priority = raised(ticket.priority ?? 'normal', ticket.sentiment);
    const old = toMs(now) - toMs(ticket.openedAt) >= 7 * DAY_MS;
    penalty += OPEN_TICKET_PENALTY[priority] * (old ? 2 : 1);
  }
  if (!seen) return null;
  if (surgeAt(tickets, now).surge) penalty += SURGE_PENALTY;
  return Math.max(0, 1 - penalty);
}

function raised(priority: TicketPriority, sentiment: number | undefined): TicketPriority {
  if (sentiment === undefined || sentiment > -0.5) return priority;
  return priority === 'low' ? 'normal' : priority === 'normal' ? 'high' : 'urgent';
}

/** Open tickets of high or urgent priority as of `now`. */
export function openHighTickets(state: Pick<AccountState, 'support'>, now: string): number {
  let n = 0;
  for (const id in state.support) {
    const t = state.support[id] as TicketFacts;
    if (isOpenTicket(t) && (t.openedAt as string) <= now && (t.priority === 'high' || t.priority === 'urgent')) n += 1;
  }
  return n;
}

/** One person's answer as the compliance export's view of the person shows it (comment included). */
export interface SurveyAnswerRecord {
  readonly accountId: string;
  readonly contactId: string;
  readonly survey: Survey;
  readonly score: number;
  readonly answeredAt: string;
  readonly channel: SurveyChannel;
  readonly comment?: string;
  readonly surveyId?: string;
}

/** The answers the account holds (each person's latest per survey), by contact then survey. */
export function surveyAnswersOf(state: Pick<AccountState, 'accountId' | 'contacts'>): SurveyAnswerRecord[] {
  const out: SurveyAnswerRecord[] = [];
  for (const contactId of Object.keys(state.contacts).sort()) {
    const surveys = state.contacts[contactId]?.surveys;
    if (surveys === undefined) continue;
    for (const survey of ['nps', 'csat'] as const) {
      const a = surveys[survey];
      if (a === undefined) continue;
      out.push({
        accountId: state.accountId,
        contactId,
        survey,
        score: a.score,
        answeredAt: a.at,
        channel: a.channel,
        ...(a.comment === undefined ? {} : { comment: a.comment }),
        ...(a.surveyId === undefined ? {} : { surveyId: a.surveyId }),
      });
    }
  }
  return out;
}
