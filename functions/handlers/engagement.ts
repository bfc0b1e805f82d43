// Engagement λ: SES events (delivery, bounce, complaint, open, click) arriving through EventBridge.
// Each updates its touch in the ledger; a permanent bounce or a complaint also suppresses the contact
// for good. The touch is found through the tags the sender put on the email.
import type { EventBridgeEvent } from 'aws-lambda';
import { z } from 'zod';
import type { SuppressionRecorder, TouchLedger, TouchStatus } from '../core/ports.js';
import type { ContactSuppression } from '../core/state.js';
import { Id } from '../core/events.js';
import { decodeTagValue, TAG_NAMES } from '../adapters/ses-tags.js';
import type { HandlerLogger } from './logger.js';
import { engagementDepsFromEnv, lambdaEntry } from './wiring.js';

export interface EngagementDeps {
  readonly ledger: TouchLedger;
  readonly suppressions: SuppressionRecorder;
  readonly logger: HandlerLogger;
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
  }),
});
export type SesEvent = z.infer<typeof SesEvent>;

type Effect = { readonly status: TouchStatus; readonly suppress: ContactSuppression | null } | { readonly ignore: string };

function effectOf(detail: SesEvent['detail']): Effect {
  switch (detail.eventType) {
    case 'Delivery':
      return { status: 'delivered', suppress: null };
    case 'Open':
      return { status: 'opened', suppress: null };
    case 'Click':
      return { status: 'clicked', suppress: null };
    case 'Complaint':
      return { status: 'complained', suppress: 'complained' };
    case 'Bounce':
      // Transient and undetermined bounces may clear up; only a permanent one says the address is gone.
      return detail.bounce?.bounceType === 'Permanent' ? { status: 'bounced', suppress: 'bounced' } : { ignore: `bounce type ${detail.bounce?.bounceType ?? 'missing'}` };
    case 'Reject':
      return { status: 'failed', suppress: null };
    default:
      return { ignore: `event type ${detail.eventType}` };
  }
}

function timeOf(event: SesEvent): string {
  const d = event.detail;
  const specific = d.bounce?.timestamp ?? d.complaint?.timestamp ?? d.delivery?.timestamp ?? d.open?.timestamp ?? d.click?.timestamp ?? d.reject?.timestamp;
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
    await ledger.recordStatus(accountId, touchId, effect.status, at);
    if (effect.suppress !== null) await suppressions.suppress(accountId, contactId, effect.suppress, at);
    logger.info('touch engagement recorded', { accountId, touchId, messageId, status: effect.status, suppressed: effect.suppress });
  };
}

export const handler = lambdaEntry(() => createEngagementHandler(engagementDepsFromEnv()));
