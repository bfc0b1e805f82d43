// Send one planned touch. Check the contact may still get mail, render, claim the touch (conditional
// put on its id), send, mark it sent, count it for the sending guard, publish `Touch Sent`. Rendering
// comes before the claim, so a content problem leaves nothing claimed; the claim comes before the
// mailer, so a redelivered job finds it and sends nothing: each touch is sent at most once. A crash
// after the mailer accepted and before markSent leaves it `claimed`, never resent (email cannot be
// unsent; a lost touch is the lesser harm); the job's next delivery finds the stale claim and reports
// it as a lost send (`Send Unconfirmed` signal, `UnconfirmedSends` metric, ledger status
// `unconfirmed`), as does a send whose outcome the mailer reports unknown.
//
// A job that can never be sent as it is comes back `rejected`, with its reason, and nothing of it is
// claimed, so a redrive after the fix sends it: a touch the content cannot render, a From address on
// no identity the deployment knows. A job that must come back later throws SendInFlightError or
// SendDeferredError; anything else that fails (the store, the ledger, the token's secret) throws too.
import type { PlannedTouch } from '../core/decisions.js';
import {
  InvalidVariablesError,
  MissingContentError,
  TemplateNotFoundError,
  TouchMismatchError,
} from '../core/email/errors.js';
import { surveyUrl } from '../core/email/survey-link.js';
import { unsubscribeHeaders, unsubscribeUrl } from '../core/email/unsubscribe-link.js';
import type { CsOwner, Locale } from '../core/events.js';
import { type MailerFailure, MailerFailureError } from '../core/mailer-failure.js';
import type {
  AccountStore,
  EmailRenderer,
  Logger,
  Mailer,
  Metrics,
  OutgoingEmail,
  RenderInput,
  SendDeferrer,
  SendingGuardStore,
  SignalPublisher,
  SurveyTokenSigner,
  TouchLedger,
  UnsubscribeTokenSigner,
} from '../core/ports.js';
import { DEFAULT_SURVEY_TOKEN_TTL_DAYS } from '../core/ports.js';
import type { Program } from '../core/program.js';
import { accountProgram, type Programs } from '../core/programs.js';
import { recipientOf, type Unreachable } from '../core/send-eligibility.js';
import { type SenderAddress, UnknownSenderIdentityError } from '../core/sender-address.js';
import { describePause } from '../core/sending-guard.js';
import { surveyScores } from '../core/survey-scale.js';
import { addDays, toMs } from '../core/time.js';
import { touchTags } from '../core/touch-tags.js';
import { errorAttributes, scrubEmails } from './log-attributes.js';
import { publishOrLog } from './publish-signals.js';
import { createSendCount } from './send-count.js';
import { SendDeferredError, SendInFlightError } from './send-errors.js';
import type { SendGate } from './send-gate.js';
import { type SendSettings, sendSettings } from './send-settings.js';

export interface SendTouchDeps {
  readonly store: AccountStore;
  readonly ledger: TouchLedger;
  readonly mailer: Mailer;
  readonly publisher: SignalPublisher;
  readonly renderer: EmailRenderer;
  /**
   * The programs of the content artifact: the account's one says how long a detractor answer holds
   * promotional email (`voice.detractorHoldDays`). Without them the default hold applies.
   */
  readonly programs?: Program | Programs;
  readonly tokens: UnsubscribeTokenSigner;
  /** Signs a survey's score links (the same keys as `tokens`); without it a survey touch cannot render and is rejected. */
  readonly surveyTokens?: SurveyTokenSigner;
  /** The From header for a locale (display name and verified address). */
  readonly fromFor: (locale: Locale) => string;
  /** From and Reply-To for a locale and the account's CS owner (default: `fromFor`, no Reply-To). */
  readonly senderFor?: (locale: Locale, owner?: CsOwner) => SenderAddress;
  /** The unsubscribe function's URL; the signed token is added as `t`. */
  readonly unsubscribeBaseUrl: string;
  readonly clock: () => string;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /**
   * Whether a job may go now (sending paused, SES quota, warm-up), and where a job that must wait
   * goes back to (the send queue, delayed). Without them every job is sent at once.
   */
  readonly gate?: SendGate;
  readonly deferrer?: SendDeferrer;
  /** Where accepted emails are counted for the sending guard (see send-count.ts). Without it nothing is counted here. */
  readonly sends?: Pick<SendingGuardStore, 'countSends' | 'noteFirstSend'>;
  readonly settings?: Partial<SendSettings>;
}

export type SendOutcome =
  | { readonly kind: 'sent'; readonly messageId: string }
  | { readonly kind: 'skipped'; readonly reason: Unreachable }
  /** An earlier delivery claimed it: its outcome stands (or was reported lost now). */
  | { readonly kind: 'settled' }
  | { readonly kind: 'deferred'; readonly reason: string; readonly delaySec: number }
  | { readonly kind: 'failed' }
  | { readonly kind: 'unconfirmed' }
  /** Can never be sent as it is: dead-letter it with its reason. */
  | { readonly kind: 'rejected'; readonly touchId: string; readonly reason: string };

