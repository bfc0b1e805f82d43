// Bench rows: the report's peak memory and time per 100,000 accounts, as it reads now (each account
// folded into its report row) and as it read before (every state kept), and what that makes of one
// report function at 1,000,000 accounts, with the ceiling it implies.
//
// Each run is a process of its own (report-memory-child.ts) over a synthetic table made of the
// replayed sample's items, repeated under new account ids; its peak is the kernel's maximum resident
// set of that process (getrusage, what `/usr/bin/time -v` prints), so the figure includes Node itself.
// Time is CPU time (the machine is shared; waiting for a core is not the report's cost). Two sizes
// give the growth per account; the figures at 1,000,000 are that growth carried on, and the Scan's time is the read units per account at the function's read rate (`weeklyReport.
// maxReadUnitsPerSecond`, 1,000 by default).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ChildResult } from './report-memory-child.js';
import { encodeTemplate, type ReportTemplate } from './report-template.js';
import type { BenchRow } from './row.js';

/** Lambda's largest function and longest run. */
export const LAMBDA_MAX_MEMORY_MB = 10_240;
export const LAMBDA_MAX_SECONDS = 900;
/** What the weekly report function is given today (infra/weekly-report.ts). */
export const REPORT_FUNCTION_MB = 3_008;
/** `weeklyReport.maxReadUnitsPerSecond`'s default. */
export const DEFAULT_REPORT_READ_UNITS = 1_000;

const HERE = dirname(fileURLToPath(import.meta.url));
const run = promisify(execFile);

async function child(mode: 'fold' | 'states', templateFile: string, accounts: number): Promise<ChildResult> {
  const { stdout } = await run(
    process.execPath,
    [
      '--max-old-space-size=16384',
      '--import',
      'tsx',
      join(HERE, 'report-memory-child.ts'),
      mode,
      templateFile,
      String(accounts),
    ],
    // tsx is resolved from the repository's node_modules, whatever the caller's working directory.
    { maxBuffer: 1 << 20, cwd: join(HERE, '..') },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) as string) as ChildResult;
}

export interface Growth {
  /** Per account (time: CPU time, which the machine's other work does not stretch). */
  readonly mbPerAccount: number;
  readonly msPerAccount: number;
  /** At no account: Node, the program and the report's fixed part. */
  readonly baseMb: number;
  readonly baseMs: number;
}

export function growthOf(small: ChildResult, large: ChildResult): Growth {
  const n = large.accounts - small.accounts;
  const mbPerAccount = Math.max(0, (large.maxRssMb - small.maxRssMb) / n);
  const msPerAccount = Math.max(0, (large.reportCpuMs - small.reportCpuMs) / n);
  return {
    mbPerAccount,
    msPerAccount,
    baseMb: Math.max(0, large.maxRssMb - mbPerAccount * large.accounts),
    baseMs: Math.max(0, large.reportCpuMs - msPerAccount * large.accounts),
  };
}

export interface ReportCeiling {
  readonly accounts: number;
  readonly peakMb: number;
  readonly cpuSeconds: number;
  readonly scanSeconds: number;
  /** Accounts one function can report on: the smaller of its memory's and its 15 minutes' limit. */
  readonly ceilingAccounts: number;
  readonly memoryCeilingAccounts: number;
  readonly timeCeilingAccounts: number;
  /** The read rate at which a Scan of `accounts` would end within the time left after the CPU's. */
  readonly readUnitsNeeded: number | null;
}

