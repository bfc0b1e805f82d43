// The KPI report from a teichaku table: one parallel Scan reads the accounts' states, the touches
// that left (with SES's acceptance time) and the stored weekly readings, and folds each item into the
// report's figures as it is read: an account into its report row (its state is dropped at once), a
// touch into the touches' tally. Memory grows with those rows, not with the states. The report is then
// built by the same code as `teichaku simulate`'s. Used by `teichaku report --table` and the weekly
// report λ.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { type ScanProgress, scanTable, type TableScanOptions } from '../adapters/dynamodb-table-scan.js';
import { readTableItem, type TableItem } from '../adapters/table-items.js';
import type { Program } from '../core/program.js';
import type { Programs } from '../core/programs.js';
import { DAY_MS, toIso, toMs } from '../core/time.js';
import { featureActionsOf, type ReportAccount, reportAccountOf } from './report-account.js';
import { type ReportData, reportDataOf } from './report-data.js';
import { type TouchTally, touchCounter } from './touch-tally.js';
import { readingOf, type UsageSnapshot } from './usage-snapshot.js';

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

/** What the report is about: read before the scan, since each account is folded as it is read. */
export interface ReportScope {
  /** One program, or every program in rule order (the default last): each account is read by its own. */
  readonly program: Program | Programs;
  readonly window: { readonly from: string; readonly until: string };
}

/** What the report keeps of a table: a row per account, the touches' tally, the stored readings. */
export interface TableContents {
  readonly window: ReportScope['window'];
  /** The accounts with a profile, by id, each with its health as of the window's end. */
  readonly accounts: readonly ReportAccount[];
  /** The touches that left within the window. */
  readonly touches: TouchTally;
  readonly readings: readonly UsageSnapshot[];
}

export interface TableFold {
  /** Folds one item into the report's figures; the item is not kept. */
  add(item: TableItem): void;
  contents(): TableContents;
}

/** Keeps of each item only what the report needs, so memory grows with the rows, not the states. */
export function tableFold(scope: ReportScope): TableFold {
  const { program, window } = scope;
  const actions = featureActionsOf(program);
  const accounts: ReportAccount[] = [];
  const touches = touchCounter(window.from, window.until);
  const readings: UsageSnapshot[] = [];
  return {
    add(item) {
      switch (item.kind) {
        case 'account': {
          const row = reportAccountOf(item.state, program, window.until, actions);
          if (row !== null) accounts.push(row);
          break;
        }
        case 'touch': {
          const { sentAt, accountId, contactId, kind } = item.touch;
          if (sentAt !== null && sentAt >= window.from && sentAt < window.until)
            touches.add({ sentAt, accountId, contactId, kind });
          break;
        }
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
    },
    contents() {
      return {
        window,
        accounts: [...accounts].sort((a, b) => byText(a.accountId, b.accountId)),
        touches: touches.tally(),
        readings,
      };
    },
  };
}

/** Reads every item once and folds it into the report's figures as it goes. */
export async function readTableContents(
  client: DynamoDBClient,
  options: TableScanOptions,
  scope: ReportScope,
): Promise<TableContents & { readonly scan: ScanProgress }> {
  const fold = tableFold(scope);
  const scan = await scanTable(client, options, (raw) => fold.add(readTableItem(raw)));
  return { ...fold.contents(), scan };
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
  if (contents.window.from !== from || contents.window.until !== until)
    throw new Error(
      `the table was read for ${contents.window.from} – ${contents.window.until}, not for the report's ${from} – ${until}`,
    );
  const readings = contents.readings.filter((r) => r.at > from && r.at <= until).sort((a, b) => byText(a.at, b.at));
  const untilIso = toIso(toMs(until));
  const snapshots = readings.some((r) => toMs(r.at) === toMs(until))
    ? readings
    : [...readings, readingOf(contents.accounts, untilIso)];
  return reportDataOf({ program, from, until, accounts: contents.accounts, touches: contents.touches, snapshots });
}
