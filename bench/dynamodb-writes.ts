// Bench rows: DynamoDB writes per 1,000 usage events, the real ingest handler against the real local
// DynamoDB, counted from the consumed capacity DynamoDB returns. Side by side: the obvious ingest, one
// read-modify-write per event (load the account, apply the event with the same core, save it, whether
// or not anything changed), through the same store and item format, so the ratio is the design's alone.
// Also given, as figures: the ingest handler fed one record per invocation (its unchanged-state skip
// without any grouping), and the largest batching SQS allows.
//
// Two deliveries of the sample world's usage are measured:
// - live: a Monday's first events of 1,000 accounts, in arrival order, batched as the ingest queue's
//   event source batches them (25 records or 2 s).
// - backfill: an account's history sent in one go (onboarding teichaku onto existing customers), so
//   consecutive records belong to the same account.
import { gzipSync } from 'node:zlib';
import { forEachLimited } from '../functions/app/concurrency.js';
import { applyAccountEvents } from '../functions/core/enrollment.js';
import type { Program } from '../functions/core/program.js';
import { asPrograms, defaultProgramOf, type Programs } from '../functions/core/programs.js';
import type { AccountState } from '../functions/core/state.js';
import { emptyAccountState } from '../functions/core/state.js';
import { createIngestHandler } from '../functions/handlers/ingest.js';
import type { SampleEvent } from '../functions/sim/sample-usage.js';
import type { CapacityTotals } from './aws-meter.js';
import { type BenchTable, openTable, seedStates, silentLogger, sqsBatch, withLocalDynamo } from './local-table.js';
import type { BenchRow } from './row.js';
import {
  byTime,
  eventsByAccount,
  INGEST_SOURCE_BATCH,
  LARGEST_SOURCE_BATCH,
  mondayAfter,
  sampleWorld,
  shippedPrograms,
  sourceBatches,
  stateAfter,
  toProductEvent,
} from './usage-stream.js';

const TARGET_RATIO = 0.1;

/** What one way of ingesting the same events cost. */
export interface IngestCount {
  readonly events: number;
  readonly invocations: number;
  readonly writes: CapacityTotals;
  readonly reads: CapacityTotals;
  readonly signals: number;
  readonly failedRecords: number;
}

/** How much of the live traffic could skip its write, and how small the item could be (in memory). */
export interface WriteHeadroom {
  /** Live events that change nothing but a last-seen time (the contact's lastActiveAt, lastEventAt). */
  readonly onlyLastSeen: number;
  /** Mean bytes of a seeded state as JSON, and gzipped. */
  readonly stateJsonBytes: number;
  readonly stateGzipBytes: number;
}

export interface WritesMeasurement {
  readonly accounts: number;
  readonly elapsedMs: number;
  readonly headroom: WriteHeadroom;
  readonly live: {
    readonly grouped: IngestCount;
    readonly perEvent: IngestCount;
    readonly oneRecordPerInvocation: IngestCount;
    readonly largestBatching: IngestCount;
    readonly accountsSeen: number;
  };
  readonly backfill: { readonly grouped: IngestCount; readonly perEvent: IngestCount; readonly accountsSeen: number };
}

async function ingest(
  table: BenchTable,
  program: Program | Programs,
  source: string,
  batches: readonly (readonly SampleEvent[])[],
): Promise<IngestCount> {
  let signals = 0;
  // The week is replayed as it arrived: ingest's clock stands at its last event, so none of it is
  // refused as dated in the future (the sample's weeks may lie after today).
  const arrived = batches.flat().reduce((latest, e) => (e.time > latest ? e.time : latest), '');
  const handler = createIngestHandler({
    store: table.store,
    publisher: { publish: async (list) => void (signals += list.length) },
    program,
    eventSource: source,
    logger: silentLogger,
    clock: () => arrived,
  });
  table.meter.reset();
  let failedRecords = 0;
  // Batches touching the same account go one after the other: concurrent invocations on one account
  // would add version-conflict retries, which depend on timing, not on the design being measured.
  // Batches of one record each are run per account, accounts side by side: the counts are the same.
  const single = batches.every((b) => b.length === 1);
  const lanes = single ? [...byAccount(batches.flat()).values()].map((events) => events.map((e) => [e])) : [batches];
  await forEachLimited(lanes, 8, async (lane) => {
    for (const batch of lane) {
      const out = await handler(sqsBatch(batch.map((e) => ({ id: e.id, body: JSON.stringify(e) }))));
      failedRecords += out.batchItemFailures.length;
    }
  });
  return {
    events: batches.reduce((n, b) => n + b.length, 0),
    invocations: batches.length,
    writes: table.meter.writes,
    reads: table.meter.reads,
    signals,
    failedRecords,
  };
}

