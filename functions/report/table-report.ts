// The KPI report from a teichaku table: one parallel Scan collects the accounts' states, the touches
// that left (with SES's acceptance time) and the stored weekly readings; the report is then built by
// the same code as `teichaku simulate`'s. Used by `teichaku report --table` and the weekly report λ.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { type ScanProgress, scanTable, type TableScanOptions } from '../adapters/dynamodb-table-scan.js';
import { readTableItem } from '../adapters/table-items.js';
import type { Program } from '../core/program.js';
import type { Programs } from '../core/programs.js';
import type { AccountState } from '../core/state.js';
import { DAY_MS, toIso, toMs } from '../core/time.js';
import { buildReportData, type ReportData, type SentTouch } from './report-data.js';
import { takeSnapshot, type UsageSnapshot } from './usage-snapshot.js';

/** The window a report covers when none is given: half a year back from now, one adoption. */
export const DEFAULT_REPORT_DAYS = 182;

export function defaultReportWindow(until: string): { readonly from: string; readonly until: string } {
  return { from: toIso(toMs(until) - DEFAULT_REPORT_DAYS * DAY_MS), until };
}

const Reading = z.object({
  at: z.string(),
  inAdoption: z.number(),
  atRisk: z.number(),
  usageDrop: z.number(),
  activeAccounts: z.number(),
  dauMau: z.number().nullable(),
  activeDays30: z.number().nullable(),
  meanScore: z.number().nullable(),
}) satisfies z.ZodType<UsageSnapshot>;

export interface TableContents {
  readonly accounts: readonly AccountState[];
  readonly touches: readonly SentTouch[];
  readonly readings: readonly UsageSnapshot[];
}

/** Reads every item once and keeps what the report needs. */
export async function readTableContents(
  client: DynamoDBClient,
  options: TableScanOptions,
): Promise<TableContents & { readonly scan: ScanProgress }> {
  const accounts: AccountState[] = [];
  const touches: SentTouch[] = [];
  const readings: UsageSnapshot[] = [];
  const scan = await scanTable(client, options, (raw) => {
    const item = readTableItem(raw);
    switch (item.kind) {
      case 'account':
        accounts.push(item.state);
        break;
      case 'touch':
        if (item.touch.sentAt !== null)
          touches.push({
            sentAt: item.touch.sentAt,
            accountId: item.touch.accountId,
            contactId: item.touch.contactId,
            kind: item.touch.kind,
          });
        break;
      case 'reading': {
        const parsed = Reading.safeParse(item.reading);
        if (parsed.success) readings.push(parsed.data);
        break;
      }
      case 'plan':
      case 'other':
        break;
      default: {
        const unknown: never = item;
        throw new Error(`unhandled table item ${JSON.stringify(unknown)}`);
      }
    }
  });
  return { accounts, touches, readings, scan };
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The report over [from, until): touches sent in the window, the stored readings in it, and a reading
 * of the accounts as they stand at `until` when none was stored for that instant.
 */
export function tableReport(
  contents: TableContents,
  program: Program | Programs,
  window: { readonly from: string; readonly until: string },
): ReportData {
  const { from, until } = window;
  const accounts = [...contents.accounts].sort((a, b) => byText(a.accountId, b.accountId));
  const touches = contents.touches
    .filter((t) => t.sentAt >= from && t.sentAt < until)
    .sort(
      (a, b) =>
        byText(a.sentAt, b.sentAt) ||
        byText(a.accountId, b.accountId) ||
        byText(a.contactId, b.contactId) ||
        byText(a.kind, b.kind),
    );
  const readings = contents.readings.filter((r) => r.at > from && r.at <= until).sort((a, b) => byText(a.at, b.at));
  const untilIso = toIso(toMs(until));
  const snapshots = readings.some((r) => toMs(r.at) === toMs(until))
    ? readings
    : [...readings, takeSnapshot(accounts, program, untilIso)];
  return buildReportData({ program, from, until, accounts, touches, snapshots });
}
