// The sending end alone, for the properties that are about it: one account, a few contacts, waves
// of send jobs as the planner would enqueue them (a wave may repeat touches of an earlier one, as a
// replayed plan does), and people saying no between waves. Cheap enough for thousands of runs.
import fc from 'fast-check';
import type { LedgerEntry } from '../../functions/adapters/memory/touch-ledger.js';
import type { PlannedTouch, TouchContent } from '../../functions/core/decisions.js';
import type { Content } from '../../functions/core/email/content.js';
import type { Locale } from '../../functions/core/events.js';
import type { TouchKind } from '../../functions/core/program.js';
import type { Signal } from '../../functions/core/signals.js';
import { HOUR_MS, toMs } from '../../functions/core/time.js';
import { touchIdFor } from '../../functions/core/touch-id.js';
import { anAccount, aPlannedTouch } from '../fixtures/builders.js';
import type { AcceptedEmail, Tally } from '../fixtures/faults.js';
import type { FaultPlan } from './fault-plan.js';
import type { MetricRecord } from './invocations.js';
import { type BaseAdapters, memoryAdapters, startRun } from './run.js';
import { EVENT_SOURCE, emailOf, nameOf, type StopKind, WORLD_START } from './world.js';

const KINDS: readonly TouchKind[] = ['re-onboarding', 're-engagement', 'milestone-nudge', 'feature-tip'];

export interface SendWave {
  /** Touches: contact index, kind, and which of a few subjects (so touches repeat across waves). */
  readonly touches: readonly { readonly contact: number; readonly kind: number; readonly subject: number }[];
  /** People who say no before this wave's jobs are handled. */
  readonly stops: readonly { readonly contact: number; readonly kind: StopKind }[];
}

export interface SendWorld {
  readonly locale: Locale;
  readonly contacts: number;
  readonly waves: readonly SendWave[];
}

export const sendWorldArb: fc.Arbitrary<SendWorld> = fc.record({
  locale: fc.constantFrom<Locale>('ja', 'en'),
  contacts: fc.integer({ min: 1, max: 4 }),
  waves: fc.array(
    fc.record({
      touches: fc.array(fc.record({ contact: fc.nat(3), kind: fc.nat(3), subject: fc.nat(2) }), {
        minLength: 1,
        maxLength: 6,
      }),
      stops: fc.array(
        fc.record({
          contact: fc.nat(3),
          kind: fc.constantFrom<StopKind>('unsubscribe', 'bounce', 'complaint', 'removal'),
        }),
        { maxLength: 1 },
      ),
    }),
    { minLength: 1, maxLength: 4 },
  ),
});

function touchOf(
  content: Content,
  accountId: string,
  locale: Locale,
  contactId: string,
  kindIndex: number,
  subject: number,
): PlannedTouch {
  const kind = KINDS[kindIndex % KINDS.length] as TouchKind;
  const milestone = content.program.milestones[subject % content.program.milestones.length];
  const feature = content.program.features[subject % content.program.features.length];
  const about: TouchContent =
    kind === 're-onboarding'
      ? { kind }
      : kind === 're-engagement'
        ? { kind, activeDays30: 3, previousActiveDays30: 9 + subject }
        : kind === 'milestone-nudge'
          ? { kind, milestoneId: milestone?.id ?? 'first-login', dueAt: WORLD_START }
          : { kind: 'feature-tip', featureId: feature?.id ?? 'dashboard' };
  const subjectId = 'milestoneId' in about ? about.milestoneId : 'featureId' in about ? about.featureId : `s${subject}`;
  const touchId = touchIdFor({ accountId, contactId, kind, subject: subjectId, trigger: `step-${subject}` });
  return aPlannedTouch(about, { touchId, accountId, contactId, locale, plannedAt: WORLD_START });
}

export interface SendRunResult {
  readonly accepted: readonly AcceptedEmail[];
  readonly ledger: readonly LedgerEntry[];
  readonly signals: readonly Signal[];
  readonly metrics: readonly MetricRecord[];
  readonly stops: ReadonlyMap<string, number>;
  /** Every touch id some job asked to send. */
  readonly planned: ReadonlySet<string>;
  readonly tally: Tally;
}

/** `accountId` lets runs share one table (the local DynamoDB runs). */
export async function runSends(
  world: SendWorld,
  content: Content,
  plan: FaultPlan | null,
  base: BaseAdapters = memoryAdapters(),
  accountId = 'acc-1',
): Promise<SendRunResult> {
  const ACCOUNT = accountId;
  const run = startRun(content, plan, base);
  const { ports, handlers, sendQueue, ingestQueue, died, next, stops } = run;
  const contactIds = Array.from({ length: world.contacts }, (_, i) => `c-${i + 1}`);
  const builder = anAccount(ACCOUNT)
    .withProfile({ locale: world.locale, timeZone: 'Asia/Tokyo' })
    .onboardedOn('2026-02-20');
  for (const id of contactIds)
    builder.withContact(id, { email: emailOf(ACCOUNT, id), name: nameOf(ACCOUNT, id), role: 'owner' });
  await ports.store.save(builder.state(content.program));
  const planned = new Set<string>();

  let clockMs = toMs(WORLD_START);
  for (const wave of world.waves) {
    clockMs += HOUR_MS;
    const at = new Date(clockMs).toISOString();
    for (const stop of wave.stops) {
      const contactId = contactIds[stop.contact % contactIds.length] as string;
      if (stops.has(emailOf(ACCOUNT, contactId))) continue;
      if (stop.kind === 'removal') {
        const envelope = {
          version: '0',
          id: `removed-${contactId}`,
          'detail-type': 'Contact Removed',
          source: EVENT_SOURCE,
          time: at,
          detail: { accountId: ACCOUNT, contactId },
        };
        ingestQueue.send(JSON.stringify(envelope), clockMs);
        await ingestQueue.drain((records) => handlers.ingest(records, died), clockMs);
      } else if (stop.kind === 'unsubscribe')
        await run.untilDone((inv) => handlers.unsubscribe(inv, ACCOUNT, contactId, at));
      else
        await run.untilDone((inv) =>
          handlers.sesEvent(inv, stop.kind as 'bounce' | 'complaint', ACCOUNT, contactId, 'earlier-touch.0', at),
        );
      stops.set(emailOf(ACCOUNT, contactId), next());
    }
    for (const t of wave.touches) {
      const touch = touchOf(
        content,
        ACCOUNT,
        world.locale,
        contactIds[t.contact % contactIds.length] as string,
        t.kind,
        t.subject,
      );
      planned.add(touch.touchId);
      sendQueue.send(JSON.stringify(touch), clockMs);
    }
    clockMs = await sendQueue.drain((records, nowMs) => handlers.sender(records, nowMs, died), clockMs);
  }
  // The incident is over; an operator redrives the dead letters an hour later.
  run.calm();
  sendQueue.redrive(clockMs + HOUR_MS);
  await sendQueue.drain((records, nowMs) => handlers.sender(records, nowMs, died), clockMs + HOUR_MS);
  return {
    accepted: ports.ses.accepted,
    ledger: await base.entries(),
    signals: ports.publisher.drain(),
    metrics: ports.metrics,
    stops,
    planned,
    tally: { ...run.tally, 'SQS duplicate delivery': sendQueue.duplicates + ingestQueue.duplicates },
  };
}
