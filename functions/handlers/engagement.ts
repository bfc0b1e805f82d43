// Engagement λ: SES events arriving through EventBridge. This shim parses the SES record, finds the
// touch through the tags the sender put on the email and hands it to the use case
// (functions/app/record-engagement.ts); events about other mail are logged and dropped.
import type { EventBridgeEvent } from 'aws-lambda';
import { SesEvent, tag, timeOf } from '../adapters/ses-event.js';
import { createRecordEngagement, type RecordEngagementDeps } from '../app/record-engagement.js';
import { TAG_NAMES } from '../core/touch-tags.js';
import { engagementDepsFromEnv, lambdaEntry } from './wiring.js';

export { SesEvent } from '../adapters/ses-event.js';
export type { EngagementGuard } from '../app/record-engagement.js';
export type EngagementDeps = RecordEngagementDeps;

export function createEngagementHandler(
  deps: EngagementDeps,
): (event: EventBridgeEvent<string, unknown>) => Promise<void> {
  const { logger } = deps;
  const record = createRecordEngagement(deps);
  return async (raw) => {
    const parsed = SesEvent.safeParse(raw);
    if (!parsed.success) {
      // Retrying cannot fix a malformed event; say which fields were wrong and drop it.
      logger.warn('SES event ignored: unreadable', {
        eventId: typeof raw?.id === 'string' ? raw.id : null,
        problems: parsed.error.issues.map((i) => i.path.join('.') || '(event)'),
      });
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
    const { eventType } = event.detail;
    const bounceType = event.detail.bounce?.bounceType;
    await record({ accountId, touchId, contactId, messageId, eventType, bounceType, at: timeOf(event) });
  };
}

export const handler = lambdaEntry(() => createEngagementHandler(engagementDepsFromEnv()));
