// Sender λ: an SQS batch of send jobs (PlannedTouch JSON). Per job: check the contact may still get
// mail, render, claim the touch (conditional put on its id), send through SES, mark it sent, count it
// for the sending guard, publish `Touch Sent`. The claim comes before SES, so a redelivered job finds it and sends nothing: each
// touch is sent at most once. A crash after SES accepted and before markSent leaves it `claimed`,
// never resent (email cannot be unsent; a lost touch is the lesser harm); the job's next delivery
// finds the stale claim and reports it as a lost send (`Send Unconfirmed` signal, `UnconfirmedSends`
// metric, ledger status `unconfirmed`), as does an invocation that sees SES fail after it may have
// accepted the email.
//
// A job that can never be sent as it is goes to the send dead-letter queue at once, with its reason,
// and nothing of it is claimed, so a redrive after the fix sends it: a body that is not a send job, a
// touch the content artifact cannot render, a From address on no identity the deployment knows.
// Everything else that fails (the store, the ledger, the token's secret) is retried by SQS.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { PlannedTouch } from '../core/decisions.js';
import type { Locale } from '../core/events.js';
import type { AccountStore, DeadLetters, EmailRenderer, Mailer, OutgoingEmail, RenderInput, SendDeferrer, SendingGuardStore, SignalPublisher, TouchLedger } from '../core/ports.js';
import type { CsOwner } from '../core/events.js';
import { InvalidVariablesError, MissingContentError, TemplateNotFoundError, TouchMismatchError } from '../core/email/errors.js';
import { describePause } from '../core/sending-guard.js';
import type { SendGate } from '../app/send-gate.js';
import { UnknownSenderIdentityError, type SenderAddress } from '../core/sender-address.js';
import { isReachable, type AccountState } from '../core/state.js';
import { hourOf } from '../core/sending-rates.js';
import { addDays, toMs } from '../core/time.js';
import { parseSendJob } from '../adapters/send-job.js';
import { EmailRejectedError, SendingPausedError, SendThrottledError, UnsafeEmailError } from '../adapters/ses-mailer.js';
import { touchTags } from '../core/touch-tags.js';
import { DEFAULT_TOKEN_TTL_DAYS, type UnsubscribeTokens } from '../adapters/unsubscribe-token.js';
import { deadLetterRejections, type Rejection } from './dead-letters.js';
import { errorAttributes, scrubEmails, type HandlerLogger } from './logger.js';
import { noMetrics, type HandlerMetrics } from './metrics.js';
import { lambdaEntry, senderDepsFromEnv } from './wiring.js';

/**
 * How long a claim may belong to a sender still at work: the sender function's timeout (infra sets
 * 60 s; Lambda stops an invocation then). An older claim with no outcome was left by one that died.
 * It must stay below the send queue's visibility timeout, after which a dead invocation's job returns.
 */
export const CLAIM_IN_FLIGHT_SEC = 60;

export interface SenderDeps {
  readonly store: AccountStore;
  readonly ledger: TouchLedger;
  readonly mailer: Mailer;
  readonly publisher: SignalPublisher;
  readonly renderer: EmailRenderer;
  readonly tokens: UnsubscribeTokens;
  /** The From header for a locale (display name and verified address). */
  readonly fromFor: (locale: Locale) => string;
  /** The unsubscribe function's URL; the signed token is added as `t`. */
  readonly unsubscribeBaseUrl: string;
  readonly tokenTtlDays?: number;
  readonly clock: () => string;
  readonly logger: HandlerLogger;
  /** Counts lost sends (default: not counted, for tests that do not look). */
  readonly metrics?: HandlerMetrics;
  /** See CLAIM_IN_FLIGHT_SEC. */
  readonly claimInFlightSec?: number;
  /**
   * Whether a job may go now (sending paused, SES quota, warm-up), and where a job that must wait
   * goes back to (the send queue, delayed). Without them every job is sent at once.
   */
  readonly gate?: SendGate;
  readonly deferrer?: SendDeferrer;
  /** From and Reply-To for a locale and the account's CS owner (default: `fromFor`, no Reply-To). */
  readonly senderFor?: (locale: Locale, owner?: CsOwner) => SenderAddress;
  /**
   * Where the emails SES accepted are counted for the sending guard (the sends its bounce and
   * complaint rates are over), once per batch and hour. Counting here, when SES answers, spares an SES
   * `Send` event per email (an EventBridge event and an engagement invocation), and the claim already
   * makes each send happen once. Without it nothing is counted here.
   */
  readonly sends?: Pick<SendingGuardStore, 'countSends' | 'noteFirstSend'>;
  /**
   * Where jobs that can never be sent as they are go at once, with their reason. Without it their
   * records fail, and SQS's redrive policy dead-letters them after the retries.
   */
  readonly deadLetters?: DeadLetters;
}

