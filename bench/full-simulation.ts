// Bench row: the whole job on one machine. The sample world at 1,000 accounts over 6 months, replayed
// by `teichaku simulate`'s own code (runSimulation: the real handlers, hourly planner runs, the sender,
// the report) on in-memory services. Timed from reading the events file to the written report, as a
// user running `teichaku simulate --services memory` waits for it.

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultProgramOf } from '../functions/core/programs.js';
import { runSimulation } from '../functions/sim/run-simulation.js';
import { generateSample, writeEventsFile } from '../functions/sim/sample-world.js';
import type { SimulationSummary } from '../functions/sim/summary.js';
import type { BenchRow } from './row.js';
import { PROGRAM_FILE, sampleWorld, shippedPrograms } from './usage-stream.js';

const TARGET_SECONDS = 20;

export interface SimulationMeasurement {
  readonly accounts: number;
  readonly months: number;
  readonly events: number;
  /** Contacts at the start of the replay (the sample's people), for the cost rows' workload. */
  readonly contacts: number;
  readonly elapsedMs: number;
  /** CPU time of the process over the same span (user + system): steadier than wall time on a shared machine. */
  readonly cpuMs: number;
  readonly generateMs: number;
  readonly simulatedMs: number;
  readonly summary: SimulationSummary;
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

async function simulate(smoke: boolean): Promise<SimulationMeasurement> {
  const world = await sampleWorld(smoke ? { accounts: 20, months: 1 } : { accounts: 1_000, months: 6 });
  const generateStarted = performance.now();
  const sample = generateSample(world, defaultProgramOf(shippedPrograms()));
  const generateMs = performance.now() - generateStarted;
  const dir = await mkdtemp(join(tmpdir(), 'teichaku-bench-'));
  try {
    const eventsFile = join(dir, 'events.jsonl');
    await writeEventsFile(eventsFile, sample.events);
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const { summary } = await runSimulation({
      eventsFile,
      from: sample.from,
      until: sample.until,
      outDir: join(dir, 'out'),
      programFile: PROGRAM_FILE,
      services: 'memory',
    });
    return {
      accounts: world.accounts,
      months: world.months,
      events: sample.events.length,
      contacts: sample.accounts.reduce((n, a) => n + a.contacts.length, 0),
      elapsedMs: performance.now() - started,
      cpuMs: cpuMsSince(cpuStarted),
      generateMs,
      simulatedMs: Date.parse(sample.until) - Date.parse(sample.from),
      summary,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const CHILD_FLAG = '--simulation-child';

/**
 * The replay in a process of its own, as a user's `teichaku simulate` runs: the rows before it leave
 * a heap full of their own data and inline caches shaped by their own calls, which cost this row
 * up to twice its CPU when it ran in the bench's process.
 */
async function simulateInChild(smoke: boolean): Promise<SimulationMeasurement> {
  const args = ['--import', 'tsx', fileURLToPath(import.meta.url), CHILD_FLAG, ...(smoke ? ['--smoke'] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const code = await new Promise<number | null>((done, fail) => child.on('error', fail).on('close', done));
  if (code !== 0) throw new Error(`the full simulation's process ended with code ${code}`);
  return JSON.parse(out) as SimulationMeasurement;
}

const measured = new Map<boolean, Promise<SimulationMeasurement>>();

/** Run once per bench: the monthly cost row takes its workload (emails per account) from it. */
export function simulationMeasurement(options: { smoke: boolean }): Promise<SimulationMeasurement> {
  let pending = measured.get(options.smoke);
  if (pending === undefined) {
    pending = simulateInChild(options.smoke);
    measured.set(options.smoke, pending);
  }
  return pending;
}

if (
  process.argv[1] !== undefined &&
  fileURLToPath(import.meta.url) === process.argv[1] &&
  process.argv.includes(CHILD_FLAG)
) {
  process.stdout.write(JSON.stringify(await simulate(process.argv.includes('--smoke'))));
}

export async function measure(options: { smoke: boolean }): Promise<BenchRow[]> {
  const m = await simulationMeasurement(options);
  const seconds = m.elapsedMs / 1000;
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  return [
    {
      measure: `full local simulation, ${fmt(m.accounts)} accounts × ${m.months} months, memory services`,
      value: `${seconds.toFixed(1)} s`,
      baseline: `${(m.simulatedMs / 86_400_000).toFixed(0)} days on the virtual clock`,
      ratio: `${fmt(m.simulatedMs / m.elapsedMs)}× real time`,
      target: `≤ ${TARGET_SECONDS} s`,
      holds: options.smoke ? null : seconds <= TARGET_SECONDS,
      figures: {
        accounts: m.accounts,
        months: m.months,
        contacts: m.contacts,
        events: m.events,
        eventsReplayed: m.summary.eventsReplayed,
        emailsSent: m.summary.touches,
        signals: m.summary.signals,
        milestonesReached: m.summary.milestonesReached,
        elapsedMs: Math.round(m.elapsedMs),
        cpuMs: Math.round(m.cpuMs),
        eventsPerSecond: Math.round(m.summary.eventsReplayed / seconds),
        sampleGenerationMs: Math.round(m.generateMs),
        plannerFailures: m.summary.plannerFailures,
        sendDeadLetters: m.summary.sendDeadLetters,
      },
    },
  ];
}
