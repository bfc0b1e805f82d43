// Engagement λ: SES events (delivery, bounce, complaint, reject, delay; open and click when tracked)
// arriving through EventBridge. Each updates its touch in the ledger; a permanent bounce or a
// complaint also suppresses the contact for good (and a complaint is an opt-out in the compliance
// record); a transient bounce or a delivery delay is recorded, never suppressed. Permanent bounces and
// complaints feed the sending guard: when a rate crosses its threshold, automated sending pauses. The
// guard's sends are counted by the sender; a `Send` event, where one still arrives, counts once per
// touch just the same. The touch is found through the tags the sender put on the email.
import type { EventBridgeEvent } from 'aws-lambda';
import { z } from 'zod';
import type { ComplianceLog, SendingGuardStore, SignalPublisher, SuppressionRecorder, TouchLedger, TouchStatus } from '../core/ports.js';
import type { ContactSuppression } from '../core/state.js';
import { Id } from '../core/events.js';
import { describePause } from '../core/sending-guard.js';
import { assessRates, hourOf, RATE_HISTORY_DAYS, type GuardrailThresholds, type SendingOutcome } from '../core/sending-rates.js';
import { DAY_MS, toIso, toMs } from '../core/time.js';
import { pauseWith } from '../app/sending-control.js';
import { decodeTagValue, TAG_NAMES } from '../core/touch-tags.js';
import type { HandlerLogger } from './logger.js';
import { noMetrics, type HandlerMetrics } from './metrics.js';
import { engagementDepsFromEnv, lambdaEntry } from './wiring.js';

/** The sending guard: counts outcomes and pauses sending when a rate crosses its threshold. */
export interface EngagementGuard {
  readonly store: SendingGuardStore;
  readonly thresholds: GuardrailThresholds;
  /** Where `Sending Paused` goes. */
  readonly publisher: SignalPublisher;
  readonly clock: () => string;
  readonly metrics?: HandlerMetrics;
}

export interface EngagementDeps {
  readonly ledger: TouchLedger;
  readonly suppressions: SuppressionRecorder;
  readonly logger: HandlerLogger;
  /** Without it, outcomes are not counted and nothing pauses (tests of the ledger side alone). */
  readonly guard?: EngagementGuard;
  /** Where complaints are recorded as opt-outs; without it they are only suppressions. */
  readonly compliance?: ComplianceLog;
}

const Stamp = z.looseObject({ timestamp: z.string().optional() });
const Tags = z.record(z.string(), z.array(z.string()));

/** The part of an SES event record this handler reads (SES sends many more fields). */
export const SesEvent = z.looseObject({
  id: z.string().optional(),
  time: z.string(),
  detail: z.looseObject({
    eventType: z.string(),
    mail: z.looseObject({ messageId: z.string(), timestamp: z.string().optional(), tags: Tags.optional() }),
    bounce: Stamp.extend({ bounceType: z.string() }).optional(),
    complaint: Stamp.optional(),
    delivery: Stamp.optional(),
    open: Stamp.optional(),
    click: Stamp.optional(),
    reject: Stamp.optional(),
    deliveryDelay: Stamp.optional(),
  }),
});
export type SesEvent = z.infer<typeof SesEvent>;

type Effect =
  | { readonly status: TouchStatus | null; readonly suppress: ContactSuppression | null; readonly outcome: SendingOutcome | null }
  | { readonly ignore: string };

function effectOf(detail: SesEvent['detail']): Effect {
  switch (detail.eventType) {
    case 'Send':
      // The touch is `sent` already (the sender marks it); the event is the guard's denominator.
      return { status: null, suppress: null, outcome: 'send' };
    case 'Delivery':
      return { status: 'delivered', suppress: null, outcome: null };
    case 'Open':
      return { status: 'opened', suppress: null, outcome: null };
    case 'Click':
      return { status: 'clicked', suppress: null, outcome: null };
    case 'Complaint':
      return { status: 'complained', suppress: 'complained', outcome: 'complaint' };
    case 'Bounce':
      // Transient and undetermined bounces may clear up: recorded, never suppressed, and not counted
      // (SES's bounce rate counts only permanent ones). A permanent one says the address is gone.
      if (detail.bounce?.bounceType === 'Permanent') return { status: 'bounced', suppress: 'bounced', outcome: 'bounce' };
      if (detail.bounce === undefined) return { ignore: 'bounce type missing' };
      return { status: 'soft-bounced', suppress: null, outcome: null };
    case 'DeliveryDelay':
      return { status: 'delayed', suppress: null, outcome: null };
    case 'Reject':
      return { status: 'failed', suppress: null, outcome: null };
    default:
      return { ignore: `event type ${detail.eventType}` };
  }
}

