// How the sample's mailbox providers answer teichaku's emails: every email is reported sent (SES's
// `Send` event); during a configured week a rising share of recipients mark it as spam (`Complaint`);
// a person resumes sending some hours after it paused. Each draw hashes the touch id, so memory and
// local replays (and any order of handling) give the same complaints.
import { z } from 'zod';
import { GuardrailThresholds } from '../core/sending-rates.js';
import { DAY_MS, HOUR_MS, toMs } from '../core/time.js';

export const SampleFeedback = z.strictObject({
  /** A week (or `days`) of rising complaints, starting `startDay` days after the replay's first day. */
  complaints: z
    .strictObject({
      startDay: z.number().int().min(0).max(2000),
      days: z.number().int().min(1).max(60).default(7),
      /** Share of emails marked as spam on the first day… */
      fromRate: z.number().min(0).max(1),
      /** …rising evenly to this on the last. */
      toRate: z.number().min(0).max(1),
      /** Hours between the email and its complaint. */
      afterHours: z.number().int().min(0).max(72).default(2),
    })
    .optional(),
  /** A person resumes sending this many hours after a pause (none: it stays paused). */
  resumeAfterHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .optional(),
  resumeBy: z.string().min(1).max(100).default('sample-operator'),
  resumeReason: z
    .string()
    .min(1)
    .max(500)
    .default('complaints traced to one imported contact list; the list was removed'),
  /** The guard's thresholds for this replay (the construct's props in AWS); default: the construct's defaults. */
  guardrails: GuardrailThresholds.partial().optional(),
});
export type SampleFeedback = z.infer<typeof SampleFeedback>;

/** A uniform draw in [0, 1) from a touch id (FNV-1a, then a multiply-xorshift mix). */
export function drawFor(touchId: string, salt: string): number {
  let h = 0x811c9dc5;
  const text = `${salt}:${touchId}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) / 0x1_0000_0000;
}

/** The share of emails sent at `sentAt` that draw a complaint. */
export function complaintRateAt(feedback: SampleFeedback, firstDay: string, sentAt: string): number {
  const c = feedback.complaints;
  if (c === undefined) return 0;
  const day = (toMs(sentAt) - toMs(firstDay)) / DAY_MS - c.startDay;
  if (day < 0 || day >= c.days) return 0;
  const step = c.days === 1 ? 0 : Math.floor(day) / (c.days - 1);
  return c.fromRate + (c.toRate - c.fromRate) * step;
}

/** When the email's recipient complains, or null when they do not. */
export function complaintAt(
  feedback: SampleFeedback,
  firstDay: string,
  touchId: string,
  sentAt: string,
): number | null {
  const rate = complaintRateAt(feedback, firstDay, sentAt);
  if (rate <= 0 || drawFor(touchId, 'complaint') >= rate) return null;
  return toMs(sentAt) + (feedback.complaints?.afterHours ?? 0) * HOUR_MS;
}