export function reportAt(
  accounts: number,
  growth: Growth,
  readUnitsPerAccount: number,
  readUnitsPerSecond: number,
): ReportCeiling {
  const secondsPerAccount = growth.msPerAccount / 1000 + readUnitsPerAccount / readUnitsPerSecond;
  const cpuSeconds = (growth.baseMs + growth.msPerAccount * accounts) / 1000;
  const memoryCeilingAccounts =
    growth.mbPerAccount === 0 ? Number.MAX_SAFE_INTEGER : (LAMBDA_MAX_MEMORY_MB - growth.baseMb) / growth.mbPerAccount;
  const timeCeilingAccounts = (LAMBDA_MAX_SECONDS - growth.baseMs / 1000) / secondsPerAccount;
  const left = LAMBDA_MAX_SECONDS - cpuSeconds;
  return {
    accounts,
    peakMb: growth.baseMb + growth.mbPerAccount * accounts,
    cpuSeconds,
    scanSeconds: (readUnitsPerAccount * accounts) / readUnitsPerSecond,
    ceilingAccounts: Math.floor(Math.min(memoryCeilingAccounts, timeCeilingAccounts)),
    memoryCeilingAccounts: Math.floor(memoryCeilingAccounts),
    timeCeilingAccounts: Math.floor(timeCeilingAccounts),
    readUnitsNeeded: left > 0 ? (readUnitsPerAccount * accounts) / left : null,
  };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const gb = (mb: number) => `${(mb / 1024).toFixed(mb < 1024 ? 2 : 1)} GB`;

export async function measureReportMemory(options: {
  readonly smoke: boolean;
  readonly template: ReportTemplate;
  /** Read units the report's Scan used per account on the replayed table. */
  readonly readUnitsPerAccount: number;
}): Promise<BenchRow[]> {
  const sizes = options.smoke ? [40, 200] : [5_000, 25_000];
  const scale = 100_000;
  const dir = mkdtempSync(join(tmpdir(), 'teichaku-bench-report-memory-'));
  try {
    const file = join(dir, 'template.json');
    writeFileSync(file, encodeTemplate(options.template));
    // One run at a time: two at once would share the machine's memory and CPU and blur both.
    const fold: ChildResult[] = [];
    const states: ChildResult[] = [];
    for (const n of sizes) fold.push(await child('fold', file, n));
    for (const n of sizes) states.push(await child('states', file, n));
    const [foldSmall, foldLarge] = fold as [ChildResult, ChildResult];
    const [statesSmall, statesLarge] = states as [ChildResult, ChildResult];
    const now = growthOf(foldSmall, foldLarge);
    const before = growthOf(statesSmall, statesLarge);
    const atScale = (g: Growth) => ({
      mb: g.baseMb + g.mbPerAccount * scale,
      s: (g.baseMs + g.msPerAccount * scale) / 1000,
    });
    const now100k = atScale(now);
    const before100k = atScale(before);
    const rate = DEFAULT_REPORT_READ_UNITS;
    const million = reportAt(1_000_000, now, options.readUnitsPerAccount, rate);
    const beforeMillion = reportAt(1_000_000, before, options.readUnitsPerAccount, rate);
    const sameFigures =
      foldLarge.reportAccounts === statesLarge.reportAccounts && foldLarge.reportTouches === statesLarge.reportTouches;
    return [
      {
        measure: `report peak memory and time per ${fmt(scale)} accounts (the replayed sample's items, repeated; measured at ${fmt(foldLarge.accounts)})`,
        value: `${gb(now100k.mb)} peak, ${now100k.s.toFixed(1)} s CPU to read, fold and build (${(now.mbPerAccount * 1024).toFixed(1)} KB per account)`,
        baseline: `every state kept (before): ${gb(before100k.mb)}, ${before100k.s.toFixed(1)} s CPU (${(before.mbPerAccount * 1024).toFixed(1)} KB per account)`,
        ratio: `${(before.mbPerAccount / Math.max(now.mbPerAccount, 1e-9)).toFixed(1)} × less memory per account`,
        target: `${fmt(scale)} accounts within the function's ${fmt(REPORT_FUNCTION_MB)} MB`,
        holds: options.smoke ? null : now100k.mb < REPORT_FUNCTION_MB && sameFigures,
        figures: {
          accountsSmall: foldSmall.accounts,
          accountsLarge: foldLarge.accounts,
          itemsLarge: foldLarge.items,
          foldPeakMbSmall: foldSmall.maxRssMb,
          foldPeakMbLarge: foldLarge.maxRssMb,
          foldMsSmall: foldSmall.reportMs,
          foldMsLarge: foldLarge.reportMs,
          foldCpuMsSmall: foldSmall.reportCpuMs,
          foldCpuMsLarge: foldLarge.reportCpuMs,
          statesPeakMbSmall: statesSmall.maxRssMb,
          statesPeakMbLarge: statesLarge.maxRssMb,
          statesMsSmall: statesSmall.reportMs,
          statesMsLarge: statesLarge.reportMs,
          statesCpuMsSmall: statesSmall.reportCpuMs,
          statesCpuMsLarge: statesLarge.reportCpuMs,
          foldKbPerAccount: now.mbPerAccount * 1024,
          statesKbPerAccount: before.mbPerAccount * 1024,
          foldMsPerAccount: now.msPerAccount,
          statesMsPerAccount: before.msPerAccount,
          foldPeakMbAt100k: now100k.mb,
          statesPeakMbAt100k: before100k.mb,
          foldSecondsAt100k: now100k.s,
          statesSecondsAt100k: before100k.s,
          sameFigures: sameFigures ? 1 : 0,
        },
      },
      {
        measure: `report at 1,000,000 accounts, one function (model: growth per account above, Scan at ${fmt(rate)} RCU/s)`,
        value: `${gb(million.peakMb)} peak, ${fmt(million.cpuSeconds)} s CPU + ${fmt(million.scanSeconds)} s Scan (${options.readUnitsPerAccount.toFixed(2)} RCU per account)`,
        baseline: `every state kept: ${gb(beforeMillion.peakMb)}; ceiling ${fmt(beforeMillion.ceilingAccounts)} accounts`,
        ratio: `ceiling ${fmt(million.ceilingAccounts)} accounts per function (memory ${fmt(million.memoryCeilingAccounts)}, 15 min ${fmt(million.timeCeilingAccounts)}); 1,000,000 needs ${million.readUnitsNeeded === null ? 'the CLI' : `${fmt(million.readUnitsNeeded)} RCU/s`}`,
        target: `${fmt(LAMBDA_MAX_MEMORY_MB)} MB and ${LAMBDA_MAX_SECONDS} s (Lambda's limits); past them, teichaku report --table`,
        holds: null,
        figures: {
          accounts: million.accounts,
          peakMb: million.peakMb,
          cpuSeconds: million.cpuSeconds,
          scanSeconds: million.scanSeconds,
          readUnitsPerAccount: options.readUnitsPerAccount,
          readUnitsPerSecond: rate,
          ceilingAccounts: million.ceilingAccounts,
          memoryCeilingAccounts: million.memoryCeilingAccounts,
          timeCeilingAccounts: million.timeCeilingAccounts,
          readUnitsNeededForMillion: million.readUnitsNeeded ?? -1,
          statesPeakMbAtMillion: beforeMillion.peakMb,
          statesCeilingAccounts: beforeMillion.ceilingAccounts,
        },
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