function timeOf(event: SesEvent): string {
  const d = event.detail;
  const specific =
    d.bounce?.timestamp ?? d.complaint?.timestamp ?? d.delivery?.timestamp ?? d.open?.timestamp ?? d.click?.timestamp ?? d.reject?.timestamp ?? d.deliveryDelay?.timestamp;
  const at = specific ?? d.mail.timestamp ?? event.time;
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? event.time : new Date(ms).toISOString();
}

function tag(tags: Record<string, string[]> | undefined, name: string): string | null {
  const value = tags?.[name]?.[0];
  if (value === undefined) return null;
  const decoded = decodeTagValue(value);
  return Id.safeParse(decoded).success ? decoded : null;
}

export function createEngagementHandler(deps: EngagementDeps): (event: EventBridgeEvent<string, unknown>) => Promise<void> {
  const { ledger, suppressions, logger } = deps;
  let firstSendNoted = false;

  /** Counts the outcome once per touch; a new bounce or complaint may pause sending. */
  async function guardOutcome(guard: EngagementGuard, accountId: string, touchId: string, outcome: SendingOutcome, at: string): Promise<void> {
    const counted = await guard.store.countOutcome(accountId, touchId, outcome, at);
    if (counted !== 'counted') return;
    if (outcome === 'send') {
      // Once per container: the table keeps the earliest anyway.
      if (!firstSendNoted) await guard.store.noteFirstSend(at);
      firstSendNoted = true;
      return;
    }
    // Only a bounce or a complaint can raise a rate: that is when it is worth reading them.
    const now = guard.clock();
    const state = await guard.store.load();
    if (state.status === 'paused') return;
    const oldest = hourOf(toIso(toMs(now) - RATE_HISTORY_DAYS * DAY_MS));
    const assessment = assessRates(await guard.store.readCounts(oldest), now, guard.thresholds, state.resumedAt);
    if (assessment.breach === null) return;
    const pause = { pausedAt: now, cause: { kind: 'rates' as const, breach: assessment.breach, windows: assessment.windows, thresholds: guard.thresholds } };
    if (await pauseWith({ guard: guard.store, publisher: guard.publisher }, pause)) {
      (guard.metrics ?? noMetrics).count('SendingPaused');
      logger.error('automated sending paused: a person must resume it (teichaku sending resume)', { why: describePause(pause), metric: assessment.breach.metric, window: assessment.breach.window });
    }
  }

  return async (raw) => {
    const parsed = SesEvent.safeParse(raw);
    if (!parsed.success) {
      // Retrying cannot fix a malformed event; say which fields were wrong and drop it.
      logger.warn('SES event ignored: unreadable', { eventId: typeof raw?.id === 'string' ? raw.id : null, problems: parsed.error.issues.map((i) => i.path.join('.') || '(event)') });
      return;
    }
    const event = parsed.data;
    const tags = event.detail.mail.tags;
    const accountId = tag(tags, TAG_NAMES.account);
    const touchId = tag(tags, TAG_NAMES.touch);
    const contactId = tag(tags, TAG_NAMES.contact);
    const messageId = event.detail.mail.messageId;
    if (accountId === null || touchId === null || contactId === null) {
      logger.info('SES event ignored: not a teichaku touch', { messageId, eventType: event.detail.eventType });
      return;
    }
    const effect = effectOf(event.detail);
    if ('ignore' in effect) {
      logger.debug('SES event ignored', { accountId, touchId, reason: effect.ignore });
      return;
    }
    const at = timeOf(event);
    if (effect.status !== null) await ledger.recordStatus(accountId, touchId, effect.status, at);
    if (effect.suppress !== null) await suppressions.suppress(accountId, contactId, effect.suppress, at);
    if (effect.suppress === 'complained') await deps.compliance?.append([{ kind: 'opt-out', accountId, contactId, at, scope: 'all', channel: 'complaint' }]);
    if (effect.outcome !== null && deps.guard !== undefined) await guardOutcome(deps.guard, accountId, touchId, effect.outcome, at);
    // A suppression is worth a line; a delivery (one per email) is in the ledger and would only add
    // log bytes to every email.
    const recorded = { accountId, touchId, messageId, status: effect.status, suppressed: effect.suppress };
    if (effect.suppress === null) logger.debug('touch engagement recorded', recorded);
    else logger.info('touch engagement recorded', recorded);
  };
}

export const handler = lambdaEntry(() => createEngagementHandler(engagementDepsFromEnv()));
