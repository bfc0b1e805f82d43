// The send queue's message body: a PlannedTouch as JSON. Parsed at the sender's boundary, because
// anything can sit in a queue (an old message format, a hand-written test message).
import { z } from 'zod';
import type { PlannedTouch } from '../core/decisions.js';
import { CalendarDate } from '../core/event-fields.js';
import { ConsentBasis, Id, Instant, Locale } from '../core/events.js';
import { FeatureStage, SurveyType, TouchKind } from '../core/program.js';

const Iso = Instant;

const Count = z.number().int().min(0).max(1_000_000);

/** The figures a value review or monthly summary carries (core/usage-figures.ts). */
const UsageFigures = z.strictObject({
  from: Iso,
  to: Iso,
  peopleAtStart: Count,
  peopleNow: Count,
  peopleKnown: Count,
  activePeople30: Count,
  milestones: z.array(z.strictObject({ id: Id, reachedAt: Iso })).max(64),
  features: z.array(z.strictObject({ stage: FeatureStage, total: Count, usedAtStart: Count, usedNow: Count })).max(3),
});

export const TouchContent = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('re-onboarding') }),
  z.strictObject({
    kind: z.literal('re-engagement'),
    activeDays30: z.number().int().min(0),
    previousActiveDays30: z.number().int().min(0),
    measure: z.enum(['active-days', 'person-days', 'actions']).optional(),
  }),
  z.strictObject({ kind: z.literal('milestone-nudge'), milestoneId: Id, dueAt: Iso }),
  z.strictObject({
    kind: z.literal('feature-tip'),
    featureId: Id,
    colleaguesUsingFeature: z.number().int().min(0).max(100_000).optional(),
  }),
  z.strictObject({ kind: z.literal('webinar-invite'), webinarId: Id }),
  z.strictObject({ kind: z.literal('success-story'), storyId: Id }),
  z.strictObject({
    kind: z.literal('value-review'),
    renewalDate: CalendarDate,
    figures: UsageFigures,
  }),
  z.strictObject({ kind: z.literal('monthly-summary'), figures: UsageFigures }),
  z.strictObject({ kind: z.literal('celebration'), milestoneId: Id, reachedAt: Iso, nextMilestoneId: Id.optional() }),
  z.strictObject({ kind: z.literal('survey'), survey: SurveyType }),
]);

export const SendJob = z
  .strictObject({
    touchId: Id,
    accountId: Id,
    contactId: Id,
    kind: TouchKind,
    template: z.string().regex(/^[a-z-]+\/(ja|en)$/, 'must be a template key <kind>/<locale>'),
    locale: Locale,
    content: TouchContent,
    plannedAt: Iso,
    basis: z.strictObject({ basis: ConsentBasis, from: z.enum(['contact', 'program-default']) }).optional(),
  })
  .refine((job) => job.content.kind === job.kind, { path: ['content', 'kind'], message: 'must equal the job kind' });
export type SendJob = z.infer<typeof SendJob>;

// A send job is exactly a planned touch: this fails to compile if the two drift apart.
const _sameShape: (job: SendJob) => PlannedTouch = (job) => job;
void _sameShape;

export type SendJobParse =
  | { readonly kind: 'ok'; readonly job: PlannedTouch }
  | { readonly kind: 'rejected'; readonly reason: string; readonly touchId: string | null };

/** Parses a queue message body; the reason names each bad field, never its value. */
export function parseSendJob(body: string): SendJobParse {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return { kind: 'rejected', reason: 'send job body is not JSON', touchId: null };
  }
  const parsed = SendJob.safeParse(raw);
  if (parsed.success) return { kind: 'ok', job: parsed.data };
  const touchId =
    typeof (raw as { touchId?: unknown } | null)?.touchId === 'string' &&
    Id.safeParse((raw as { touchId: string }).touchId).success
      ? (raw as { touchId: string }).touchId
      : null;
  // zod's own message for unknown keys quotes them, and a key can be anything (an address, say).
  const problems = parsed.error.issues.map(
    (i) =>
      `${i.path.join('.') || '(job)'}: ${i.code === 'invalid_type' ? `expected ${i.expected}` : i.code === 'unrecognized_keys' ? `expected no unknown fields (found ${i.keys.length})` : i.message}`,
  );
  return {
    kind: 'rejected',
    reason: `send job ${touchId ?? 'without a readable touch id'} rejected: ${problems.join('; ')}`,
    touchId,
  };
}
