// Bench row: items `teichaku report --table` reads, against the floor of accounts + contacts, and
// that it reads them in one pass (Scan pages, never a request per account).
//
// The table is a real one: the bundled sample world replayed for six months through the real
// handlers against DynamoDB Local (`teichaku simulate --services local`'s own code), so it holds
// what a deployment holds after an adoption: account items, touches, the decision trail and the
// weekly readings. The report's own reader then scans it, counted from what DynamoDB returns.
// Replaying 100,000 accounts locally would take hours, so the figures at 100,000 accounts are the
// measured ones per account times 100,000: a Scan reads each item once, so its items, capacity and
// pages grow with the table, and nothing in it grows per account but the items.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanTable } from '../functions/adapters/dynamodb-table-scan.js';
import { localDynamoClient } from '../functions/adapters/local/local-services.js';
import { readTableItem, type TableItem } from '../functions/adapters/table-items.js';
import { DEFAULT_DUE_SHARDS } from '../functions/adapters/table-schema.js';
import { defaultReportWindow, readTableContents } from '../functions/report/table-report.js';
import { defaultProgram } from '../functions/sim/event-builders.js';
import { LOCAL_TABLE_NAME, localPorts } from '../functions/sim/replay-ports.js';
import { runSimulation } from '../functions/sim/run-simulation.js';
import { generateSample, writeEventsFile } from '../functions/sim/sample-world.js';
import { measureReportMemory } from './report-memory.js';
import { templateOf } from './report-template.js';
import type { BenchRow } from './row.js';
import { PROGRAM_FILE, sampleWorld } from './usage-stream.js';

const AT_SCALE = 100_000;
/** DynamoDB returns at most 1 MB per Scan page; an eventually consistent Scan reads 8 KB per read unit. */
const PAGE_BYTES = 1_048_576;
const BYTES_PER_RCU = 8_192;
/**
 * A per-account read is at least one request per account; a Scan's requests are bound by its 1 MB
 * pages instead. One request per ten accounts is the line between the two.
 */
const MAX_CALLS_PER_ACCOUNT = 0.1;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export async function measure(options: { smoke: boolean }): Promise<BenchRow[]> {
  const accounts = options.smoke ? 6 : 40;
  const months = options.smoke ? 1 : 6;
  const world = await sampleWorld({ accounts, months });
  const sample = generateSample(world, defaultProgram());
  const dir = mkdtempSync(join(tmpdir(), 'teichaku-bench-report-'));
  const ports = await localPorts();
  try {
    await writeEventsFile(join(dir, 'events.jsonl'), sample.events);
    await runSimulation({
      eventsFile: join(dir, 'events.jsonl'),
      until: sample.until,
      outDir: join(dir, 'out'),
      programFile: PROGRAM_FILE,
      services: 'local',
      ports,
    });
    const client = localDynamoClient(ports.endpoints?.dynamo as string);
    try {
      const byKind: Record<TableItem['kind'], number> = { account: 0, touch: 0, plan: 0, reading: 0, other: 0 };
      let contacts = 0;
      await scanTable(client, { tableName: LOCAL_TABLE_NAME }, (raw) => {
        const item = readTableItem(raw);
        byKind[item.kind] += 1;
        if (item.kind === 'account') contacts += Object.keys(item.state.contacts).length;
      });
      const started = performance.now();
      const read = await readTableContents(
        client,
        { tableName: LOCAL_TABLE_NAME },
        { program: defaultProgram(), window: defaultReportWindow(sample.until) },
      );
      const readMs = performance.now() - started;
      const memory = await measureReportMemory({
        smoke: options.smoke,
        template: await templateOf(client, LOCAL_TABLE_NAME, read.window, DEFAULT_DUE_SHARDS),
        readUnitsPerAccount: read.scan.readUnits / read.accounts.length,
      });
      const floor = read.accounts.length + contacts;
      const perAccount = (n: number) => n / read.accounts.length;
      const itemsAtScale = perAccount(read.scan.items) * AT_SCALE;
      const floorAtScale = perAccount(floor) * AT_SCALE;
      const rcuAtScale = perAccount(read.scan.readUnits) * AT_SCALE;
      const pagesAtScale = Math.ceil((rcuAtScale * BYTES_PER_RCU) / PAGE_BYTES);
      const callsPerAccount = read.scan.pages / read.accounts.length;
      return [
        {
          measure: `report --table items read, ${fmt(AT_SCALE)} accounts (per account of ${read.accounts.length} replayed × ${months} months)`,
          value: `${fmt(itemsAtScale)} items, ${fmt(rcuAtScale)} RCU, about ${fmt(pagesAtScale)} Scan pages`,
          baseline: `${fmt(floorAtScale)} accounts + contacts (the floor)`,
          ratio: `${(itemsAtScale / floorAtScale).toFixed(1)} × floor; ${fmt(pagesAtScale)} calls for ${fmt(AT_SCALE)} accounts`,
          target: 'one pass, no request per account',
          holds: options.smoke
            ? null
            : read.scan.items === Object.values(byKind).reduce((a, b) => a + b, 0) &&
              pagesAtScale / AT_SCALE <= MAX_CALLS_PER_ACCOUNT,
          figures: {
            accountsReplayed: read.accounts.length,
            contacts,
            itemsRead: read.scan.items,
            accountItems: byKind.account,
            touchItems: byKind.touch,
            trailItems: byKind.plan,
            readingItems: byKind.reading,
            otherItems: byKind.other,
            readUnits: read.scan.readUnits,
            scanCalls: read.scan.pages,
            callsPerAccountMeasured: callsPerAccount,
            itemsPerAccount: perAccount(read.scan.items),
            floorPerAccount: perAccount(floor),
            readUnitsPerAccount: perAccount(read.scan.readUnits),
            itemsAt100k: Math.round(itemsAtScale),
            floorAt100k: Math.round(floorAtScale),
            readUnitsAt100k: Math.round(rcuAtScale),
            scanPagesAt100k: pagesAtScale,
            readMs: Math.round(readMs),
          },
        },
        ...memory,
      ];
    } finally {
      client.destroy();
    }
  } finally {
    await ports.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
