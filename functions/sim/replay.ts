// The replay loop: a virtual clock walks from `from` to `until` an hour at a time. Each hour it
// delivers the events whose time falls in it to the ingest use case (as SQS would, in batches), runs
// the planner as the hourly schedule would, and drains the send queue into the send use case. Only accounts the due index
// lists are planned: an hour with nothing due costs one index query.

import { forEachLimited } from '../app/concurrency.js';
import { PlannerRunError } from '../app/plan-accounts.js';
import type { PlannedTouch } from '../core/decisions.js';
import type { Program } from '../core/program.js';
import type { Programs } from '../core/programs.js';
import type { Signal } from '../core/signals.js';
import { DAY_MS, HOUR_MS, toIso } from '../core/time.js';
import { takeSnapshot, type UsageSnapshot } from '../report/usage-snapshot.js';
import type { RejectedLine, ReplayEvent } from './event-file.js';
import { arraySource, type EventSource } from './event-source.js';
import type { ReplayRecorder, SentEmailRecord } from './recorders.js';
import type { ReplayDeliverability } from './replay-deliverability.js';
import type { ReplayHandlers } from './replay-handlers.js';
import type { StoreMirror } from './store-mirror.js';
import type { VirtualClock } from './virtual-clock.js';

/** The ingest queue's batch size in the construct; the sender's is 10. */
export const INGEST_BATCH_SIZE = 25;
export const SEND_BATCH_SIZE = 10;
/** Deliveries before a message counts as dead-lettered (the deployed queues' maxReceiveCount). */
export const MAX_RECEIVES = 5;
export const SNAPSHOT_EVERY_DAYS = 7;
/** Ingest invocations at once (the construct lets SQS scale the ingest function out). */
export const INGEST_CONCURRENCY = 4;

/**
 * An hour's events in SQS-sized batches, grouped by account: the engine's state does not depend on
 * the order of events, and one account per batch costs one write instead of one per event.
 */