/** Another invocation holds a fresh claim on the touch: SQS delivers this copy again later, when its outcome is known. */
export class SendInFlightError extends Error {
  override readonly name = 'SendInFlightError';
  constructor(readonly touchId: string) {
    super(`touch ${touchId} is being sent by another invocation; this copy of the job comes back once that one has finished`);
  }
}

/** The job could not be sent now but nothing left: SQS delivers it again later. */
export class SendDeferredError extends Error {
  override readonly name = 'SendDeferredError';
  constructor(readonly touchId: string, options: ErrorOptions) {
    super(`touch ${touchId} deferred: SES refused it before accepting (throttled or sending paused); the claim was released for a later try`, options);
  }
}

/** The job can never be sent as it is: retrying changes nothing, a fix and a redrive do. Nothing of it is claimed. */
export class SendJobRejectedError extends Error {
  override readonly name = 'SendJobRejectedError';
  constructor(
    readonly touchId: string | null,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(reason, options);
  }
}

const CONTENT_ERRORS = [TemplateNotFoundError, MissingContentError, TouchMismatchError, InvalidVariablesError] as const;

/**
 * Why a touch could not be rendered, as a dead-letter reason. Rendering fills precompiled templates
 * with no I/O, so any failure comes back on every delivery. Our content errors name the touch, the
 * template and the missing item, never a value; of any other error only its class is kept.
 */
function renderRejection(touchId: string, error: unknown): string {
  if (CONTENT_ERRORS.some((kind) => error instanceof kind)) return scrubEmails((error as Error).message);
  return `touch ${touchId} not rendered (${error instanceof Error ? error.name : typeof error})`;
}

/** Why a job's contact may no longer get this email. */
type Unreachable = 'account-missing' | 'profile-missing' | 'contact-missing' | 'contact-unreachable' | 'opted-out-topic';

function recipientOf(state: AccountState | null, touch: PlannedTouch): { input: Omit<RenderInput, 'unsubscribeUrl' | 'now'>; email: string } | Unreachable {
  if (state === null) return 'account-missing';
  if (state.profile === null) return 'profile-missing';
  const contact = state.contacts[touch.contactId];
  if (contact === undefined) return 'contact-missing';
  if (!isReachable(contact) || contact.email === null || contact.name === null || contact.role === null) return 'contact-unreachable';
  // A promotional touch (it carries its basis) to a contact who refused promotional email since it was planned.
  if (touch.basis !== undefined && contact.topicOptOuts?.promotional !== undefined) return 'opted-out-topic';
  return {
    email: contact.email,
    input: {
      touch,
      account: { ...state.profile, accountId: state.accountId },
      contact: { contactId: contact.contactId, name: contact.name, email: contact.email, role: contact.role },
    },
  };
}

export function unsubscribeUrl(baseUrl: string, token: string): string {
  const url = new URL(baseUrl);
  url.searchParams.set('t', token);
  return url.toString();
}

