// Bench rows: a load model of the planner and of ingest at a product's scale, from costs measured here.
//
// Planner. How due accounts cluster: the bundled sample world (templates/sample/world.yaml) replayed
// in memory; each planner run's planned accounts (distinct accounts in its decisions) per UTC hour of
// the week, as a share of the accounts. What one due account costs: the planner use case run hourly
// for a week over sample accounts on the local DynamoDB (load, plan, conditional save, enqueue, 8 at
// a time as in the λ), and the same over the in-memory store (the core's part). The peak hour's due
// accounts times that cost is one run's wall time; a worker is given at most WORKER_BUDGET_SECONDS.
//
// Ingest. One account of 10,000 people who all sign in within the same minute, among 5,000 events a
// second: its events land in many concurrent batches of 25, each a read-modify-write of the same
// item under its version condition. Measured: concurrent writers on that item on the local DynamoDB
// with the ingest's own update (apply the events, conditional put, up to 5 attempts); scaled: the
// batches a second that hold one of its events, against the item's measured write rate.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accountItem } from '../functions/adapters/account-item.js';
import { MemoryAccountStore } from '../functions/adapters/memory/account-store.js';
import { MemorySendQueue } from '../functions/adapters/memory/send-queue.js';
import { MemorySignalPublisher } from '../functions/adapters/memory/signal-publisher.js';
import { DEFAULT_DUE_SHARDS } from '../functions/adapters/table-schema.js';
import { createPlanAccounts, PlannerRunError } from '../functions/app/plan-accounts.js';
import { DEFAULT_UPDATE_ATTEMPTS, updateAccount } from '../functions/app/update-account.js';
import { loadReplayContent } from '../functions/build/replay-content.js';
import { applyAccountEvents } from '../functions/core/enrollment.js';
import type { AccountStore } from '../functions/core/ports.js';
import { defaultProgramOf, type Programs } from '../functions/core/programs.js';
import { type AccountState, emptyAccountState } from '../functions/core/state.js';
import { accountUpserted, contactUpserted, usage } from '../functions/sim/event-builders.js';
import { runSimulation } from '../functions/sim/run-simulation.js';
import { generateSample, writeEventsFile } from '../functions/sim/sample-world.js';
import { itemSizeBytes } from './item-size.js';
import { openTable, seedStates, silentLogger, withLocalDynamo } from './local-table.js';
import type { BenchRow } from './row.js';
import { eventsByAccount, mondayAfter, PROGRAM_FILE, sampleWorld, stateAfter } from './usage-stream.js';

const HOUR_MS = 3_600_000;
/** A worker's run is kept to 10 of Lambda's 15 minutes: a third is headroom for a slow table. */
export const WORKER_BUDGET_SECONDS = 600;
/** Accounts a planner λ plans at once (`accountConcurrency`'s default). */
const PLANNER_ACCOUNT_CONCURRENCY = 8;
const INGEST_EVENTS_PER_SECOND = 5_000;
/** The construct's `sendRatePerSecond` default (infra/settings.ts). */
const DEFAULT_SEND_RATE = 10;
const HOT_ACCOUNT_PEOPLE = 10_000;
const INGEST_BATCH = 25;
/** DynamoDB's largest item. */
const MAX_ITEM_BYTES = 400 * 1024;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export interface Clustering {
  readonly accounts: number;
  readonly weeks: number;
  /** The largest mean share of the accounts planned in one UTC hour of the week. */
  readonly peakHourShare: number;
  readonly peakHourOfWeek: number;
  /** Accounts planned per account and week. */
  readonly plansPerAccountWeek: number;
  /** The largest mean number of emails decided in one UTC hour of the week, per account. */
  readonly peakHourEmailsPerAccount: number;
}

/** Hours from Monday 00:00 UTC. */
function hourOfWeek(iso: string): number {
  const d = new Date(iso);
  return ((d.getUTCDay() + 6) % 7) * 24 + d.getUTCHours();
}

