// Bench row: `npm start` as someone who just cloned the repository waits for it. The command runs in
// a process of its own, as `npm start` runs it (`tsx functions/cli/start.ts`): it starts DynamoDB
// Local (a JVM) and the local SES, replays the bundled sample's 200 accounts over six months as a
// closed loop through the real use cases and adapters, and prints its summary. Timed from the spawn
// to the summary's last line, as a person at the terminal waits; the stop of the local services
// after it is reported apart.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './row.js';

const TARGET_SECONDS = 75;
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const START_SCRIPT = join(ROOT, 'functions', 'cli', 'start.ts');
/** The summary's last line before the services stop (functions/cli/start.ts). */
const SUMMARY_END = /^events: {6}/m;

export interface StartMeasurement {
  /** The sample's accounts replayed. */
  readonly accounts: number;
  readonly months: number | null;
  /** From the spawn to the summary printed. */
  readonly summaryMs: number;
  /** From the spawn to the process's exit (the local services stopped). */
  readonly exitMs: number;
  /** CPU time (user + system) of the command and the local services it started; null where unknown. */
  readonly cpuMs: number | null;
  readonly events: number;
  readonly emailsSent: number;
}

/** CPU time of this process's waited-for children (and theirs), from /proc; null off Linux. */
function childrenCpuMs(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command (which may hold spaces) start after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // cutime and cstime are fields 16 and 17 (1-based) of the whole line, in clock ticks (100 a second on Linux).
    const ticks = Number(fields[13]) + Number(fields[14]);
    return Number.isFinite(ticks) ? ticks * 10 : null;
  } catch {
    return null;
  }
}

function figure(summary: string, pattern: RegExp, what: string): number {
  const match = pattern.exec(summary);
  if (match?.[1] === undefined) throw new Error(`npm start's summary has no ${what}:\n${summary}`);
  return Number(match[1]);
}

export async function measureStart(options: { accounts?: number; months?: number }): Promise<StartMeasurement> {
  const out = await mkdtemp(join(tmpdir(), 'teichaku-bench-start-'));
  try {
    const args = ['--import', 'tsx', START_SCRIPT, '--out', join(out, 'sample')];
    if (options.accounts !== undefined) args.push('--accounts', String(options.accounts));
    if (options.months !== undefined) args.push('--months', String(options.months));
    const cpuBefore = childrenCpuMs();
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let summaryMs: number | null = null;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (summaryMs === null && SUMMARY_END.test(stdout)) summaryMs = performance.now() - started;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((done, fail) => child.on('error', fail).on('close', done));
    const exitMs = performance.now() - started;
    const cpuAfter = childrenCpuMs();
    if (code !== 0 || summaryMs === null)
      throw new Error(`npm start ended with code ${code} before its summary:\n${stderr.slice(-2_000)}`);
    return {
      // The summary counts the accounts that have a state by the end (a contract may start after it).
      accounts: options.accounts ?? figure(stdout, /^accounts: (\d+)/m, 'accounts'),
      months: options.months ?? null,
      summaryMs,
      exitMs,
      cpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
      events: figure(stdout, /^events: (\d+) replayed/m, 'events replayed'),
      emailsSent: figure(stdout, /^emails sent: (\d+)/m, 'emails sent'),
    };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

export async function measure(options: { smoke: boolean }): Promise<BenchRow[]> {
  // The sample world's own size (200 accounts, six months) unless smoking.
  const m = await measureStart(options.smoke ? { accounts: 3, months: 1 } : {});
  const seconds = m.summaryMs / 1000;
  return [
    {
      measure: `npm start on local services, ${m.accounts} accounts`,
      value: `${seconds.toFixed(1)} s to the summary`,
      baseline: `${(m.exitMs / 1000).toFixed(1)} s to the exit (services stopped)`,
      ratio: m.cpuMs === null ? '—' : `${(m.cpuMs / 1000).toFixed(1)} s CPU`,
      target: `≤ ${TARGET_SECONDS} s`,
      holds: options.smoke ? null : seconds <= TARGET_SECONDS,
      figures: {
        accounts: m.accounts,
        events: m.events,
        emailsSent: m.emailsSent,
        summaryMs: Math.round(m.summaryMs),
        exitMs: Math.round(m.exitMs),
        ...(m.cpuMs === null ? {} : { cpuMs: Math.round(m.cpuMs) }),
      },
    },
  ];
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const smoke = process.argv.includes('--smoke');
  const rows = await measure({ smoke });
  process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
}