export function ingestBatches(hour: readonly ReplayEvent[]): ReplayEvent[][] {
  const byAccount = new Map<string, ReplayEvent[]>();
  for (const e of hour) {
    const list = byAccount.get(e.accountId);
    if (list === undefined) byAccount.set(e.accountId, [e]);
    else list.push(e);
  }
  const batches: ReplayEvent[][] = [];
  let current: ReplayEvent[] = [];
  for (const id of [...byAccount.keys()].sort()) {
    const mine = byAccount.get(id) as ReplayEvent[];
    if (current.length > 0 && current.length + mine.length > INGEST_BATCH_SIZE) {
      batches.push(current);
      current = [];
    }
    for (let i = 0; i < mine.length; i += INGEST_BATCH_SIZE) {
      const part = mine.slice(i, i + INGEST_BATCH_SIZE);
      if (part.length === INGEST_BATCH_SIZE) batches.push(part);
      else current.push(...part);
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

export interface ReplayProgress {
  readonly at: string;
  readonly fraction: number;
  readonly eventsDelivered: number;
  readonly emailsSent: number;
}

export interface ReplayContext {
  readonly handlers: ReplayHandlers;
  /** One program, or every program in rule order: the weekly readings assess each account by its own. */
  readonly program: Program | Programs;
  readonly clock: VirtualClock;
  readonly recorder: ReplayRecorder;
  /** SES's events back to engagement, the jobs the sender deferred, a scripted resume (replay-deliverability.ts). */
  readonly deliverability?: ReplayDeliverability;
  /** What the handlers saved (see StoreMirror). */
  readonly mirror: Pick<StoreMirror, 'hasDue' | 'savedStates'>;
  /** Called once per hour with the emails and signals of that hour, in a stable order. */
  onHour(output: { readonly sent: readonly SentEmailRecord[]; readonly signals: readonly Signal[] }): Promise<void>;
  onProgress?(progress: ReplayProgress): void;
}

export interface ReplayOutcome {
  readonly eventsDelivered: number;
  /** Valid events at or after `until`: not replayed. */
  readonly eventsAfterUntil: number;
  /**
   * Events that went to the ingest dead-letter queue: at once, with the handler's reason, or after
   * failing every delivery.
   */
  readonly ingestDeadLetters: readonly RejectedLine[];
  readonly plannerRuns: number;
  readonly plannerFailures: number;
  readonly sendDeadLetters: number;
  /** Send jobs still waiting for another delivery when the replay ended. */
  readonly sendJobsLeft: number;
  readonly snapshots: readonly UsageSnapshot[];
  readonly accountIds: readonly string[];
}

interface SendJob {
  readonly touch: PlannedTouch;
  readonly receives: number;
}

export async function replay(
  input: readonly ReplayEvent[] | EventSource,
  window: { readonly from: string; readonly until: string },
  context: ReplayContext,
): Promise<ReplayOutcome> {
  const { handlers, program, clock, recorder } = context;
  const fromMs = Math.floor(Date.parse(window.from) / HOUR_MS) * HOUR_MS;
  const untilMs = Date.parse(window.until);
  const source = Array.isArray(input) ? arraySource(input as readonly ReplayEvent[]) : (input as EventSource);
  const accountIds = source.accountIds;
  const ingestDeadLetters: RejectedLine[] = [];
  const snapshots: UsageSnapshot[] = [];
  let delivered = 0;
  let emailsSent = 0;
  let plannerRuns = 0;
  let plannerFailures = 0;
  let sendDeadLetters = 0;
  let retries: SendJob[] = [];
  let nextSnapshotMs = fromMs + SNAPSHOT_EVERY_DAYS * DAY_MS;

  /** What ingest dead-lettered at once, as rejected lines with its reasons (message ids are `line-<n>`). */
  function rejectedLine(messageId: string, eventId: string | null, reason: string): RejectedLine {
    return { line: Number(/^line-(\d+)$/.exec(messageId)?.[1] ?? Number.NaN), eventId, reason };
  }

  async function ingest(batch: ReplayEvent[]): Promise<void> {
    const bySource = new Map<string, ReplayEvent[]>();
    for (const e of batch) bySource.set(e.source, [...(bySource.get(e.source) ?? []), e]);
    for (const [source, pending] of bySource) {
      let attempt = pending;
      for (let receive = 1; attempt.length > 0; receive++) {
        const { retry, rejected } = await handlers.ingest(
          source,
          attempt.map((e) => ({ messageId: `line-${e.line}`, body: e.body })),
        );
        for (const r of rejected) ingestDeadLetters.push(rejectedLine(r.messageId, r.eventId, r.reason));
        const failed = new Set(retry);
        attempt = attempt.filter((e) => failed.has(`line-${e.line}`));
        if (receive >= MAX_RECEIVES) {
          for (const e of attempt)
            ingestDeadLetters.push({
              line: e.line,
              eventId: e.eventId,
              reason: `event ${e.eventId} failed ingest on ${MAX_RECEIVES} deliveries (dead-lettered)`,
            });
          break;
        }
      }
    }
    delivered += batch.length;
  }

  async function send(jobs: SendJob[]): Promise<SendJob[]> {
    const again: SendJob[] = [];
    for (let i = 0; i < jobs.length; i += SEND_BATCH_SIZE) {
      const chunk = jobs.slice(i, i + SEND_BATCH_SIZE);
      const { retry, rejected } = await handlers.send(chunk.map((job) => job.touch));
      sendDeadLetters += rejected;
      const failed = new Set(retry);
      chunk.forEach((job, j) => {
        if (!failed.has(j)) return;
        if (job.receives + 1 >= MAX_RECEIVES) sendDeadLetters += 1;
        else again.push({ touch: job.touch, receives: job.receives + 1 });
      });
    }
    return again;
  }

  for (let hourMs = fromMs; hourMs < untilMs; hourMs += HOUR_MS) {
    const endMs = Math.min(hourMs + HOUR_MS, untilMs);
    // The people open the survey pages first: the answers they send are among the hour's events.
    await source.visit?.(endMs, handlers.surveyPage);
    const hour = source.take(endMs);
    if (hour.length > 0) {
      const batches = ingestBatches(hour);
      clock.advanceTo(hour.reduce((latest, e) => Math.max(latest, e.timeMs), 0));
      // SQS runs several ingest invocations at once; batches never share an account (unless one
      // account alone fills several), so they do not fight over the same item.
      await forEachLimited(batches, INGEST_CONCURRENCY, ingest);
    }
    clock.advanceTo(endMs);
    try {
      // An hour in which nothing is due skips the call: that planner run would find nothing to do.
      if (context.mirror.hasDue(toIso(endMs))) {
        plannerRuns += 1;
        await handlers.plan();
      }
    } catch (error) {
      if (!(error instanceof PlannerRunError)) throw error;
      // The failed accounts stay due: the next hour's run takes them up again, as in AWS.
      plannerFailures += error.run.failed;
    }
    const deferred = context.deliverability?.dueJobs(endMs) ?? [];
    const jobs = [...retries, ...[...handlers.queue.take(), ...deferred].map((touch) => ({ touch, receives: 0 }))];
    retries = jobs.length > 0 ? await send(jobs) : [];
    await context.deliverability?.afterHour(endMs);
    const sent = recorder.takeSent();
    emailsSent += sent.length;
    source.deliver(recorder.takeDelivered());
    const signals = recorder.takeSignals();
    source.signalled?.(signals);
    await context.onHour({ sent, signals });
    while (nextSnapshotMs <= endMs) {
      snapshots.push(takeSnapshot(context.mirror.savedStates(), program, toIso(nextSnapshotMs)));
      nextSnapshotMs += SNAPSHOT_EVERY_DAYS * DAY_MS;
    }
    context.onProgress?.({
      at: toIso(endMs),
      fraction: (endMs - fromMs) / Math.max(1, untilMs - fromMs),
      eventsDelivered: delivered,
      emailsSent,
    });
  }
  if (snapshots[snapshots.length - 1]?.at !== toIso(untilMs))
    snapshots.push(takeSnapshot(context.mirror.savedStates(), program, toIso(untilMs)));

  return {
    eventsDelivered: delivered,
    eventsAfterUntil: source.left(),
    ingestDeadLetters,
    plannerRuns,
    plannerFailures,
    sendDeadLetters,
    sendJobsLeft: retries.length,
    snapshots,
    accountIds,
  };
}
