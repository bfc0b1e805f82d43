// What a mail event (named as SES names them) means for its touch: the touch's new status, whether
// the contact is suppressed for good, and the outcome the sending guard counts.
import type { TouchStatus } from './ports.js';
import type { SendingOutcome } from './sending-rates.js';
import type { ContactSuppression } from './state.js';

/** The mail event's type and, for a bounce, its type (`Permanent`, `Transient`, `Undetermined`). */
export interface MailEventKind {
  readonly eventType: string;
  /** Absent when the event is a bounce without its bounce type. */
  readonly bounceType?: string | undefined;
}

export type EngagementEffect =
  | {
      readonly status: TouchStatus | null;
      readonly suppress: ContactSuppression | null;
      readonly outcome: SendingOutcome | null;
    }
  | { readonly ignore: string };

export function effectOf(detail: MailEventKind): EngagementEffect {
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
      if (detail.bounceType === 'Permanent') return { status: 'bounced', suppress: 'bounced', outcome: 'bounce' };
      if (detail.bounceType === undefined) return { ignore: 'bounce type missing' };
      return { status: 'soft-bounced', suppress: null, outcome: null };
    case 'DeliveryDelay':
      return { status: 'delayed', suppress: null, outcome: null };
    case 'Reject':
      return { status: 'failed', suppress: null, outcome: null };
    default:
      return { ignore: `event type ${detail.eventType}` };
  }
}
