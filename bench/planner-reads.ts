// Bench row: items the planner reads to find the due accounts, at 100,000 accounts of which 1 % are
// due, against the real local DynamoDB. teichaku: the store's `listDue` (the planner's own call), a
// Query per due-index shard. Side by side: a Scan of the table filtered on the next due time. Both are
// counted from what DynamoDB returns: ScannedCount (items read), Count (items returned) and consumed
// capacity.
//
// The table is loaded with BatchWriteItem in the store's item layout. Each item carries a small packed
// state and a padding attribute that brings it to the mean size of a real account item (the sample
// world's accounts after six months of events, packed as the store packs them and sized by DynamoDB's
// rules): the Scan is billed by bytes, and writing padding is cheaper than packing 100,000 states.
import { type AttributeValue, BatchWriteItemCommand, ScanCommand, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { accountItem } from '../functions/adapters/account-item.js';
import { DEFAULT_DUE_SHARDS, DUE_INDEX } from '../functions/adapters/table-schema.js';
import { forEachLimited } from '../functions/app/concurrency.js';
import { defaultProgramOf } from '../functions/core/programs.js';
import { type AccountState, emptyAccountState } from '../functions/core/state.js';
import { itemSizeBytes, writeUnits } from './item-size.js';
import { type BenchTable, openTable, withLocalDynamo } from './local-table.js';
import type { BenchRow } from './row.js';
import { eventsByAccount, sampleWorld, shippedPrograms, stateAfter } from './usage-stream.js';

const TARGET_FACTOR = 1.1;
const DUE_SHARE = 0.01;
const NOW = '2027-03-01T09:00:00.000Z';
/** DynamoDB returns at most 1 MB per Scan page; segments are sized to about one page each. */
const SEGMENT_BYTES = 900_000;

/** The item `store.save` writes for this state (see functions/adapters/account-item.ts). */
function storedItem(state: AccountState, nextDueAt: string | null): Record<string, AttributeValue> {
  return accountItem(
    { ...state, version: state.version + 1, cadence: { ...state.cadence, nextDueAt } },
    DEFAULT_DUE_SHARDS,
  );
}

/** Account n of the table, `bytes` long; every 1/DUE_SHARE-th account is due. */
function nthItem(n: number, bytes: number): Record<string, AttributeValue> {
  const accountId = `bench-${String(n).padStart(6, '0')}`;
  const due = n % Math.round(1 / DUE_SHARE) === 0;
  // Due ones up to an hour before now; the others spread over the next 30 days.
  const offsetMs = due ? -((n % 6) + 1) * 600_000 : ((n * 7_919) % (30 * 24)) * 3_600_000 + 3_600_000;
  const nextDueAt = new Date(Date.parse(NOW) + offsetMs).toISOString();
  const empty = emptyAccountState(accountId, 'bench');
  const item = {
    ...accountItem(
      { ...empty, version: 7, phase: 'adoption', cadence: { step: 3, retryAt: null, nextDueAt } },
      DEFAULT_DUE_SHARDS,
    ),
    benchPadding: { S: '' },
  };
  return { ...item, benchPadding: { S: 'x'.repeat(Math.max(0, bytes - itemSizeBytes(item))) } };
}

async function load(table: BenchTable, accounts: number, itemBytes: number): Promise<void> {
  const chunks = Array.from({ length: Math.ceil(accounts / 25) }, (_, i) => i);
  await forEachLimited(chunks, 16, async (chunk) => {
    let requests: WriteRequest[] = [];
    for (let n = chunk * 25; n < Math.min(accounts, (chunk + 1) * 25); n++)
      requests.push({ PutRequest: { Item: nthItem(n, itemBytes) } });
    while (requests.length > 0) {
      const out = await table.client.send(new BatchWriteItemCommand({ RequestItems: { [table.name]: requests } }));
      requests = out.UnprocessedItems?.[table.name] ?? [];
    }
  });
  table.meter.reset();
}

/** A parallel Scan reads the same items, and is billed the same, as one sequential Scan; DynamoDB Local answers it far faster. */
async function scanDue(table: BenchTable, segments: number): Promise<number> {
  let found = 0;
  await forEachLimited(
    Array.from({ length: segments }, (_, i) => i),
    32,
    async (segment) => {
      let startKey: Record<string, AttributeValue> | undefined;
      do {
        const page = await table.client.send(
          new ScanCommand({
            TableName: table.name,
            FilterExpression: '#due <= :now',
            ExpressionAttributeNames: { '#due': DUE_INDEX.sortKey },
            ExpressionAttributeValues: { ':now': { S: NOW } },
            Segment: segment,
            TotalSegments: segments,
            ExclusiveStartKey: startKey,
          }),
        );
        found += page.Count ?? 0;
        startKey = page.LastEvaluatedKey;
      } while (startKey !== undefined);
    },
  );
  return found;
}

/** The loaded table, shared by every row measured at this scale. */
export interface ScaleTable {
  readonly table: BenchTable;
  readonly accounts: number;
  readonly dueAccounts: number;
  readonly now: string;
  /** Bytes of each account item, as DynamoDB sizes it. */
  readonly itemBytes: number;
  readonly smoke: boolean;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function plannerReadsRow({ table, accounts, dueAccounts, itemBytes, smoke }: ScaleTable): Promise<BenchRow> {
  table.meter.reset();
  const dueIds: string[] = [];
  for await (const id of table.store.listDue(NOW)) dueIds.push(id);
  const query = table.meter.reads;

  table.meter.reset();
  const segments = 2 ** Math.ceil(Math.log2(Math.max(1, (accounts * itemBytes) / SEGMENT_BYTES)));
  const scanStarted = performance.now();
  const scanFound = await scanDue(table, segments);
  const scanMs = performance.now() - scanStarted;
  const scan = table.meter.reads;

  if (dueIds.length !== dueAccounts || scanFound !== dueAccounts) {
    throw new Error(
      `planner-reads: expected ${dueAccounts} due accounts, the index listed ${dueIds.length} and the scan found ${scanFound}`,
    );
  }
  const factor = query.scanned / dueAccounts;
  return {
    measure: `planner items read per run, ${fmt(accounts)} accounts, 1 % due`,
    value: `${fmt(query.scanned)} items, ${query.units.toFixed(1)} RCU (${query.calls} queries)`,
    baseline: `${fmt(scan.scanned)} items, ${fmt(scan.units)} RCU Scan`,
    ratio: `${factor.toFixed(2)} × due; Scan ${(scan.scanned / dueAccounts).toFixed(0)} × due`,
    target: `≤ ${TARGET_FACTOR} × due accounts`,
    holds: smoke ? null : factor <= TARGET_FACTOR,
    figures: {
      accounts,
      dueAccounts,
      queryItemsRead: query.scanned,
      queryItemsReturned: query.returned,
      queryRcu: query.units,
      queryCalls: query.calls,
      scanItemsRead: scan.scanned,
      scanItemsReturned: scan.returned,
      scanRcu: scan.units,
      scanCalls: scan.calls,
      scanSegments: segments,
      itemsReadFactor: factor,
      scanToQueryRcu: scan.units / query.units,
      itemBytes,
      // An eventually consistent Scan reads 8 KB per RCU, summed over the items of each page.
      itemBytesFromScanRcu: Math.round((scan.units * 8_192) / scan.scanned),
      scanMs: Math.round(scanMs),
    },
  };
}

/** Rows measured on the same loaded table, in print order: a row added here costs no second load. */
const AT_SCALE: ReadonlyArray<(scale: ScaleTable) => Promise<BenchRow>> = [plannerReadsRow];

/** Mean DynamoDB size, and write units of a put, of a real account item: sample accounts after six months of their events. */
function realItemBytes(smoke: boolean): Promise<{ readonly bytes: number; readonly writeUnits: number }> {
  return sampleWorld({ accounts: 100 }).then((world) => {
    const programs = shippedPrograms();
    const until = new Date(Date.parse(`${world.startDate}T00:00:00Z`) + world.months * 30 * 86_400_000).toISOString();
    const sizes = [...eventsByAccount(world, defaultProgramOf(programs), smoke ? 10 : 40, until)].map(([id, events]) =>
      itemSizeBytes(storedItem(stateAfter(id, events, world.source, programs), NOW)),
    );
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    return { bytes: Math.round(mean(sizes)), writeUnits: mean(sizes.map(writeUnits)) };
  });
}

export async function measure(options: { smoke: boolean }): Promise<BenchRow[]> {
  const accounts = options.smoke ? 500 : 100_000;
  const { bytes: itemBytes, writeUnits: itemWriteUnits } = await realItemBytes(options.smoke);
  return withLocalDynamo(async (endpoint) => {
    const table = await openTable(endpoint, 'bench-planner-reads');
    const loadStarted = performance.now();
    await load(table, accounts, itemBytes);
    const loadMs = performance.now() - loadStarted;
    if ((await table.store.load(`bench-${String(1).padStart(6, '0')}`)) === null) {
      throw new Error(
        'planner-reads: a loaded item does not read back through the store; has the item layout changed?',
      );
    }
    const scale: ScaleTable = {
      table,
      accounts,
      dueAccounts: Math.round(accounts * DUE_SHARE),
      now: NOW,
      itemBytes,
      smoke: options.smoke,
    };
    const rows: BenchRow[] = [];
    for (const measureRow of AT_SCALE) rows.push(await measureRow(scale));
    return rows.map((r, i) =>
      i === 0 ? { ...r, figures: { ...r.figures, itemWriteUnits, loadMs: Math.round(loadMs) } } : r,
    );
  });
}
