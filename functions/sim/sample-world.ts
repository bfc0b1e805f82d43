// The bundled sample: a seeded world of customers turned into the product events `simulate` replays.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Program } from '../core/program.js';
import { asPrograms, type Programs, programForProfile } from '../core/programs.js';
import { addMonths } from '../core/time.js';
import { drawAccount, type SampleAccount } from './sample-accounts.js';
import type { SampleWorld } from './sample-config.js';
import { accountEvents, type SampleEvent } from './sample-usage.js';

export interface Sample {
  readonly accounts: readonly SampleAccount[];
  /** The replay window: the start of the first contract day, and `months` later. */
  readonly from: string;
  readonly until: string;
  /** Time order (ties by id). */
  readonly events: readonly SampleEvent[];
}

export function sampleWindow(world: SampleWorld): { readonly from: string; readonly until: string } {
  // A day early so contracts in time zones ahead of UTC (Asia/Tokyo) start inside the window.
  const from = new Date(Date.parse(`${world.startDate}T00:00:00Z`) - 86_400_000).toISOString();
  return { from, until: addMonths(`${world.startDate}T00:00:00.000Z`, world.months) };
}

/**
 * The world's accounts and every event they send, answering no email (the open loop a file replay
 * needs). Each account behaves after the program its profile falls in: the milestones it works on
 * are that program's.
 */
export function generateSample(world: SampleWorld, program: Program | Programs): Sample {
  const { from, until } = sampleWindow(world);
  const programs = asPrograms(program);
  const accounts = Array.from({ length: world.accounts }, (_, i) => drawAccount(world, i + 1));
  const events = accounts.flatMap((a) => accountEvents(a, programForProfile(programs, a.profile), world, until));
  events.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.id < b.id ? -1 : 1));
  return { accounts, from, until, events };
}

/** Writes one event per line (the `simulate --events` format). */
export async function writeEventsFile(path: string, events: readonly SampleEvent[]): Promise<void> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  for (const event of events) {
    if (!out.write(`${JSON.stringify(event)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