export interface SendTouch {
  send(touch: PlannedTouch): Promise<SendOutcome>;
  /** Writes the send count of what was sent since the last flush; call it once per batch. */
  flush(): Promise<void>;
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

function idsOf(touch: PlannedTouch) {
  return { accountId: touch.accountId, touchId: touch.touchId, kind: touch.kind };
}

export function createSendTouch(deps: SendTouchDeps): SendTouch {
  const { store, ledger, mailer, publisher, renderer, tokens, logger, metrics } = deps;
  const settings = sendSettings(deps.settings);
  const inFlightMs = settings.claimInFlightSec * 1000;
  const count = createSendCount(deps.sends, logger);

  /**
   * A lost send: signal first, then count, then mark the touch `unconfirmed`. A failure before the
   * mark leaves the claim open, so the job's next delivery reports it again: at least once, never
   * silently dropped. The touch is never sent again.
   */
  async function reportUnconfirmed(
    touch: PlannedTouch,
    claimedAt: string,
    messageId: string | null,
    now: string,
  ): Promise<SendOutcome> {
    await publisher.publish([
      {
        type: 'Send Unconfirmed',
        accountId: touch.accountId,
        at: now,
        contactId: touch.contactId,
        touchId: touch.touchId,
        kind: touch.kind,
        claimedAt,
        messageId,
      },
    ]);
    metrics.count('UnconfirmedSends', { accountId: touch.accountId, touchId: touch.touchId });
    await ledger.markUnconfirmed(touch.accountId, touch.touchId, now);
    logger.error('touch send unconfirmed: counted and signalled, never resent', {
      ...idsOf(touch),
      lostSend: true,
      claimedAt,
      messageId,
    });
    return { kind: 'unconfirmed' };
  }

  /** The touch was claimed before this delivery of its job: find out whether that claim ever ended. */
  async function settleClaimed(touch: PlannedTouch, now: string): Promise<SendOutcome> {
    const held = await ledger.inspect(touch.accountId, touch.touchId);
    // Released between our claim and this read (another copy was throttled): try again later.
    if (held === null) throw new SendInFlightError(touch.touchId);
    if (held.status !== 'claimed' || held.messageId !== null) {
      logger.info('touch already claimed; not sending again', { ...idsOf(touch), status: held.status });
      return { kind: 'settled' };
    }
    if (toMs(now) - toMs(held.claimedAt) < inFlightMs) throw new SendInFlightError(touch.touchId);
    await reportUnconfirmed(touch, held.claimedAt, null, now);
    return { kind: 'settled' };
  }

  /**
   * Puts the job back on the queue, delayed, and lets this delivery end well: it is neither lost nor
   * failed towards the dead-letter queue, and nothing was claimed, so it is sent once when it can be.
   */
  async function defer(touch: PlannedTouch, reason: string, delaySec: number, cause?: unknown): Promise<SendOutcome> {
    if (deps.deferrer === undefined) throw new SendDeferredError(touch.touchId, { cause: cause ?? new Error(reason) });
    await deps.deferrer.defer(touch, delaySec);
    metrics.count('SendsDeferred', { accountId: touch.accountId, touchId: touch.touchId, reason });
    logger.info('touch deferred', { ...idsOf(touch), reason, delaySec });
    return { kind: 'deferred', reason, delaySec };
  }

  /** The provider refused to send at all: record the pause (once, with its signal) so every other job waits too. */
  async function providerRefused(providerError: string, now: string): Promise<void> {
    const pause = await deps.gate?.sesRefused(providerError, now);
    if (pause === undefined || pause === null) return;
    metrics.count('SendingPaused');
    logger.error('automated sending paused: SES refused to send; a person must resume it (teichaku sending resume)', {
      why: describePause(pause),
    });
    await publishOrLog(publisher, logger, [{ type: 'Sending Paused', accountId: '', at: now, pause }]);
  }

  /** What a failed send means for the touch: each failure the port knows is handled here. */
  async function mailerFailed(
    touch: PlannedTouch,
    failure: MailerFailure,
    error: MailerFailureError,
    now: string,
  ): Promise<SendOutcome> {
    const ids = idsOf(touch);
    switch (failure.kind) {
      case 'throttled':
      case 'paused':
        // Refused before acceptance: nothing left, so the claim is released for a later try.
        await ledger.release(touch.accountId, touch.touchId);
        logger.warn('touch refused by SES before sending', { ...ids, ...errorAttributes(error) });
        if (failure.kind === 'paused') {
          await providerRefused(failure.providerError, now);
          // A pause waits for a person.
          return defer(touch, 'paused', settings.pausedRetrySec, error);
        }
        // A throttle clears in moments.
        return defer(touch, 'throttled', settings.throttledRetrySec, error);
      case 'rejected':
      case 'unsafe':
        await ledger.recordStatus(touch.accountId, touch.touchId, 'failed', now);
        logger.error('touch failed for good', { ...ids, ...errorAttributes(error) });
        return { kind: 'failed' };
      case 'unknown-outcome':
        return unknownOutcome(touch, error, now);
      default: {
        const unhandled: never = failure;
        throw new Error(`mailer failure ${JSON.stringify(unhandled)} not handled`);
      }
    }
  }

  /** The provider may have accepted it: never sent again; reported as lost. */
  async function unknownOutcome(touch: PlannedTouch, error: unknown, now: string): Promise<SendOutcome> {
    logger.error('touch outcome unknown', { ...idsOf(touch), ...errorAttributes(error) });
    return reportUnconfirmed(touch, now, null, now);
  }

  /** A survey's score links, each with its own signed token; nothing for other kinds. */
  async function surveyLinks(touch: PlannedTouch, now: string): Promise<Pick<RenderInput, 'surveyUrls'>> {
    const about = touch.content;
    const signer = deps.surveyTokens;
    if (about.kind !== 'survey' || signer === undefined) return {};
    const expiresAt = addDays(now, DEFAULT_SURVEY_TOKEN_TTL_DAYS);
    const { accountId, contactId, touchId } = touch;
    const urls: Record<number, string> = {};
    for (const score of surveyScores(about.survey)) {
      const token = await signer.signSurvey({ accountId, contactId, touchId, survey: about.survey, score }, expiresAt);
      urls[score] = surveyUrl(deps.unsubscribeBaseUrl, token);
    }
    return { surveyUrls: urls };
  }

  async function send(touch: PlannedTouch): Promise<SendOutcome> {
    const ids = idsOf(touch);
    const now = deps.clock();
    // Before anything is claimed: a job that waits leaves no trace in the ledger.
    if (deps.gate !== undefined) {
      const decision = await deps.gate.check(now);
      if (decision.kind === 'wait') return defer(touch, decision.reason, decision.delaySec);
    }
    const state = await store.load(touch.accountId);
    const program = state === null || deps.programs === undefined ? {} : accountProgram(state, deps.programs);
    const recipient = recipientOf(state, touch, now, program);
    if (typeof recipient === 'string') {
      // Claimed as skipped in one write, so the ledger shows the touch was dropped and a redelivery
      // does nothing; a claim found there already may be a send that was lost before the contact
      // left, and is settled like any other.
      if ((await ledger.claim(touch, now, 'skipped')) === 'already-claimed') return settleClaimed(touch, now);
      logger.info('touch skipped', { ...ids, reason: recipient });
      return { kind: 'skipped', reason: recipient };
    }
    // Render before claiming: a content problem dead-letters the job with nothing claimed, so a fixed
    // artifact and a redrive can still send it.
    const url = unsubscribeUrl(
      deps.unsubscribeBaseUrl,
      await tokens.sign(touch.accountId, touch.contactId, addDays(now, settings.tokenTtlDays)),
    );
    const surveyUrls = await surveyLinks(touch, now);
    let rendered: ReturnType<typeof renderer.render>;
    try {
      rendered = renderer.render({ ...recipient.input, unsubscribeUrl: url, ...surveyUrls, now });
    } catch (error) {
      logger.error('touch not rendered; the job goes to the dead-letter queue', {
        ...ids,
        template: touch.template,
        ...errorAttributes(error),
      });
      return { kind: 'rejected', touchId: touch.touchId, reason: renderRejection(touch.touchId, error) };
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
      if (error instanceof UnknownSenderIdentityError)
        return { kind: 'rejected', touchId: touch.touchId, reason: `touch ${touch.touchId}: ${error.message}` };
      throw error;
    }
    const email: OutgoingEmail = {
      to: recipient.email,
      from: sender.from,
      ...(sender.replyTo === undefined ? {} : { replyTo: sender.replyTo }),
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      headers: unsubscribeHeaders(url),
      tags: touchTags(touch),
    };
    let messageId: string;
    try {
      ({ messageId } = await mailer.send(email));
    } catch (error) {
      if (error instanceof MailerFailureError) return mailerFailed(touch, error.failure, error, now);
      // An error the port does not know: SES may have accepted it, so it is handled as an unknown outcome.
      return unknownOutcome(touch, error, now);
    }
    deps.gate?.sent();
    try {
      await ledger.markSent(touch.accountId, touch.touchId, messageId, now);
    } catch (error) {
      logger.error('touch sent but not recorded', { ...ids, messageId, ...errorAttributes(error) });
      return reportUnconfirmed(touch, now, messageId, now);
    }
    count.add(now);
    logger.info('touch sent', { ...ids, messageId });
    await publishOrLog(
      publisher,
      logger,
      [
        {
          type: 'Touch Sent',
          accountId: touch.accountId,
          at: now,
          contactId: touch.contactId,
          touchId: touch.touchId,
          kind: touch.kind,
          messageId,
        },
      ],
      ids,
    );
    return { kind: 'sent', messageId };
  }

  return { send, flush: () => count.flush() };
}
