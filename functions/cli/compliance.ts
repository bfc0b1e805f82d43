// `teichaku compliance export`: one account's compliance record (the basis stated for each contact,
// every opt-out with its time and channel, removals) and every promotional email with the basis it
// relied on, as JSON and CSV for an audit. From a replay's output folder or from the deployed table.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import {
  type AccountCompliance,
  COMPLIANCE_FILE,
  complianceFromRun,
  complianceFromTable,
} from '../adapters/compliance-export.js';
import { Id } from '../core/events.js';
import { complianceCsv } from './compliance-csv.js';
import { TableFlags, tableAccessError, tableClient } from './table-access.js';

export const ComplianceExportFlags = z
  .object({
    account: Id,
    fromRun: z.string().min(1).optional(),
    table: TableFlags.shape.table.optional(),
    /** The deployed compliance table (the stack's ComplianceTableName output); default: --table. */
    complianceTable: TableFlags.shape.table.optional(),
    region: TableFlags.shape.region,
    endpoint: TableFlags.shape.endpoint,
    out: z.string().min(1).default('.'),
  })
  .refine((f) => (f.fromRun === undefined) !== (f.table === undefined), {
    path: ['from-run'],
    message: 'or --table must be given (one of them)',
  });
export type ComplianceExportFlags = z.infer<typeof ComplianceExportFlags>;

const flagName = (key: PropertyKey) => `--${String(key).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

export function parseComplianceExportFlags(raw: unknown): ComplianceExportFlags {
  const parsed = ComplianceExportFlags.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new Error(
    `compliance export: ${parsed.error.issues.map((i) => `${flagName(i.path[0] ?? '?')} ${i.code === 'invalid_type' && i.input === undefined ? 'is required' : i.message}`).join('; ')}`,
  );
}

export interface ComplianceExportFiles {
  readonly json: string;
  readonly csv: string;
  readonly data: AccountCompliance;
}

export async function exportCompliance(
  flags: ComplianceExportFlags,
  now: Date = new Date(),
): Promise<ComplianceExportFiles> {
  let data: AccountCompliance;
  let source: string;
  if (flags.fromRun !== undefined) {
    data = await complianceFromRun(join(flags.fromRun, COMPLIANCE_FILE), flags.account);
    source = `replay output ${flags.fromRun}`;
  } else {
    const table = { table: flags.table as string, region: flags.region, endpoint: flags.endpoint };
    const client = tableClient(table);
    try {
      data = await complianceFromTable(client, table.table, flags.account, flags.complianceTable ?? table.table).catch(
        (error: unknown) => {
          throw tableAccessError(error, table);
        },
      );
    } finally {
      client.destroy();
    }
    source = `table ${table.table}${flags.complianceTable === undefined ? '' : `, compliance table ${flags.complianceTable}`}`;
  }
  const out = resolve(flags.out);
  await mkdir(out, { recursive: true });
  const base = join(out, `compliance-${flags.account}`);
  const document = {
    format: 1,
    accountId: flags.account,
    exportedAt: now.toISOString(),
    source,
    entries: data.entries,
    promotionalTouches: data.promotionalTouches,
    surveyAnswers: data.surveyAnswers,
  };
  await writeFile(`${base}.json`, `${JSON.stringify(document, null, 2)}\n`, 'utf8');
  await writeFile(`${base}.csv`, complianceCsv(data), 'utf8');
  return { json: `${base}.json`, csv: `${base}.csv`, data };
}

export function register(program: Command): void {
  const compliance = program
    .command('compliance')
    .description('the compliance record (Act on Specified Electronic Mail): bases, opt-outs, promotional email');
  compliance
    .command('export')
    .description('write one account’s compliance record as JSON and CSV, for an audit')
    .requiredOption('--account <id>', 'the account id')
    .option('--from-run <dir>', 'the --out folder of `teichaku simulate` or `npm start`')
    .option('--table <name>', 'or the deployed teichaku table (the stack output TableName)')
    .option(
      '--compliance-table <name>',
      'with --table: the deployed compliance table (the stack output ComplianceTableName)',
    )
    .option('--region <region>', 'the table’s AWS region (default: AWS_REGION)')
    .option('--endpoint <url>', 'a DynamoDB endpoint other than AWS (DynamoDB Local; or AWS_ENDPOINT_URL_DYNAMODB)')
    .option('--out <dir>', 'where compliance-<account>.json and .csv go', '.')
    .action(async (raw: unknown) => {
      const files = await exportCompliance(parseComplianceExportFlags(raw));
      const { entries, promotionalTouches } = files.data;
      process.stdout.write(
        `${entries.length} record entries, ${promotionalTouches.length} promotional emails\njson: ${files.json}\ncsv:  ${files.csv}\n`,
      );
    });
}
