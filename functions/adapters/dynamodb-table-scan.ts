// Reads a whole table once with a parallel Scan: `segments` workers, each walking its own segment
// page by page, sharing one read budget of `maxReadUnitsPerSecond` (DynamoDB reports what each page
// consumed; a page that overdraws the budget makes every worker wait until it is paid back). One pass
// over the items, never a request per account.
import { type AttributeValue, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { realSleep, type Sleep } from './backoff.js';

export interface ScanProgress {
  readonly items: number;
  readonly readUnits: number;
  readonly pages: number;
  /** Segments that reached their end. */
  readonly segmentsDone: number;
  readonly segments: number;
}

export interface TableScanOptions {
  readonly tableName: string;
  /** Parallel Scan segments (1–1,000,000). */
  readonly segments?: number;
  /** Read capacity units per second the scan may consume on average (none: as fast as DynamoDB answers). */
  readonly maxReadUnitsPerSecond?: number;
  readonly onProgress?: (progress: ScanProgress) => void;
  readonly nowMs?: () => number;
  readonly sleep?: Sleep;
}

export const DEFAULT_SCAN_SEGMENTS = 4;

/** A read budget that may be overdrawn by one page: callers wait before their next page until it is positive. */
function readBudget(ratePerSecond: number | undefined, nowMs: () => number, sleep: Sleep) {
  let balance = ratePerSecond ?? 0;
  let at = nowMs();
  const refill = () => {
    if (ratePerSecond === undefined) return;
    const now = nowMs();
    balance = Math.min(ratePerSecond, balance + ((now - at) / 1000) * ratePerSecond);
    at = now;
  };
  return {
    async waitTurn(): Promise<void> {
      if (ratePerSecond === undefined) return;
      refill();
      while (balance < 0) {
        await sleep(Math.ceil((-balance / ratePerSecond) * 1000));
        refill();
      }
    },
    spend(units: number): void {
      refill();
      balance -= units;
    },
  };
}

/** Calls `onItem` for every item of the table; returns the totals read. */
export async function scanTable(
  client: DynamoDBClient,
  options: TableScanOptions,
  onItem: (item: Record<string, AttributeValue>) => void,
): Promise<ScanProgress> {
  const segments = options.segments ?? DEFAULT_SCAN_SEGMENTS;
  if (!Number.isInteger(segments) || segments < 1)
    throw new Error(`scan segments must be a positive integer, got ${segments}`);
  const rate = options.maxReadUnitsPerSecond;
  if (rate !== undefined && !(rate > 0))
    throw new Error(`the read rate must be a positive number of read units per second, got ${rate}`);
  const budget = readBudget(rate, options.nowMs ?? (() => performance.now()), options.sleep ?? realSleep);
  let items = 0;
  let readUnits = 0;
  let pages = 0;
  let segmentsDone = 0;
  const progress = (): ScanProgress => ({ items, readUnits, pages, segmentsDone, segments });

  async function walk(segment: number): Promise<void> {
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      await budget.waitTurn();
      const page = await client.send(
        new ScanCommand({
          TableName: options.tableName,
          Segment: segment,
          TotalSegments: segments,
          ExclusiveStartKey: startKey,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      const units = page.ConsumedCapacity?.CapacityUnits ?? 0;
      budget.spend(units);
      for (const item of page.Items ?? []) onItem(item);
      items += page.Items?.length ?? 0;
      readUnits += units;
      pages += 1;
      startKey = page.LastEvaluatedKey;
      if (startKey === undefined) segmentsDone += 1;
      options.onProgress?.(progress());
    } while (startKey !== undefined);
  }

  await Promise.all(Array.from({ length: segments }, (_, i) => walk(i)));
  return progress();
}
