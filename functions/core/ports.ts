// Ports: the small interfaces the handlers need from the outside world. Adapters implement them
// (DynamoDB, SES, EventBridge, SQS in AWS; in-memory twins for the local simulation and for tests).

import type { ComplianceEntry } from './compliance-record.js';
import type { CrmRecordChange } from './crm-record.js';
import type { PlanRun } from './decision-record.js';
import type { PlannedTouch } from './decisions.js';
import { TeichakuError } from './errors.js';
import type { ContactRole, SurveyAnswered } from './events.js';
import type { OptOutTopic } from './message-class.js';
import type { SignalAccount } from './notifications.js';
import type { DueCursor, DueEntry, PlanningWork, ShardRange } from './planning-work.js';
import type { SurveyType } from './program.js';
import type { SendingGuardState } from './sending-guard.js';
import type { HourCounts, SendingOutcome } from './sending-rates.js';
import type { Signal } from './signals.js';
import type { AccountProfile, AccountState, ContactSuppression } from './state.js';

/** The stored version was not the one expected: reload, re-apply, retry. */
export class VersionConflictError extends TeichakuError {
  readonly code = 'VERSION_CONFLICT';
  override readonly name = 'VersionConflictError';
  constructor(
    readonly accountId: string,
    readonly expectedVersion: number,
  ) {
    super(`account ${accountId} changed since version ${expectedVersion} was read; reload and retry`);
  }
}

export interface AccountStore {
  load(accountId: string): Promise<AccountState | null>;
  /**
   * Writes the state if the stored item still has `state.version` (no item when it is 0) and returns
   * it with the version incremented; also keeps the due index in step with `state.cadence.nextDueAt`.
   * Throws VersionConflictError otherwise.
   */
  save(state: AccountState): Promise<AccountState>;
  /** Ids of accounts whose next due time is at or before `until` (index query, never a scan). */
  listDue(until: string): AsyncIterable<string>;
}

/** The due index shard by shard, for the planner's workers (planning-work.ts). */
export interface DueShardIndex {
  /** How many shards the index has: the shards are 0 to count − 1. */
  readonly shardCount: number;
  /**
   * Accounts of the shards in `range` whose next due time is at or before `until`, in the index's
   * order (shard, then due time, then account id), starting after `after` when given. A read, never a
   * scan; a snapshot per page, so saves made while the caller walks do not shift what is left.
   */
  listDueIn(range: ShardRange, until: string, after: DueCursor | null): AsyncIterable<DueEntry>;
}

/** Where the coordinator and the workers put work items (the planning queue). */
export interface PlanningQueue {
  enqueue(items: readonly PlanningWork[]): Promise<void>;
}

/**
 * `skipped`: claimed, then not sent because the contact was no longer reachable when the job ran.
 * `unconfirmed`: claimed, and then the sender lost track of it (it died, or SES answered with an
 * error after the request may have been accepted): an email may have left. Never sent again.
 */
export type TouchStatus =
  | 'claimed'
  | 'sent'
  | 'delivered'
  | 'bounced'
  | 'complained'
  | 'opened'
  | 'clicked'
  | 'failed'
  | 'skipped'
  | 'unconfirmed'
  /** A transient bounce: the mailbox was full or the server busy; recorded, never suppressed. */
  | 'soft-bounced'
  /** SES could not deliver yet and keeps trying (a DeliveryDelay event); recorded, never suppressed. */
  | 'delayed';

/** A touch as the ledger holds it, for a sender that finds it claimed already. */
export interface LedgerTouch {
  readonly status: TouchStatus;
  readonly claimedAt: string;
  /** SES's message id once the touch was marked sent, else null. */
  readonly messageId: string | null;
}

