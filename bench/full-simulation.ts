// Bench row: the whole job on one machine. The sample world at 1,000 accounts over 6 months, replayed
// by `teichaku simulate`'s own code (runSimulation: the real handlers, hourly planner runs, the sender,
// the report) on in-memory services. Timed from reading the events file to the written report, as a
// user running `teichaku simulate --services memory` waits for it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultProgramOf } from '../functions/core/programs.js';
import { runSimulation } from '../functions/sim/run-simulation.js';
import { generateSample, writeEventsFile } from '../functions/sim/sample-world.js';
import type { SimulationSummary } from '../functions/sim/summary.js';
import type { BenchRow } from './row.js';
import { PROGRAM_FILE, sampleWorld, shippedPrograms } from './usage-stream.js';

const TARGET_SECONDS = 60;

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

const measured = new Map<boolean, Promise<SimulationMeasurement>>();

/** Run once per process: the monthly cost row takes its workload (emails per account) from it. */
export function simulationMeasurement(options: { smoke: boolean }): Promise<SimulationMeasurement> {
  let pending = measured.get(options.smoke);
  if (pending === undefined) {
    pending = simulate(options.smoke);
    measured.set(options.smoke, pending);
  }
  return pending;
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
