// `npm run bench`: measures teichaku side by side with the naive alternative, in one run.
// Prints a table to stdout and writes bench/results.json. `--smoke` runs every row at tiny sizes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './row.js';

/** Rows in the order they are printed; each module exports `measure(options): Promise<BenchRow[]>`. */
const ROWS: ReadonlyArray<() => Promise<{ measure(options: { smoke: boolean }): Promise<BenchRow[]> }>> = [
  () => import('./engine-throughput.js'),
  () => import('./render.js'),
  () => import('./dynamodb-writes.js'),
  () => import('./planner-reads.js'),
  () => import('./report-reads.js'),
  () => import('./load-model.js'),
  () => import('./full-simulation.js'),
  () => import('./start-local.js'),
  () => import('./cost-model.js'),
];

export async function runBench(options: { smoke: boolean }): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const load of ROWS) rows.push(...(await (await load()).measure(options)));
  return rows;
}

export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['measure', 'teichaku', 'side by side', 'ratio', 'target', 'holds'];
  const lines = rows.map((r) => [
    r.measure,
    r.value,
    r.baseline ?? '—',
    r.ratio ?? '—',
    r.target,
    r.holds === null ? '—' : r.holds ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)));
  const fmt = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...lines.map(fmt)].join('\n');
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const smoke = process.argv.includes('--smoke');
  const rows = await runBench({ smoke });
  console.log(formatTable(rows));
  const out = join(dirname(fileURLToPath(import.meta.url)), 'results.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ at: new Date().toISOString(), node: process.version, smoke, rows }, null, 2)}\n`,
  );
  console.log(`\nwritten: bench/results.json`);
}