function byAccount(events: readonly SampleEvent[]): Map<string, SampleEvent[]> {
  const out = new Map<string, SampleEvent[]>();
  for (const e of events) {
    const id = e.detail.accountId as string;
    out.set(id, [...(out.get(id) ?? []), e]);
  }
  return out;
}

/**
 * The obvious ingest: each event on its own, the account read, the event applied by the same core and
 * the account written back, changed or not. One invocation per event, as a handler processing each SQS
 * record alone would be called.
 */
async function ingestEachEvent(
  table: BenchTable,
  program: Program | Programs,
  source: string,
  events: readonly SampleEvent[],
): Promise<IngestCount> {
  const programs = asPrograms(program);
  table.meter.reset();
  await forEachLimited([...byAccount(events).values()], 8, async (accountEvents) => {
    for (const e of accountEvents) {
      const id = e.detail.accountId as string;
      const current = (await table.store.load(id)) ?? emptyAccountState(id, defaultProgramOf(programs).id);
      await table.store.save(applyAccountEvents(current, [toProductEvent(e, source)], programs).state);
    }
  });
  return {
    events: events.length,
    invocations: events.length,
    writes: table.meter.writes,
    reads: table.meter.reads,
    signals: 0,
    failedRecords: 0,
  };
}

/** The state with its last-seen times blanked: what is left when those are not kept to the millisecond. */
function withoutLastSeen(state: AccountState): string {
  const contacts = Object.fromEntries(
    Object.entries(state.contacts).map(([id, c]) => [id, { ...c, lastActiveAt: null }]),
  );
  return JSON.stringify({ ...state, lastEventAt: null, contacts });
}

function writeHeadroom(
  seeds: readonly AccountState[],
  live: readonly SampleEvent[],
  source: string,
  program: Program | Programs,
): WriteHeadroom {
  const states = new Map(seeds.map((s) => [s.accountId, s]));
  let onlyLastSeen = 0;
  for (const event of live) {
    const id = event.detail.accountId as string;
    const before = states.get(id) as AccountState;
    const after = applyAccountEvents(before, [toProductEvent(event, source)], program).state;
    if (JSON.stringify(after) !== JSON.stringify(before) && withoutLastSeen(after) === withoutLastSeen(before))
      onlyLastSeen += 1;
    states.set(id, after);
  }
  const json = seeds.map((s) => Buffer.byteLength(JSON.stringify(s)));
  const gzip = seeds.map((s) => gzipSync(JSON.stringify(s)).byteLength);
  const mean = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));
  return { onlyLastSeen, stateJsonBytes: mean(json), stateGzipBytes: mean(gzip) };
}

async function measureWrites(smoke: boolean): Promise<WritesMeasurement> {
  const started = performance.now();
  const accounts = smoke ? 30 : 1_000;
  const eventCount = smoke ? 100 : 1_000;
  const world = await sampleWorld({ accounts });
  const program = shippedPrograms();
  // Ten weeks in, every account of the sample has signed up (signupWeeks: 8) and has a history.
  const cut = mondayAfter(world, 10);
  const histories = eventsByAccount(
    world,
    defaultProgramOf(program),
    accounts,
    new Date(Date.parse(cut) + 7 * 86_400_000).toISOString(),
  );

  const live = [...histories.values()]
    .flat()
    .filter((e) => e.time >= cut)
    .sort(byTime)
    .slice(0, eventCount);
  const liveAccounts = [...new Set(live.map((e) => e.detail.accountId as string))];
  const seeds = liveAccounts.map((id) =>
    stateAfter(
      id,
      (histories.get(id) ?? []).filter((e) => e.time < cut),
      world.source,
      program,
    ),
  );

  // Account after account, each in its own time order, from the first account on.
  const backfill = [...histories.values()].flatMap((events) => events.filter((e) => e.time < cut)).slice(0, eventCount);

  const headroom = writeHeadroom(seeds, live, world.source, program);
  return withLocalDynamo(async (endpoint) => {
    const names = ['grouped', 'each-event', 'one-record', 'largest', 'backfill-grouped', 'backfill-each-event'];
    const [grouped, eachEvent, oneRecord, largest, backfillGrouped, backfillEachEvent] = (await Promise.all(
      names.map((name) => openTable(endpoint, `bench-writes-${name}`)),
    )) as [BenchTable, BenchTable, BenchTable, BenchTable, BenchTable, BenchTable];
    await Promise.all([grouped, eachEvent, oneRecord, largest].map((table) => seedStates(table, seeds)));
    const one = (events: readonly SampleEvent[]) => events.map((e) => [e]);
    // The runs use their own tables, so they run side by side.
    const [liveGrouped, liveEachEvent, liveOneRecord, liveLargest, backfillGroupedCount, backfillEachEventCount] =
      await Promise.all([
        ingest(grouped, program, world.source, sourceBatches(live, INGEST_SOURCE_BATCH)),
        ingestEachEvent(eachEvent, program, world.source, live),
        ingest(oneRecord, program, world.source, one(live)),
        ingest(largest, program, world.source, sourceBatches(live, LARGEST_SOURCE_BATCH)),
        // A backfill is sent as fast as the producer can: batches fill before the window closes.
        ingest(
          backfillGrouped,
          program,
          world.source,
          sourceBatches(backfill, { size: INGEST_SOURCE_BATCH.size, windowMs: Number.POSITIVE_INFINITY }),
        ),
        ingestEachEvent(backfillEachEvent, program, world.source, backfill),
      ]);
    return {
      accounts,
      elapsedMs: performance.now() - started,
      headroom,
      live: {
        grouped: liveGrouped,
        perEvent: liveEachEvent,
        oneRecordPerInvocation: liveOneRecord,
        largestBatching: liveLargest,
        accountsSeen: liveAccounts.length,
      },
      backfill: {
        grouped: backfillGroupedCount,
        perEvent: backfillEachEventCount,
        accountsSeen: new Set(backfill.map((e) => e.detail.accountId)).size,
      },
    };
  });
}

