// Runs a generated world through the whole pipeline of real handlers (ingest, planner, sender,
// engagement, unsubscribe) on the in-memory adapters, with or without faults, and keeps what the
// properties look at: what SES accepted (the truth about what left), when each person said no, the
// final account states, the ledger, the signals, the dead letters.
//
// Time moves in hourly ticks, only to hours where something happens or an account is due. In a tick:
// the hour's product events go on the ingest queue and it is drained; people's unsubscribes, bounces
// and complaints arrive; the planner runs (Scheduler retries it at the same scheduled hour when it
// fails or dies); the send queue is drained. Retries inside a tick see the same scheduled hour, so a
// run with faults can be compared with the run without.

import type { LedgerEntry } from '../../functions/adapters/memory/touch-ledger.js';
import type { Content } from '../../functions/core/email/content.js';
import type { Signal } from '../../functions/core/signals.js';
import type { AccountState } from '../../functions/core/state.js';
import { HOUR_MS, toIso, toMs } from '../../functions/core/time.js';
import type { AcceptedEmail, Tally } from '../fixtures/faults.js';
import type { FaultPlan } from './fault-plan.js';
import type { QueuedMessage } from './redelivering-queue.js';
import { type BaseAdapters, memoryAdapters, startRun } from './run.js';
import { emailOf, type Happening, happeningsOf, WORLD_START, type World, worldEnd } from './world.js';

export interface PipelineResult {
  readonly states: readonly AccountState[];
  readonly ledger: readonly LedgerEntry[];
  readonly accepted: readonly AcceptedEmail[];
  readonly stops: ReadonlyMap<string, number>;
  readonly signals: readonly Signal[];
  readonly ingestDeadLetters: readonly QueuedMessage[];
  readonly tally: Tally;
}

const PLANNER_ATTEMPTS = 3; // Scheduler: the run and retryAttempts 2 (infra/planning.ts)

export interface PipelineOptions {
  /** Skip the send queue: what the state comparison needs of the run without faults (sends change no state). */
  readonly sendless?: boolean;
}

export async function runPipeline(
  world: World,
  content: Content,
  plan: FaultPlan | null,
  options: PipelineOptions = {},
  base: BaseAdapters = memoryAdapters(),
): Promise<PipelineResult> {
  const run = startRun(content, plan, base);
  const { ports, handlers, ingestQueue, sendQueue, died, next, stops } = run;

  async function personSaysNo(h: Extract<Happening, { kind: 'unsubscribe' | 'bounce' | 'complaint' }>): Promise<void> {
    const state = await ports.store.load(h.accountId);
    // An SES event names a touch; which one does not matter to the suppression, so the latest planned.
    const touchId = state?.contacts[h.contactId]?.touches.at(-1)?.touchId ?? 'no-touch.0';
    if (h.kind === 'unsubscribe')
      await run.untilDone((inv) => handlers.unsubscribe(inv, h.accountId, h.contactId, h.at));
    else
      await run.untilDone((inv) =>
        handlers.sesEvent(inv, h.kind as 'bounce' | 'complaint', h.accountId, h.contactId, touchId, h.at),
      );
    stops.set(emailOf(h.accountId, h.contactId), next());
  }

  const happenings = happeningsOf(world);
  const endMs = toMs(worldEnd(world));
  let at = 0;
  let tickMs = toMs(WORLD_START);
  for (let first = true; ; first = false) {
    const due = (await run.base.states()).map((s) => s.cadence.nextDueAt).filter((d): d is string => d !== null);
    const candidates = [happenings[at]?.at, ...due]
      .filter((d): d is string => d !== undefined)
      .map((d) => Math.ceil(toMs(d) / HOUR_MS) * HOUR_MS);
    if (candidates.length === 0) break;
    // History (before the start) arrives in the first hour; then the next hour with something to do.
    tickMs = Math.max(first ? tickMs : tickMs + HOUR_MS, Math.min(...candidates));
    if (tickMs >= endMs) break;
    const tick = toIso(tickMs);
    const now: Happening[] = [];
    while (at < happenings.length && toMs((happenings[at] as Happening).at) <= tickMs)
      now.push(happenings[at++] as Happening);
    for (const h of now) if (h.kind === 'event') ingestQueue.send(JSON.stringify(h.envelope), tickMs);
    if (first) for (const bad of plan?.bad ?? []) ingestQueue.send(JSON.stringify(bad), tickMs);
    await ingestQueue.drain((records) => handlers.ingest(records, died), tickMs);
    for (const h of now) {
      if (h.kind === 'event' && h.envelope['detail-type'] === 'Contact Removed') {
        const detail = h.envelope.detail as { accountId: string; contactId: string };
        stops.set(emailOf(detail.accountId, detail.contactId), next());
      } else if (h.kind !== 'event') await personSaysNo(h);
    }
    for (let attempt = 1; attempt <= PLANNER_ATTEMPTS; attempt++) {
      if (
        await handlers.planner(
          tick,
          (touches) => options.sendless !== true && touches.forEach((t) => sendQueue.send(JSON.stringify(t), tickMs)),
          died,
        )
      )
        break;
    }
    await sendQueue.drain((records, nowMs) => handlers.sender(records, nowMs, died), tickMs);
  }
  // The incident is over; someone redrives the send dead letters.
  run.calm();
  sendQueue.redrive(tickMs + HOUR_MS);
  await sendQueue.drain((records, nowMs) => handlers.sender(records, nowMs, died), tickMs + HOUR_MS);
  return {
    states: await run.base.states(),
    ledger: await run.base.entries(),
    accepted: ports.ses.accepted,
    stops,
    signals: ports.publisher.drain(),
    ingestDeadLetters: ingestQueue.deadLetters,
    tally: { ...run.tally, 'SQS duplicate delivery': ingestQueue.duplicates + sendQueue.duplicates },
  };
}
