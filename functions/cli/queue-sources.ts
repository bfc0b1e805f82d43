// Where `teichaku queue` reads the accounts: a run's output folder (accounts.jsonl, the run's end from
// report.json) or the deployed table (one Scan, account items only).
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type ScanProgress, scanTable } from '../adapters/dynamodb-table-scan.js';
import { readTableItem } from '../adapters/table-items.js';
import type { AccountState } from '../core/state.js';

function runFile(dir: string, name: string): string {
  const path = join(dir, name);
  if (!existsSync(path))
    throw new Error(`${path} is missing: --from-run takes the --out folder of \`teichaku simulate\` or \`npm start\``);
  return path;
}

/** The end of the run (report.json's window), the instant its queue is read at. */
export function runEnd(dir: string): string {
  const path = runFile(dir, 'report.json');
  const until = (JSON.parse(readFileSync(path, 'utf8')) as { window?: { until?: unknown } }).window?.until;
  if (typeof until !== 'string') throw new Error(`${path}: no window.until; is this a teichaku run's report.json?`);
  return until;
}

/** Each account state of a run's accounts.jsonl, one at a time. */
export async function statesFromRun(dir: string, onState: (state: AccountState) => void): Promise<number> {
  const path = runFile(dir, 'accounts.jsonl');
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  for await (const line of lines) {
    n += 1;
    if (line.trim() === '') continue;
    let state: unknown;
    try {
      state = (JSON.parse(line) as { state?: unknown }).state;
    } catch {
      throw new Error(`${path}:${n}: not a JSON line; is this a teichaku run's accounts.jsonl?`);
    }
    if (typeof state !== 'object' || state === null || typeof (state as { accountId?: unknown }).accountId !== 'string')
      throw new Error(`${path}:${n}: no account state on this line`);
    onState(state as AccountState);
  }
  return n;
}

/** Each account state of the deployed table, one at a time (other items are skipped). */
export function statesFromTable(
  client: DynamoDBClient,
  tableName: string,
  onState: (state: AccountState) => void,
): Promise<ScanProgress> {
  return scanTable(client, { tableName }, (raw) => {
    const item = readTableItem(raw);
    if (item.kind === 'account') onState(item.state);
  });
}
