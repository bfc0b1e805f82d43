// The workload the DynamoDB and cost rows measure: the bundled sample world (templates/sample/world.yaml,
// the same customers `npm start` replays), scaled to the bench's number of accounts, and delivered to
// the ingest handler the way the ingest queue's event source would deliver it.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { applyAccountEvents } from '../functions/core/enrollment.js';
import { type ProductEvent, parseProductEvent } from '../functions/core/events.js';
import type { Program } from '../functions/core/program.js';
import { asPrograms, defaultProgramOf, type Programs, parsePrograms } from '../functions/core/programs.js';
import { type AccountState, emptyAccountState } from '../functions/core/state.js';
import { addCalendarDays } from '../functions/core/time.js';
import { drawAccount } from '../functions/sim/sample-accounts.js';
import { loadSampleWorld, type SampleWorld } from '../functions/sim/sample-config.js';
import { accountEvents, type SampleEvent } from '../functions/sim/sample-usage.js';

export const TEMPLATES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'templates');
export const PROGRAM_FILE = join(TEMPLATES_DIR, 'program.yaml');
const WORLD_FILE = join(TEMPLATES_DIR, 'sample', 'world.yaml');

/** The ingest queue's event source in the construct (infra/teichaku.ts): up to 25 records, 2 s window. */
export const INGEST_SOURCE_BATCH = { size: 25, windowMs: 2_000 } as const;
/** The largest batching an SQS event source allows on a standard queue: 10,000 records, 300 s window. */
export const LARGEST_SOURCE_BATCH = { size: 10_000, windowMs: 300_000 } as const;

export async function sampleWorld(overrides: Partial<SampleWorld>): Promise<SampleWorld> {
  return { ...(await loadSampleWorld(WORLD_FILE)), ...overrides };
}

/** Every event of accounts 1..`accounts` before `until`, per account, in time order. */
export function eventsByAccount(
  world: SampleWorld,
  program: Program,
  accounts: number,
  until: string,
): Map<string, SampleEvent[]> {
  const out = new Map<string, SampleEvent[]>();
  for (let n = 1; n <= accounts; n++) {
    const account = drawAccount(world, n);
    out.set(account.accountId, accountEvents(account, program, world, until));
  }
  return out;
}

export function byTime(a: SampleEvent, b: SampleEvent): number {
  return a.time < b.time ? -1 : a.time > b.time ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The first Monday 00:00 UTC at least `weeks` weeks after the world's start: a working week ahead. */
export function mondayAfter(world: SampleWorld, weeks: number): string {
  let date = addCalendarDays(world.startDate, weeks * 7);
  while (new Date(`${date}T00:00:00Z`).getUTCDay() !== 1) date = addCalendarDays(date, 1);
  return `${date}T00:00:00.000Z`;
}

export function toProductEvent(event: SampleEvent, source: string): ProductEvent {
  const parsed = parseProductEvent(event, { allowedSource: source });
  if (parsed.kind !== 'ok')
    throw new Error(`sample event ${event.id} does not meet the event contract: ${parsed.reason}`);
  return parsed.event;
}

/** The shipped programs (templates/program.yaml), as the build reads them. */
export function shippedPrograms(): Programs {
  return parsePrograms(parse(readFileSync(PROGRAM_FILE, 'utf8')));
}

/** The state the ingest handler would hold after `events` (the account's history), applied in one go. */
export function stateAfter(
  accountId: string,
  events: readonly SampleEvent[],
  source: string,
  programs: Program | Programs,
): AccountState {
  const base = emptyAccountState(accountId, defaultProgramOf(asPrograms(programs)).id);
  return applyAccountEvents(
    base,
    events.map((e) => toProductEvent(e, source)),
    programs,
  ).state;
}

/**
 * Batches as an SQS event source forms them from a queue fed in `events` order: a batch closes when it
 * holds `size` records or when the next record arrives more than `windowMs` after its first one. The
 * event's own time stands for its arrival (the bus adds about the same delay to every event).
 */
export function sourceBatches<T extends { readonly time: string }>(
  events: readonly T[],
  batching: { readonly size: number; readonly windowMs: number },
): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let openedMs = 0;
  for (const event of events) {
    const atMs = Date.parse(event.time);
    if (current.length > 0 && (current.length >= batching.size || atMs - openedMs > batching.windowMs)) {
      batches.push(current);
      current = [];
    }
    if (current.length === 0) openedMs = atMs;
    current.push(event);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