export function createSenderHandler(deps: SenderDeps): (event: SQSEvent) => Promise<SQSBatchResponse> {
  const { store, ledger, mailer, publisher, renderer, tokens, logger } = deps;
  const metrics = deps.metrics ?? noMetrics;
  const ttlDays = deps.tokenTtlDays ?? DEFAULT_TOKEN_TTL_DAYS;
  const inFlightMs = (deps.claimInFlightSec ?? CLAIM_IN_FLIGHT_SEC) * 1000;
  let firstSendNoted = false;
  /** Emails SES accepted in this invocation, by the hour they left (and the first one's time), not yet counted for the guard. */
  const uncounted = new Map<string, { count: number; firstAt: string }>();

  /**
   * Counts the batch's sends for the guard: one write per hour they fell in (usually one). A failure
   * is logged, not thrown: the emails are out, and sends left uncounted only make the guard's rates
   * stricter; so does an invocation that dies before this.
   */
  async function countSends(): Promise<void> {
    if (deps.sends === undefined) return;
    for (const [hour, { count, firstAt }] of uncounted) {
      uncounted.delete(hour);
      try {
        await deps.sends.countSends(firstAt, count);
        // Once per container: the table keeps the earliest anyway.
        if (!firstSendNoted) await deps.sends.noteFirstSend(firstAt);
        firstSendNoted = true;
      } catch (error) {
        logger.error('sends not counted for the sending guard', { hour, sends: count, ...errorAttributes(error) });
      }
    }
  }

  /**
   * A lost send: signal first, then count, then mark the touch `unconfirmed`. A failure before the
   * mark leaves the claim open, so the job's next delivery reports it again: at least once, never
   * silently dropped. The touch is never sent again.
   */
  async function reportUnconfirmed(touch: PlannedTouch, claimedAt: string, messageId: string | null, now: string): Promise<void> {
    const ids = { accountId: touch.accountId, touchId: touch.touchId, kind: touch.kind };
    await publisher.publish([
      { type: 'Send Unconfirmed', accountId: touch.accountId, at: now, contactId: touch.contactId, touchId: touch.touchId, kind: touch.kind, claimedAt, messageId },
    ]);
    metrics.count('UnconfirmedSends', { accountId: touch.accountId, touchId: touch.touchId });
    await ledger.markUnconfirmed(touch.accountId, touch.touchId, now);
    logger.error('touch send unconfirmed: counted and signalled, never resent', { ...ids, lostSend: true, claimedAt, messageId });
  }

  /** The touch was claimed before this delivery of its job: find out whether that claim ever ended. */
  async function settleClaimed(touch: PlannedTouch, now: string): Promise<void> {
    const ids = { accountId: touch.accountId, touchId: touch.touchId, kind: touch.kind };
    const held = await ledger.inspect(touch.accountId, touch.touchId);
    // Released between our claim and this read (another copy was throttled): try again later.
    if (held === null) throw new SendInFlightError(touch.touchId);
    if (held.status !== 'claimed' || held.messageId !== null) {
      logger.info('touch already claimed; not sending again', { ...ids, status: held.status });
      return;
    }
    if (toMs(now) - toMs(held.claimedAt) < inFlightMs) throw new SendInFlightError(touch.touchId);
    await reportUnconfirmed(touch, held.claimedAt, null, now);
  }

  /**
   * Puts the job back on the queue, delayed, and lets this delivery end well: it is neither lost nor
   * failed towards the dead-letter queue, and nothing was claimed, so it is sent once when it can be.
   */
  async function defer(touch: PlannedTouch, reason: string, delaySec: number, cause?: unknown): Promise<void> {
    const ids = { accountId: touch.accountId, touchId: touch.touchId, kind: touch.kind };
    if (deps.deferrer === undefined) throw new SendDeferredError(touch.touchId, { cause: cause ?? new Error(reason) });
    await deps.deferrer.defer(touch, delaySec);
    metrics.count('SendsDeferred', { accountId: touch.accountId, touchId: touch.touchId, reason });
    logger.info('touch deferred', { ...ids, reason, delaySec });
  }

  /** SES refused to send at all: record the pause (once, with its signal) so every other job waits too. */
  async function sesRefused(error: SendingPausedError, now: string): Promise<void> {
    const pause = await deps.gate?.sesRefused(error.sesError, now);
    if (pause === undefined || pause === null) return;
    metrics.count('SendingPaused');
    logger.error('automated sending paused: SES refused to send; a person must resume it (teichaku sending resume)', { why: describePause(pause) });
    try {
      await publisher.publish([{ type: 'Sending Paused', accountId: '', at: now, pause }]);
    } catch (publishError) {
      logger.error('signals not published', { types: ['Sending Paused'], ...errorAttributes(publishError) });
    }
  }

  async function sendJob(record: SQSRecord): Promise<void> {
    const parsed = parseSendJob(record.body);
    if (parsed.kind === 'rejected') {
      logger.warn('send job rejected', { messageId: record.messageId, touchId: parsed.touchId, reason: parsed.reason });
      throw new SendJobRejectedError(parsed.touchId, parsed.reason);
    }
    const touch = parsed.job;
    const ids = { accountId: touch.accountId, touchId: touch.touchId, kind: touch.kind };
    const now = deps.clock();
    // Before anything is claimed: a job that waits leaves no trace in the ledger.
    if (deps.gate !== undefined) {
      const decision = await deps.gate.check(now);
      if (decision.kind === 'wait') return defer(touch, decision.reason, decision.delaySec);
    }
    const recipient = recipientOf(await store.load(touch.accountId), touch);
    if (typeof recipient === 'string') {
      // Claimed as skipped in one write, so the ledger shows the touch was dropped and a redelivery
      // does nothing; a claim found there already may be a send that was lost before the contact
      // left, and is settled like any other.
      if ((await ledger.claim(touch, now, 'skipped')) === 'already-claimed') return settleClaimed(touch, now);
      logger.info('touch skipped', { ...ids, reason: recipient });
      return;
    }
    // Render before claiming: a content problem dead-letters the job with nothing claimed, so a fixed
    // artifact and a redrive can still send it.
    const url = unsubscribeUrl(deps.unsubscribeBaseUrl, await tokens.sign(touch.accountId, touch.contactId, addDays(now, ttlDays)));
    let rendered;
    try {
      rendered = renderer.render({ ...recipient.input, unsubscribeUrl: url, now });
    } catch (error) {
      logger.error('touch not rendered; the job goes to the dead-letter queue', { ...ids, template: touch.template, ...errorAttributes(error) });
      throw new SendJobRejectedError(touch.touchId, renderRejection(touch.touchId, error), { cause: error });
    }
    if ((await ledger.claim(touch, now)) === 'already-claimed') return settleClaimed(touch, now);
    let sender: SenderAddress;
    try {
      sender = deps.senderFor?.(touch.locale, recipient.input.account.csOwner) ?? { from: deps.fromFor(touch.locale) };
    } catch (error) {
      // A From address on no identity this deployment knows: nothing can go until the setup is fixed.
      await ledger.release(touch.accountId, touch.touchId);
      logger.error('touch not sent: no usable From address', { ...ids, ...errorAttributes(error) });
      // A setup mismatch: no delivery can send it until sender.yaml or the construct is fixed.
      if (error instanceof UnknownSenderIdentityError) throw new SendJobRejectedError(touch.touchId, `touch ${touch.touchId}: ${error.message}`, { cause: error });
      throw error;
    }
    const email: OutgoingEmail = {
      to: recipient.email,
      from: sender.from,
      ...(sender.replyTo === undefined ? {} : { replyTo: sender.replyTo }),
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      headers: { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      tags: touchTags(touch),
    };
    let messageId: string;
    try {
      ({ messageId } = await mailer.send(email));
    } catch (error) {
      if (error instanceof SendThrottledError || error instanceof SendingPausedError) {
        await ledger.release(touch.accountId, touch.touchId);
        logger.warn('touch refused by SES before sending', { ...ids, ...errorAttributes(error) });
        if (error instanceof SendingPausedError) await sesRefused(error, now);
        // A throttle clears in moments; a pause waits for a person.
        return defer(touch, error instanceof SendingPausedError ? 'paused' : 'throttled', error instanceof SendingPausedError ? 900 : 60, error);
      }
      if (error instanceof EmailRejectedError || error instanceof UnsafeEmailError) {
        await ledger.recordStatus(touch.accountId, touch.touchId, 'failed', now);
        logger.error('touch failed for good', { ...ids, ...errorAttributes(error) });
        return;
      }
      // Unknown outcome: SES may have accepted it. Never sent again; reported as lost.
      logger.error('touch outcome unknown', { ...ids, ...errorAttributes(error) });
      return reportUnconfirmed(touch, now, null, now);
    }
    deps.gate?.sent();
    try {
      await ledger.markSent(touch.accountId, touch.touchId, messageId, now);
    } catch (error) {
      logger.error('touch sent but not recorded', { ...ids, messageId, ...errorAttributes(error) });
      return reportUnconfirmed(touch, now, messageId, now);
    }
    const hour = hourOf(now);
    const counted = uncounted.get(hour);
    uncounted.set(hour, { count: (counted?.count ?? 0) + 1, firstAt: counted === undefined || now < counted.firstAt ? now : counted.firstAt });
    logger.info('touch sent', { ...ids, messageId });
    try {
      await publisher.publish([{ type: 'Touch Sent', accountId: touch.accountId, at: now, contactId: touch.contactId, touchId: touch.touchId, kind: touch.kind, messageId }]);
    } catch (error) {
      logger.error('signals not published', { ...ids, types: ['Touch Sent'], ...errorAttributes(error) });
    }
  }

  return async (event) => {
    // Sequential: the mailer's rate limiter paces sends, and one job's failure stays its own.
    const processor = new BatchProcessor(EventType.SQS);
    const rejections: Rejection[] = [];
    /** A rejected job is kept for the dead-letter queue and reported as processed; any other failure fails its record. */
    const processJob = async (record: SQSRecord): Promise<void> => {
      try {
        await sendJob(record);
      } catch (error) {
        if (!(error instanceof SendJobRejectedError)) throw error;
        rejections.push({ record, reason: error.message, eventId: null, touchId: error.touchId });
      }
    };
    try {
      const response = await processPartialResponse(event, processJob, processor, { processInParallel: false, throwOnFullBatchFailure: false });
      const failed = await deadLetterRejections(deps.deadLetters, rejections, logger);
      return { batchItemFailures: [...response.batchItemFailures, ...failed.map((itemIdentifier) => ({ itemIdentifier }))] };
    } finally {
      await countSends();
    }
  };
}

export const handler = lambdaEntry(() => createSenderHandler(senderDepsFromEnv()));