export interface TouchLedger {
  /**
   * Conditional put on the touch's deterministic id; `already-claimed` when it exists. `status`
   * (default `claimed`) lets a job that drops its touch claim it as `skipped` in one write.
   */
  claim(touch: PlannedTouch, at: string, status?: 'claimed' | 'skipped'): Promise<'claimed' | 'already-claimed'>;
  /** The touch as stored (strongly consistent), or null when it was never claimed or was released. */
  inspect(accountId: string, touchId: string): Promise<LedgerTouch | null>;
  /**
   * Moves a touch that is still `claimed` with no message id to `unconfirmed`; any other touch is
   * left as it is. Idempotent: the first time is kept.
   */
  markUnconfirmed(accountId: string, touchId: string, at: string): Promise<void>;
  markSent(accountId: string, touchId: string, messageId: string, at: string): Promise<void>;
  /**
   * Drops a claim whose send SES refused before accepting it (throttled, sending paused), so a later
   * delivery of the job may send it. Only a `claimed` touch is released; never call it after SES accepted.
   */
  release(accountId: string, touchId: string): Promise<void>;
  /** Records a delivery or engagement event on the touch (idempotent). */
  recordStatus(accountId: string, touchId: string, status: TouchStatus, at: string): Promise<void>;
}

export interface OutgoingEmail {
  readonly to: string;
  readonly from: string;
  readonly replyTo?: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  /** Extra headers such as List-Unsubscribe and List-Unsubscribe-Post. */
  readonly headers: Readonly<Record<string, string>>;
  /** Message tags (SES): kind, account, touch, contact. Values: letters, digits, _ - . @ only. */
  readonly tags: Readonly<Record<string, string>>;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<{ readonly messageId: string }>;
}

/** Turns sending on or off for the whole SES configuration set (the account-wide pause). */
export interface ConfigurationSetSwitch {
  setSendingEnabled(enabled: boolean): Promise<void>;
}

/** Where the report's files go: a private bucket, one key per file. */
export interface ReportBucket {
  readonly name: string;
  put(key: string, body: string, contentType: string): Promise<void>;
}

/** The detail of the `Report Published` event: where a run's files are, and what they cover. */
export interface ReportPublished {
  readonly at: string;
  readonly bucket: string;
  /** Key of report.html. */
  readonly key: string;
  readonly jsonKey: string;
  readonly window: { readonly from: string; readonly until: string };
  readonly accounts: number;
}

/** How long an unsubscribe link in an email stays valid, by default. */
export const DEFAULT_TOKEN_TTL_DAYS = 400;

/** How long a survey's score links stay valid: an answer long after the email says little of that moment. */
export const DEFAULT_SURVEY_TOKEN_TTL_DAYS = 60;

/** Signs the one-click unsubscribe token an email carries. */
export interface UnsubscribeTokenSigner {
  sign(accountId: string, contactId: string, expiresAt: string): Promise<string>;
}

/** Whom a valid unsubscribe token names, and until when it is valid. */
export interface UnsubscribeClaim {
  readonly accountId: string;
  readonly contactId: string;
  /** Expiry, seconds since the epoch. */
  readonly expiresAtSec: number;
}

/** Why a token was refused. Only logged: the page shown is the same for every reason. */
export type TokenRefusal = 'malformed' | 'unknown-key' | 'bad-signature' | 'expired';

export type TokenCheck =
  | { readonly kind: 'valid'; readonly claim: UnsubscribeClaim; readonly keyId: string }
  | { readonly kind: 'refused'; readonly reason: TokenRefusal };

/** Checks the token of an unsubscribe link (signature, key, expiry) at `now`. */
export interface UnsubscribeTokenVerifier {
  verify(token: string, now: string): Promise<TokenCheck>;
}

/** What a survey link's token names: whose answer, to which survey touch, the score chosen, until when. */
export interface SurveyClaim {
  readonly accountId: string;
  readonly contactId: string;
  /** The survey touch's id: the answer's `surveyId`. */
  readonly touchId: string;
  readonly survey: SurveyType;
  readonly score: number;
  /** Expiry, seconds since the epoch. */
  readonly expiresAtSec: number;
}

export type SurveyTokenCheck =
  | { readonly kind: 'valid'; readonly claim: SurveyClaim; readonly keyId: string }
  | { readonly kind: 'refused'; readonly reason: TokenRefusal };

/** Signs the token of one score's link in a survey email. */
export interface SurveyTokenSigner {
  signSurvey(claim: Omit<SurveyClaim, 'expiresAtSec'>, expiresAt: string): Promise<string>;
}