/** Planned accounts per hour of the week, from the sample world replayed in memory. */
export async function sampleClustering(smoke: boolean): Promise<Clustering> {
  const world = await sampleWorld(smoke ? { accounts: 30, months: 2 } : {});
  const content = await loadReplayContent(PROGRAM_FILE, `${world.startDate}T00:00:00.000Z`);
  const sample = generateSample(world, content.program);
  const dir = mkdtempSync(join(tmpdir(), 'teichaku-bench-load-'));
  try {
    await writeEventsFile(join(dir, 'events.jsonl'), sample.events);
    await runSimulation({
      eventsFile: join(dir, 'events.jsonl'),
      until: sample.until,
      outDir: join(dir, 'out'),
      programFile: PROGRAM_FILE,
      services: 'memory',
    });
    const runs = new Map<string, Set<string>>();
    const emailsByHourOfWeek = new Array<number>(168).fill(0);
    for (const line of readFileSync(join(dir, 'out', 'decisions.jsonl'), 'utf8').split('\n')) {
      if (line === '') continue;
      const { at, accountId, outcome } = JSON.parse(line) as { at: string; accountId: string; outcome: string };
      const hour = new Date(Math.floor(Date.parse(at) / HOUR_MS) * HOUR_MS).toISOString();
      runs.set(hour, (runs.get(hour) ?? new Set()).add(accountId));
      if (outcome === 'sent') {
        const slot = hourOfWeek(hour);
        emailsByHourOfWeek[slot] = (emailsByHourOfWeek[slot] as number) + 1;
      }
    }
    const byHourOfWeek = new Array<number>(168).fill(0);
    let plans = 0;
    for (const [hour, accounts] of runs) {
      const slot = hourOfWeek(hour);
      byHourOfWeek[slot] = (byHourOfWeek[slot] as number) + accounts.size;
      plans += accounts.size;
    }
    const weeks = (Date.parse(sample.until) - Date.parse(sample.from)) / (7 * 24 * HOUR_MS);
    const peak = Math.max(...byHourOfWeek);
    return {
      accounts: world.accounts,
      weeks,
      peakHourShare: peak / weeks / world.accounts,
      peakHourOfWeek: byHourOfWeek.indexOf(peak),
      plansPerAccountWeek: plans / weeks / world.accounts,
      peakHourEmailsPerAccount: Math.max(...emailsByHourOfWeek) / weeks / world.accounts,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface PlannerCost {
  readonly dueAccounts: number;
  /** Wall time of the runs with due accounts, per due account, 8 at a time. */
  readonly msPerDueAccount: number;
  /** The same over the in-memory store: the core's part. */
  readonly coreMsPerDueAccount: number;
}

async function plannerWeek(
  store: AccountStore,
  content: Awaited<ReturnType<typeof loadReplayContent>>,
  start: number,
  hours: number,
): Promise<{ due: number; ms: number }> {
  let nowMs = start;
  const plan = createPlanAccounts({
    store,
    queue: new MemorySendQueue(),
    publisher: new MemorySignalPublisher(),
    program: content.programs,
    catalogs: content.catalogs,
    clock: () => new Date(nowMs).toISOString(),
    logger: silentLogger,
    accountConcurrency: PLANNER_ACCOUNT_CONCURRENCY,
  });
  let due = 0;
  let ms = 0;
  for (let h = 0; h < hours; h++) {
    nowMs = start + h * HOUR_MS;
    const started = performance.now();
    const run = await plan().catch((error: unknown) => {
      if (error instanceof PlannerRunError) return error.run;
      throw error;
    });
    if (run.due > 0) ms += performance.now() - started;
    due += run.due;
  }
  return { due, ms };
}

export async function plannerCost(smoke: boolean, endpoint: string): Promise<PlannerCost> {
  const accounts = smoke ? 8 : 120;
  const world = await sampleWorld({ accounts });
  const cut = mondayAfter(world, 6);
  const content = await loadReplayContent(PROGRAM_FILE, cut);
  const seeds = [...eventsByAccount(world, content.program, accounts, cut)].map(([id, events]) =>
    stateAfter(id, events, world.source, content.programs),
  );
  const hours = smoke ? 48 : 7 * 24;
  const core = await (async () => {
    const store = new MemoryAccountStore();
    for (const s of seeds) await store.save(s);
    return plannerWeek(store, content, Date.parse(cut), hours);
  })();
  const table = await openTable(endpoint, 'bench-planner-load');
  const local = await (async () => {
    try {
      await seedStates(table, seeds);
      return await plannerWeek(table.store, content, Date.parse(cut), hours);
    } finally {
      table.client.destroy();
    }
  })();
  return {
    dueAccounts: local.due,
    msPerDueAccount: local.due === 0 ? 0 : local.ms / local.due,
    coreMsPerDueAccount: core.due === 0 ? 0 : core.ms / core.due,
  };
}

export interface PlannerAt {
  readonly accounts: number;
  readonly peakDue: number;
  readonly singleRunSeconds: number;
  readonly workers: number;
}

export function plannerAt(accounts: number, clustering: Clustering, cost: PlannerCost): PlannerAt {
  const peakDue = accounts * clustering.peakHourShare;
  const singleRunSeconds = (peakDue * cost.msPerDueAccount) / 1000;
  return {
    accounts,
    peakDue,
    singleRunSeconds,
    workers: Math.max(1, Math.ceil(singleRunSeconds / WORKER_BUDGET_SECONDS)),
  };
}

export interface HotAccountRun {
  readonly people: number;
  readonly writers: number;
  readonly seconds: number;
  readonly updates: number;
  readonly conflicts: number;
  readonly exhausted: number;
  readonly itemBytes: number;
}

function hotAccount(people: number, programs: Programs): AccountState {
  const id = 'acc-hot';
  const events = [accountUpserted(id, {}, { at: '2026-03-02T00:00:00Z' })];
  for (let i = 0; i < people; i++) events.push(contactUpserted(id, `p${i}`, {}, { at: '2026-03-02T00:01:00Z' }));
  return applyAccountEvents(emptyAccountState(id, defaultProgramOf(programs).id), events, programs).state;
}

/** `writers` concurrent ingest updates of one account for `seconds`, each applying one sign-in. */
export async function hotAccountRun(smoke: boolean, endpoint: string): Promise<HotAccountRun> {
  const people = smoke ? 300 : HOT_ACCOUNT_PEOPLE;
  const writers = 8;
  const seconds = smoke ? 1 : 10;
  const content = await loadReplayContent(PROGRAM_FILE, '2026-03-02T00:00:00.000Z');
  const state = hotAccount(people, content.programs);
  const itemBytes = itemSizeBytes(accountItem({ ...state, version: 1 }, DEFAULT_DUE_SHARDS));
  const table = await openTable(endpoint, 'bench-ingest-hot');
  try {
    await seedStates(table, [state]);
    let updates = 0;
    let conflicts = 0;
    let exhausted = 0;
    let n = 0;
    const endMs = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: writers }, async () => {
        while (performance.now() < endMs) {
          const i = n++;
          const at = new Date(Date.parse('2026-03-02T00:09:00Z') + (i % 60_000)).toISOString();
          const event = usage(state.accountId, `p${i % people}`, 'login', at, { id: `hot-${i}` });
          try {
            const outcome = await updateAccount(table.store, state.accountId, (current) =>
              applyAccountEvents(current ?? state, [event], content.programs),
            );
            updates += 1;
            conflicts += (outcome?.attempts ?? 1) - 1;
          } catch {
            // Every attempt met a newer version: the batch's records would go back to the queue.
            exhausted += 1;
            conflicts += DEFAULT_UPDATE_ATTEMPTS;
          }
        }
      }),
    );
    return { people, writers, seconds, updates, conflicts, exhausted, itemBytes };
  } finally {
    table.client.destroy();
  }
}

