// SES's event records as EventBridge delivers them: the schema of the part teichaku reads, the time
// the event happened and the touch ids the sender put on the email as tags.
import { z } from 'zod';
import { Id } from '../core/events.js';
import { decodeTagValue } from '../core/touch-tags.js';

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

export function timeOf(event: SesEvent): string {
  const d = event.detail;
  const specific =
    d.bounce?.timestamp ??
    d.complaint?.timestamp ??
    d.delivery?.timestamp ??
    d.open?.timestamp ??
    d.click?.timestamp ??
    d.reject?.timestamp ??
    d.deliveryDelay?.timestamp;
  const at = specific ?? d.mail.timestamp ?? event.time;
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? event.time : new Date(ms).toISOString();
}

export function tag(tags: Record<string, string[]> | undefined, name: string): string | null {
  const value = tags?.[name]?.[0];
  if (value === undefined) return null;
  const decoded = decodeTagValue(value);
  return Id.safeParse(decoded).success ? decoded : null;
}
