// `teichaku report --table`: the KPI report (report.html + report.json) from a deployed table, built
// by the same code as `teichaku simulate`'s. One parallel Scan, at a bounded read rate, with progress.
import { mkdir } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { DEFAULT_SCAN_SEGMENTS, type ScanProgress } from '../adapters/dynamodb-table-scan.js';
import { loadReplayContent } from '../build/replay-content.js';
import { Instant } from '../core/events.js';
import { defaultReportWindow, readTableContents, tableReport } from '../report/table-report.js';
import { writeReport } from '../report/write-report.js';
import { TableFlags, tableAccessError, tableClient } from './table-access.js';

export const ReportFlags = TableFlags.extend({
  out: z.string().min(1, 'must name the output folder'),
  maxReadUnits: z.coerce
    .number({ message: 'must be a number of read units per second' })
    .positive('must be a positive number of read units per second')
    .optional(),
  segments: z.coerce
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(1)
    .max(1000)
    .default(DEFAULT_SCAN_SEGMENTS),
  from: Instant.optional(),
  until: Instant.optional(),
  program: z.string().min(1).default('templates/program.yaml'),
});
export type ReportFlags = z.infer<typeof ReportFlags>;

const flagName = (key: PropertyKey) => `--${String(key).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

export function parseReportFlags(raw: unknown): ReportFlags {
  const parsed = ReportFlags.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new Error(
    `report: ${parsed.error.issues.map((i) => `${flagName(i.path[0] ?? '?')} ${i.code === 'invalid_type' && i.input === undefined ? 'is required' : i.message}`).join('; ')}`,
  );
}

/** Progress on stderr: rewritten in place on a terminal, a line every few seconds elsewhere. */
function scanProgress(stream: NodeJS.WriteStream = process.stderr): { update(p: ScanProgress): void; stop(): void } {
  let lastMs = 0;
  let shown = false;
  const text = (p: ScanProgress) =>
    `reading the table: ${p.items.toLocaleString('en-US')} items, ${p.readUnits.toFixed(0)} read units, ${p.segmentsDone}/${p.segments} segments done`;
  return {
    update(p) {
      const now = performance.now();
      if (stream.isTTY) {
        stream.write(`\r${text(p)}`);
        shown = true;
      } else if (now - lastMs > 5_000 || p.segmentsDone === p.segments) {
        stream.write(`${text(p)}\n`);
        lastMs = now;
      }
    },
    stop() {
      if (shown) stream.write('\n');
    },
  };
}

export async function runReport(
  flags: ReportFlags,
): Promise<{ readonly html: string; readonly json: string; readonly scan: ScanProgress }> {
  const until = flags.until ?? new Date().toISOString();
  const window = flags.from === undefined ? defaultReportWindow(until) : { from: flags.from, until };
  if (Date.parse(window.from) >= Date.parse(window.until))
    throw new Error(`report: --from ${window.from} is not before --until ${window.until}`);
  const content = await loadReplayContent(flags.program, window.until);
  const client = tableClient(flags);
  const progress = scanProgress();
  try {
    const contents = await readTableContents(
      client,
      {
        tableName: flags.table,
        segments: flags.segments,
        ...(flags.maxReadUnits === undefined ? {} : { maxReadUnitsPerSecond: flags.maxReadUnits }),
        onProgress: (p) => progress.update(p),
      },
      { program: content.programs, window },
    ).catch((error: unknown) => {
      throw tableAccessError(error, flags);
    });
    await mkdir(flags.out, { recursive: true });
    const written = await writeReport(flags.out, tableReport(contents, content.programs, window));
    return { ...written, scan: contents.scan };
  } finally {
    progress.stop();
    client.destroy();
  }
}

export function register(program: Command): void {
  program
    .command('report')
    .description('write the KPI report (report.html, report.json) from a deployed teichaku table')
    .requiredOption('--table <name>', 'the teichaku table (the stack output TableName)')
    .option('--region <region>', 'its AWS region (default: AWS_REGION)')
    .requiredOption('--out <dir>', 'where report.html and report.json go')
    .option('--max-read-units <n>', 'read capacity units per second the scan may use (default: no bound)')
    .option('--segments <n>', 'parallel Scan segments', String(DEFAULT_SCAN_SEGMENTS))
    .option('--from <ISO>', 'start of the report window (default: 182 days before --until)')
    .option('--until <ISO>', 'end of the report window, exclusive (default: now)')
    .option('--program <file>', 'the program the table was run with', 'templates/program.yaml')
    .option('--endpoint <url>', 'a DynamoDB endpoint other than AWS (DynamoDB Local; or AWS_ENDPOINT_URL_DYNAMODB)')
    .action(async (raw: unknown) => {
      const result = await runReport(parseReportFlags(raw));
      process.stdout.write(
        `read ${result.scan.items.toLocaleString('en-US')} items (${result.scan.readUnits.toFixed(1)} read units, ${result.scan.pages} pages)\nreport: ${result.html}\n        ${result.json}\n`,
      );
    });
}