/** Checks a survey link's token (signature, purpose, key, expiry) at `now`. */
export interface SurveyTokenVerifier {
  verifySurvey(token: string, now: string): Promise<SurveyTokenCheck>;
}

/** Where an answer goes: in AWS a `Survey Answered` event on the teichaku bus, which ingest stores. */
export interface SurveyAnswers {
  record(answer: SurveyAnswered): Promise<void>;
}

/** Log attributes: ids and counts only, never an email address, a name or a whole incoming event. */
export type LogAttributes = Readonly<Record<string, string | number | boolean | null | undefined | readonly string[]>>;

/** Structured log lines (Powertools' Logger in AWS, a recorder in tests). */
export interface Logger {
  debug(message: string, attributes?: LogAttributes): void;
  info(message: string, attributes?: LogAttributes): void;
  warn(message: string, attributes?: LogAttributes): void;
  error(message: string, attributes?: LogAttributes): void;
}

/**
 * `UnconfirmedSends`: touches whose send the sender lost track of (see the `Send Unconfirmed`
 * signal). Alarm on any: each is an email that may or may not have reached a person.
 * `DuplicateEvents`, `StaleEvents`, `OtherAccountEvents`: product events the ingest applied that
 * changed nothing (see IgnoredReason in functions/core/engine.ts); a rise in stale events means the
 * product sends late or out of order.
 * `SendingPaused`: automated sending paused itself (a bounce or complaint rate over its threshold).
 * `SendsDeferred`: send jobs put back on the queue (sending paused, or over the SES quota or warm-up cap).
 */
