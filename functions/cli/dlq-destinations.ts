// The dead letters of the notification destinations (Slack, Teams, and the CRMs'): events a rule
// could not deliver to its API destination after EventBridge's retries. EventBridge puts the original
// event in the queue as the body and says why in the attributes it sets: ERROR_CODE, ERROR_MESSAGE,
// RULE_ARN, TARGET_ARN (and RETRY_ATTEMPTS). `teichaku dlq list` shows them; a redrive is refused,
// since the only way back is the bus, where every rule that matched the event would take it again.
import type { DeadLetterMessage } from '../adapters/sqs-dead-letter-queue.js';
import { scrubEmails } from '../app/log-attributes.js';
import { NO_INVISIBLE_CHARS } from '../core/event-fields.js';
import { Id } from '../core/events.js';
import { SIGNAL_TYPES } from '../core/signals.js';

/** The destinations whose rules have a dead-letter queue, by the name `--queue` takes. */
export const DESTINATION_QUEUES = ['slack', 'teams', 'hubspot', 'salesforce'] as const;
export type DestinationQueue = (typeof DESTINATION_QUEUES)[number];

export function isDestinationQueue(queue: string): queue is DestinationQueue {
  return (DESTINATION_QUEUES as readonly string[]).includes(queue);
}

/** The attributes EventBridge sets on a target's dead letter. */
export const EVENTBRIDGE_DLQ_ATTRIBUTES = {
  errorCode: 'ERROR_CODE',
  errorMessage: 'ERROR_MESSAGE',
  ruleArn: 'RULE_ARN',
  targetArn: 'TARGET_ARN',
  retryAttempts: 'RETRY_ATTEMPTS',
} as const;

/** An attribute's text is shown at most this long. */
const MAX_SHOWN = 500;

/** A text from outside, fit to print: invisible characters shown as `?`, addresses scrubbed, bounded. */
function shown(text: string): string {
  // The characters the event contract refuses (control, zero-width, bidi, BOM) would hide or reorder the line.
  const clean = scrubEmails(Array.from(text, (ch) => (NO_INVISIBLE_CHARS.test(ch) ? ch : '?')).join(''));
  return clean.length > MAX_SHOWN ? `${clean.slice(0, MAX_SHOWN)}…` : clean;
}

/** The event's detail-type (a signal type teichaku knows, else `unknown`) and account id, read from the body. */
export function destinationEventOf(body: string): { readonly detailType: string; readonly accountId: string | null } {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { detailType: 'unreadable event', accountId: null };
  }
  const event = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const type = event['detail-type'];
  const detail = event.detail;
  const accountId =
    typeof detail === 'object' && detail !== null ? (detail as Record<string, unknown>).accountId : undefined;
  return {
    detailType:
      typeof type === 'string' && (SIGNAL_TYPES as readonly string[]).includes(type) ? type : 'unknown detail-type',
    accountId: Id.safeParse(accountId).success ? (accountId as string) : null,
  };
}

/** One destination dead letter as a person reads it: the event, the account and EventBridge's reasons. */
export function destinationMessageLine(message: DeadLetterMessage, showBody: boolean): string {
  const attribute = (name: string) => {
    const value = message.otherAttributes[name]?.StringValue;
    return value === undefined ? '-' : shown(value);
  };
  const a = EVENTBRIDGE_DLQ_ATTRIBUTES;
  const event = destinationEventOf(message.body);
  const lines = [
    `${message.sentAt ?? '-'}  ${event.detailType}  account ${event.accountId ?? '(unreadable)'}  message ${message.messageId}`,
    `  error: ${attribute(a.errorCode)}: ${attribute(a.errorMessage)} (retries: ${attribute(a.retryAttempts)})`,
    `  rule: ${attribute(a.ruleArn)}`,
    `  target: ${attribute(a.targetArn)}`,
  ];
  if (showBody) lines.push(`  body: ${message.body}`);
  return lines.join('\n');
}

/** Why a destination's dead letters are not redriven, and what to do instead. */
export function destinationRedriveRefusal(queue: DestinationQueue): string {
  return (
    `dlq redrive: --queue ${queue} is a notification destination's dead-letter queue; its events came ` +
    'from the bus through a rule, and putting one back on the bus would deliver it again to every rule ' +
    'that matches it (the other destinations, the CRM, the work queue). Nothing is lost: the signal stays ' +
    `in "teichaku queue" until it is resolved. Read the events with "teichaku dlq list --queue ${queue} ` +
    '--show-body" and see the README (Dead letters) for how to re-send one to this destination only.'
  );
}