export interface IngestAt {
  /** Batches a second holding at least one of the hot account's events: its offered updates. */
  readonly offeredUpdatesPerSecond: number;
  readonly hotEventsPerSecond: number;
  /** Updates a second the one item took, measured. */
  readonly capacityPerSecond: number;
  readonly conflictsPerSecond: number;
  readonly exhaustedPerSecond: number;
  /** Hot-account events a second one item absorbs: its write rate times the hot events per batch. */
  readonly ceilingEventsPerSecond: number;
}

export function ingestAt(run: HotAccountRun): IngestAt {
  const hotEventsPerSecond = HOT_ACCOUNT_PEOPLE / 60;
  const p = hotEventsPerSecond / INGEST_EVENTS_PER_SECOND;
  const batchesPerSecond = INGEST_EVENTS_PER_SECOND / INGEST_BATCH;
  const hotShare = 1 - (1 - p) ** INGEST_BATCH;
  const offered = batchesPerSecond * hotShare;
  const capacity = run.updates / run.seconds;
  const hotEventsPerBatch = (INGEST_BATCH * p) / hotShare;
  // Past the item's rate every update beyond it meets a newer version on each attempt: it conflicts
  // up to 5 times and its records go back to the queue. Below it, the measured conflicts per update.
  const over = Math.max(0, offered - capacity);
  const conflictsPerUpdate = run.updates === 0 ? 0 : run.conflicts / run.updates;
  return {
    offeredUpdatesPerSecond: offered,
    hotEventsPerSecond,
    capacityPerSecond: capacity,
    conflictsPerSecond: Math.min(offered, capacity) * conflictsPerUpdate + over * DEFAULT_UPDATE_ATTEMPTS,
    exhaustedPerSecond: over,
    ceilingEventsPerSecond: capacity * hotEventsPerBatch,
  };
}