export const METRIC_NAMES = [
  'UnconfirmedSends',
  'DuplicateEvents',
  'StaleEvents',
  'OtherAccountEvents',
  'SendingPaused',
  'SendsDeferred',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/** Ids only (kept as metadata, not dimensions: no per-touch metric series). */
export type MetricContext = Readonly<Record<string, string>>;

/** Counts, published at once (Powertools' Metrics in AWS). */
export interface Metrics {
  /** Adds `value` (default 1) to the metric. */
  count(name: MetricName, context?: MetricContext, value?: number): void;
}

/** For tests and tools that do not look at metrics. */
export const noMetrics: Metrics = { count: () => undefined };

export interface SignalPublisher {
  /**
   * `account`: the account the signals are about, as saved with them; a publisher may add it (and the
   * notification built from it) to what it publishes. Signals are the same with or without it.
   */
  publish(signals: readonly Signal[], account?: SignalAccount): Promise<void>;
}

/**
 * Puts one `CRM Record Changed` (crm-record.ts) where the CRM destinations pick it up; rejects when it
 * could not, so the change is not recorded as published and goes again at the next planning.
 */
export interface CrmRecordPublisher {
  publish(change: CrmRecordChange): Promise<void>;
}

/**
 * Keeps each planner run's decisions (and the account's health at that run) with the account's touch
 * history, bounded: older entries expire.
 */
export interface DecisionTrail {
  record(run: PlanRun): Promise<void>;
}

export interface SendQueue {
  enqueue(touches: readonly PlannedTouch[]): Promise<void>;
}

/** Marks a contact suppressed for good (bounce, complaint, unsubscribe). */
export interface SuppressionRecorder {
  suppress(accountId: string, contactId: string, reason: ContactSuppression, at: string): Promise<void>;
}

/** Everything a template may show about one touch. */
export interface RenderInput {
  readonly touch: PlannedTouch;
  readonly account: AccountProfile & { readonly accountId: string };
  readonly contact: {
    readonly contactId: string;
    readonly name: string;
    readonly email: string;
    readonly role: ContactRole;
    /** The contact's own time zone, when known: times in the email are shown in it (else the account's). */
    readonly timeZone?: string;
  };
  /** Signed one-click unsubscribe URL for this contact. */
  readonly unsubscribeUrl: string;
  /** A survey touch's score links, by score (NPS 0–10, CSAT 1–5), each with its signed token. */
  readonly surveyUrls?: Readonly<Record<number, string>>;
  readonly now: string;
}

export interface RenderedEmail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

/** Fills a precompiled template: no MJML work per send. Throws a named error when content is missing. */
export interface EmailRenderer {
  render(input: RenderInput): RenderedEmail;
}

/** Marks a contact as having refused one topic (the promotional class), keeping the rest of its email. */
export interface TopicOptOutRecorder {
  optOut(accountId: string, contactId: string, topic: OptOutTopic, at: string): Promise<void>;
}

/** A compliance entry as stored, with the time its retention ends (null while the contact exists). */
export type StoredComplianceEntry = ComplianceEntry & { readonly expiresAt: string | null };

/** The append-only compliance record per contact (see compliance-record.ts). */
export interface ComplianceLog {
  /** Adds entries; one already there (same id) is left as it was. */
  append(entries: readonly ComplianceEntry[]): Promise<void>;
  /** Every entry of the account, by contact, then time. */
  list(accountId: string): Promise<StoredComplianceEntry[]>;
  /** Sets when the contact's entries may go (its removal plus the retention), or null to keep them (it came back). */
  retain(accountId: string, contactId: string, until: string | null): Promise<void>;
}

/**
 * The deployment's sending guard: SES outcomes counted per hour, and whether sending is paused.
 * Counting is once per touch and outcome, so a redelivered SES event counts nothing.
 */
export interface SendingGuardStore {
  countOutcome(
    accountId: string,
    touchId: string,
    outcome: SendingOutcome,
    at: string,
  ): Promise<'counted' | 'already-counted' | 'unknown-touch'>;
  /**
   * Adds `count` emails SES accepted to the hour of `at`, with no per-touch flag: for the sender, whose
   * claim already makes each send happen once, counting a batch's sends in one write.
   */
  countSends(at: string, count: number): Promise<void>;
  /** Hour counts from `fromHour` on (inclusive). */
  readCounts(fromHour: string): Promise<HourCounts[]>;
  load(): Promise<SendingGuardState>;
  /** Read-modify-write with optimistic concurrency; `change` returns null to write nothing. Returns what was written, or null. */
  update(change: (current: SendingGuardState) => SendingGuardState | null): Promise<SendingGuardState | null>;
  /** Records the first send of the deployment (the earliest one kept). */
  noteFirstSend(at: string): Promise<void>;
}

/** The SES account's sending quota and rate (SES v2 GetAccount). */
export interface SendQuotaSource {
  read(): Promise<{ readonly max24HourSend: number; readonly maxSendRate: number; readonly sentLast24Hours: number }>;
}

/** The longest delay a deferrer takes (SQS's longest delivery delay); longer waits are cut to it. */
export const MAX_DEFER_SEC = 900;

/** Puts a send job back on the queue to be delivered again after a delay: deferred, not failed. */
export interface SendDeferrer {
  defer(touch: PlannedTouch, delaySec: number): Promise<void>;
}

/**
 * A message that can never be processed as it is (bad JSON, a schema rejection, an event the engine
 * cannot apply, a send job whose content is missing): it goes to the dead-letter queue at once, with
 * its reason, instead of being retried. Reasons name ids, fields and rules, never a value.
 */
export interface DeadLetter {
  /** The message body as it was received, for a redrive after the fix. */
  readonly body: string;
  readonly reason: string;
  /** The product event's id, when it could be read. */
  readonly eventId: string | null;
  /** The send job's touch id, when it could be read (send jobs only). */
  readonly touchId?: string | null;
  /** Where it came from: the queue's ARN and the SQS message id (which also names it in the outcome). */
  readonly source: { readonly queueArn: string; readonly messageId: string };
}

/** The dead letters that could not be written, by source message id, with the failure's code (never a value). */
export interface DeadLetterOutcome {
  readonly failed: readonly { readonly messageId: string; readonly problem: string }[];
}

/**
 * The dead-letter queue of one work queue. Never throws for a failed write: those come back in
 * `failed`, and the caller fails their records so that SQS delivers them again.
 */
export interface DeadLetters {
  deadLetter(items: readonly DeadLetter[]): Promise<DeadLetterOutcome>;
}
