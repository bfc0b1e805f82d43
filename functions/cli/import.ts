// `teichaku import --csv <file>`: a first deployment's accounts and contacts, as ordinary Account
// Upserted and Contact Upserted events. They are written one per line to --out (the file
// `teichaku simulate --events` reads), and with --bus also put on that EventBridge bus, ten per call.
// A bad row is reported with its line and field; with any bad row nothing is written or sent.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { Command } from 'commander';
import { z } from 'zod';
import { formatImportProblem, importCsv } from '../core/csv-import.js';
import { TeichakuError } from '../core/errors.js';

export class ImportError extends TeichakuError {
  readonly code = 'IMPORT';
  override readonly name = 'ImportError';
}

export const ImportFlags = z.object({
  csv: z.string().min(1, 'must name the CSV file'),
  out: z.string().min(1).default('out/import/events.jsonl'),
  source: z.string().min(1).max(256).default('com.example.product'),
  bus: z.string().min(1).max(256).optional(),
});
export type ImportFlags = z.infer<typeof ImportFlags>;

/** EventBridge takes at most ten entries per PutEvents call. */
const PUT_BATCH = 10;

export interface ImportRun {
  readonly events: number;
  readonly rows: number;
  readonly problems: readonly string[];
  readonly sent: number;
}

export async function runImport(
  flags: ImportFlags,
  now: string = new Date().toISOString(),
  client?: Pick<EventBridgeClient, 'send'>,
): Promise<ImportRun> {
  let text: string;
  try {
    text = readFileSync(flags.csv, 'utf8');
  } catch {
    throw new ImportError(`CSV file ${flags.csv} cannot be read (does it exist?)`);
  }
  const result = importCsv(text, { source: flags.source, at: now });
  const problems = result.problems.map(formatImportProblem);
  if (problems.length > 0) return { events: 0, rows: result.rows, problems, sent: 0 };
  mkdirSync(dirname(flags.out), { recursive: true });
  writeFileSync(flags.out, result.events.map((e) => `${JSON.stringify(e)}\n`).join(''));
  let sent = 0;
  if (flags.bus !== undefined) {
    const eventBridge = client ?? new EventBridgeClient({});
    for (let i = 0; i < result.events.length; i += PUT_BATCH) {
      const batch = result.events.slice(i, i + PUT_BATCH);
      const response = await eventBridge.send(
        new PutEventsCommand({
          Entries: batch.map((e) => ({
            EventBusName: flags.bus,
            Source: String(e.source),
            DetailType: String(e['detail-type']),
            Time: new Date(String(e.time)),
            Detail: JSON.stringify(e.detail),
          })),
        }),
      );
      const failed = response.FailedEntryCount ?? 0;
      if (failed > 0)
        throw new ImportError(
          `EventBridge refused ${failed} of events ${i + 1}–${i + batch.length} (${sent} sent before); the file ${flags.out} holds them all, and a re-run sends them again (ingest applies each event id once)`,
        );
      sent += batch.length;
    }
  }
  return { events: result.events.length, rows: result.rows, problems: [], sent };
}

export function register(program: Command): void {
  program
    .command('import')
    .description('bulk import of accounts and contacts from CSV, as Account Upserted and Contact Upserted events')
    .requiredOption('--csv <file>', 'the CSV file: a header row, then one account or contact per row')
    .option(
      '--out <file.jsonl>',
      'where the events go, one per line (teichaku simulate --events reads it)',
      'out/import/events.jsonl',
    )
    .option('--source <source>', 'the source the events carry (the deployment’s eventSource)', 'com.example.product')
    .option('--bus <name>', 'also put the events on this EventBridge bus')
    .action(async (raw: unknown) => {
      const parsed = ImportFlags.safeParse(raw);
      if (!parsed.success)
        throw new ImportError(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
      const run = await runImport(parsed.data);
      if (run.problems.length > 0) {
        process.stderr.write(
          `${run.problems.join('\n')}\n\n${run.problems.length} problem(s) in ${run.rows} rows; nothing written\n`,
        );
        process.exitCode = 1;
        return;
      }
      process.stdout.write(
        `${run.events} events from ${run.rows} rows written to ${parsed.data.out}${parsed.data.bus === undefined ? '' : `; ${run.sent} put on ${parsed.data.bus}`}\n`,
      );
    });
}