export async function measure(options: { smoke: boolean }): Promise<BenchRow[]> {
  const clustering = await sampleClustering(options.smoke);
  // One DynamoDB Local for both measurements: starting it is the slowest part of a smoke run.
  const { cost, hot } = await withLocalDynamo(async (endpoint) => ({
    cost: await plannerCost(options.smoke, endpoint),
    hot: await hotAccountRun(options.smoke, endpoint),
  }));
  const rows: BenchRow[] = [];
  for (const accounts of [100_000, 1_000_000]) {
    const at = plannerAt(accounts, clustering, cost);
    rows.push({
      measure: `planner at ${fmt(accounts)} accounts, peak hour (sample world: ${(clustering.peakHourShare * 100).toFixed(2)} % of accounts due in one UTC hour of the week)`,
      value: `${fmt(at.peakDue)} due, ${fmt(at.singleRunSeconds)} s for one planner (${cost.msPerDueAccount.toFixed(1)} ms per due account, ${PLANNER_ACCOUNT_CONCURRENCY} at a time)`,
      baseline: `core alone: ${cost.coreMsPerDueAccount.toFixed(2)} ms per due account`,
      ratio: `${at.workers} worker${at.workers === 1 ? '' : 's'} (plannerWorkers) at ≤ ${WORKER_BUDGET_SECONDS} s each; ceiling of one planner: ${fmt((WORKER_BUDGET_SECONDS * 1000) / cost.msPerDueAccount / clustering.peakHourShare)} accounts`,
      target: `each worker within ${WORKER_BUDGET_SECONDS} s of Lambda's 900 s; workers ≤ ${DEFAULT_DUE_SHARDS} due shards`,
      holds: options.smoke ? null : at.workers <= DEFAULT_DUE_SHARDS,
      figures: {
        accounts,
        peakHourShare: clustering.peakHourShare,
        peakHourOfWeek: clustering.peakHourOfWeek,
        plansPerAccountWeek: clustering.plansPerAccountWeek,
        sampleAccounts: clustering.accounts,
        sampleWeeks: clustering.weeks,
        measuredDueAccounts: cost.dueAccounts,
        msPerDueAccount: cost.msPerDueAccount,
        coreMsPerDueAccount: cost.coreMsPerDueAccount,
        peakDue: at.peakDue,
        singleRunSeconds: at.singleRunSeconds,
        workers: at.workers,
      },
    });
  }
  const emails = 1_000_000 * clustering.peakHourEmailsPerAccount;
  const drainSeconds = emails / DEFAULT_SEND_RATE;
  rows.push({
    measure: `sender at 1,000,000 accounts, peak hour's emails at sendRatePerSecond ${DEFAULT_SEND_RATE} (its default)`,
    value: `${fmt(emails)} emails queued, ${(drainSeconds / 3600).toFixed(1)} h to send`,
    baseline: `${(clustering.peakHourEmailsPerAccount * 100).toFixed(2)} emails per 100 accounts in the sample's peak hour`,
    ratio: `ceiling within the hour: ${fmt((3600 * DEFAULT_SEND_RATE) / clustering.peakHourEmailsPerAccount)} accounts; 1,000,000 needs ${fmt(emails / 3600)}/s`,
    target: "the peak hour's emails sent within the hour, at the SES account's rate",
    holds: null,
    figures: {
      accounts: 1_000_000,
      peakHourEmailsPerAccount: clustering.peakHourEmailsPerAccount,
      emails,
      sendRatePerSecond: DEFAULT_SEND_RATE,
      drainSeconds,
      rateNeededPerSecond: emails / 3600,
    },
  });
  const ingest = ingestAt(hot);
  rows.push({
    measure: `ingest at ${fmt(INGEST_EVENTS_PER_SECOND)} events/s with one account of ${fmt(HOT_ACCOUNT_PEOPLE)} people active in one minute (measured with ${fmt(hot.people)} people, ${hot.writers} writers on the local DynamoDB)`,
    value: `${fmt(ingest.offeredUpdatesPerSecond)} updates/s offered to its item, ${ingest.capacityPerSecond.toFixed(1)}/s taken; ${fmt(ingest.conflictsPerSecond)} conflicts/s, ${fmt(ingest.exhaustedPerSecond)} batches/s back to the queue`,
    baseline: `measured: ${hot.updates} updates, ${hot.conflicts} conflicts, ${hot.exhausted} exhausted in ${hot.seconds} s; item ${fmt(hot.itemBytes / 1024)} KB`,
    ratio: `ceiling: ${ingest.ceilingEventsPerSecond.toFixed(1)} events/s for one account (${fmt(ingest.hotEventsPerSecond)} offered); item ${((hot.itemBytes / MAX_ITEM_BYTES) * 100).toFixed(0)} % of 400 KB`,
    target: 'one account’s events within its item’s write rate; other accounts unaffected',
    holds: null,
    figures: {
      people: hot.people,
      writers: hot.writers,
      seconds: hot.seconds,
      updates: hot.updates,
      conflicts: hot.conflicts,
      exhausted: hot.exhausted,
      itemBytes: hot.itemBytes,
      offeredUpdatesPerSecond: ingest.offeredUpdatesPerSecond,
      capacityPerSecond: ingest.capacityPerSecond,
      conflictsPerSecond: ingest.conflictsPerSecond,
      exhaustedPerSecond: ingest.exhaustedPerSecond,
      hotEventsPerSecond: ingest.hotEventsPerSecond,
      ceilingEventsPerSecond: ingest.ceilingEventsPerSecond,
    },
  });
  return rows;
}