const measured = new Map<boolean, Promise<WritesMeasurement>>();

/** Measured once per process: the cost rows reuse these counts. */
export function writesMeasurement(options: { smoke: boolean }): Promise<WritesMeasurement> {
  let pending = measured.get(options.smoke);
  if (pending === undefined) {
    pending = measureWrites(options.smoke);
    measured.set(options.smoke, pending);
  }
  return pending;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const per1000 = (count: IngestCount, value: number) => (value * 1_000) / count.events;

function row(
  label: string,
  grouped: IngestCount,
  perEvent: IngestCount,
  smoke: boolean,
  extra: Record<string, number>,
): BenchRow {
  // The issue counts writes; write units are given beside them (both sides write the same item format).
  const ratio = grouped.writes.calls / perEvent.writes.calls;
  return {
    measure: `DynamoDB writes per 1,000 usage events, ${label}`,
    value: `${fmt(per1000(grouped, grouped.writes.calls))} writes, ${fmt(per1000(grouped, grouped.writes.units))} WCU`,
    baseline: `${fmt(per1000(perEvent, perEvent.writes.calls))} writes, ${fmt(per1000(perEvent, perEvent.writes.units))} WCU, each event read, applied, written`,
    ratio: `${ratio.toFixed(3)} (1/${(1 / ratio).toFixed(1)})`,
    target: `≤ 1/${1 / TARGET_RATIO}`,
    holds: smoke ? null : ratio <= TARGET_RATIO,
    figures: {
      events: grouped.events,
      writeRatio: ratio,
      wcuRatio: grouped.writes.units / perEvent.writes.units,
      groupedWrites: grouped.writes.calls,
      groupedWcu: grouped.writes.units,
      groupedRcu: grouped.reads.units,
      groupedInvocations: grouped.invocations,
      perEventWrites: perEvent.writes.calls,
      perEventWcu: perEvent.writes.units,
      perEventRcu: perEvent.reads.units,
      perEventInvocations: perEvent.invocations,
      failedRecords: grouped.failedRecords + perEvent.failedRecords,
      ...extra,
    },
  };
}

export async function measure(options: { smoke: boolean }): Promise<BenchRow[]> {
  const m = await writesMeasurement(options);
  const { live, backfill } = m;
  return [
    row('live (sample usage, 25 per batch or 2 s)', live.grouped, live.perEvent, options.smoke, {
      accounts: m.accounts,
      accountsInEvents: live.accountsSeen,
      rowMs: Math.round(m.elapsedMs),
      oneRecordPerInvocationWrites: live.oneRecordPerInvocation.writes.calls,
      oneRecordPerInvocationWcu: live.oneRecordPerInvocation.writes.units,
      largestBatchingWrites: live.largestBatching.writes.calls,
      largestBatchingWcu: live.largestBatching.writes.units,
      largestBatchingRatio: live.largestBatching.writes.calls / live.perEvent.writes.calls,
      largestBatchingInvocations: live.largestBatching.invocations,
      eventsChangingOnlyLastSeen: m.headroom.onlyLastSeen,
      stateJsonBytes: m.headroom.stateJsonBytes,
      stateGzipBytes: m.headroom.stateGzipBytes,
    }),
    row("backfill (an account's history in a row)", backfill.grouped, backfill.perEvent, options.smoke, {
      accountsInEvents: backfill.accountsSeen,
    }),
  ];
}
