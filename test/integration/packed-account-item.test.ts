// The packed account item on a real local DynamoDB: what the store writes is what every reader of the
// table gets back (the store itself, the report's parallel Scan, explain's Query of the partition, the
// planner's due index), items of the format before the packing included, and a put costs the write
// units of the packed size.
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { accountItem } from '../../functions/adapters/account-item.js';
import { createDynamoAccountStore } from '../../functions/adapters/dynamodb-store.js';
import { scanTable } from '../../functions/adapters/dynamodb-table-scan.js';
import { readTableItem } from '../../functions/adapters/table-items.js';
import { sourcesFromTable } from '../../functions/cli/explain-sources.js';
import type { AccountState } from '../../functions/core/state.js';
import { createIngestHandler } from '../../functions/handlers/ingest.js';
import { aBusyAccount } from '../adapters/busy-account.js';
import { contactUpserted, defaultProgram, usage } from '../fixtures/builders.js';
import { useLocalTable } from '../fixtures/local-table.js';
import { envelopeOf, recordingLogger, sqsEvent } from '../handlers/helpers.js';

const local = useLocalTable('packed');
const tableName = local.tableName;

/** The account states as the report's parallel Scan reads them, before it folds them into its rows. */
async function scannedStates(segments?: number): Promise<AccountState[]> {
  const states: AccountState[] = [];
  await scanTable(local.dynamo, { tableName, ...(segments === undefined ? {} : { segments }) }, (raw) => {
    const item = readTableItem(raw);
    if (item.kind === 'account') states.push(item.state);
  });
  return states;
}

/** An item as the store wrote it before the packing: the state as a map attribute. */
function legacyItem(state: AccountState) {
  const { version, ...body } = state;
  return marshall(
    { pk: `ACCOUNT#${state.accountId}`, sk: 'STATE', version, state: body },
    { removeUndefinedValues: true },
  );
}

describe('packed account items on DynamoDB Local', () => {
  it('reads back through the store, the report Scan, explain and the due index what the store wrote, old items included', async () => {
    const store = createDynamoAccountStore(local.dynamo, { tableName });
    const written = [await store.save(aBusyAccount('acc-a', 10)), await store.save(aBusyAccount('acc-b', 3))];
    const old = { ...aBusyAccount('acc-old', 6), version: 12 };
    await local.dynamo.send(new PutItemCommand({ TableName: tableName, Item: legacyItem(old) }));

    expect(await store.load('acc-a')).toEqual(written[0]);
    expect(await store.load('acc-old')).toEqual(old);

    const scanned = await scannedStates(2);
    const byId = (states: readonly AccountState[]) => [...states].sort((x, y) => (x.accountId < y.accountId ? -1 : 1));
    expect(byId(scanned)).toEqual(byId([...written, old]));

    expect((await sourcesFromTable(local.dynamo, tableName, 'acc-b')).state).toEqual(written[1]);

    const due: string[] = [];
    for await (const id of store.listDue('2027-01-01T00:00:00.000Z')) due.push(id);
    // The old-format item was put here without the due attributes: only the store's two are indexed.
    expect(due.sort()).toEqual(['acc-a', 'acc-b']);
  }, 30_000);

  it('rewrites an item of the old format packed on its next save, with the version condition', async () => {
    const store = createDynamoAccountStore(local.dynamo, { tableName });
    const old = { ...aBusyAccount('acc-rewrite', 4), version: 5 };
    await local.dynamo.send(new PutItemCommand({ TableName: tableName, Item: legacyItem(old) }));
    const saved = await store.save((await store.load('acc-rewrite')) as AccountState);
    expect((await scannedStates()).find((s) => s.accountId === 'acc-rewrite')).toEqual({ ...old, version: 6 });
    expect(saved.version).toBe(6);
    await expect(store.save(old)).rejects.toThrowError(/version/i);
  }, 30_000);

  it('costs the write units of the packed size: a ten-week account in three units or less (the daily action counts take one), against six or more as a map', async () => {
    // Each on its own key: a put that replaces an item is billed on the larger of the two.
    const state = {
      ...aBusyAccount('acc-units', 10),
      version: 1,
      cadence: { step: 10, retryAt: null, nextDueAt: null },
    };
    const units = async (item: ReturnType<typeof legacyItem>) =>
      (
        await local.dynamo.send(
          new PutItemCommand({ TableName: tableName, Item: item, ReturnConsumedCapacity: 'TOTAL' }),
        )
      ).ConsumedCapacity?.CapacityUnits ?? 0;
    const legacy = await units(legacyItem(state));
    const packed = await units(accountItem({ ...state, accountId: 'acc-units-packed' }, 16));
    expect(packed).toBeLessThanOrEqual(3);
    expect(legacy).toBeGreaterThanOrEqual(6);
  }, 30_000);

  it('fails only the records of an account whose item is damaged, and logs its id but none of its content', async () => {
    const store = createDynamoAccountStore(local.dynamo, { tableName });
    const damaged = accountItem({ ...aBusyAccount('acc-damaged', 2), version: 3 }, 16);
    const bytes = damaged.packed?.B ?? new Uint8Array();
    await local.dynamo.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { ...damaged, packed: { B: bytes.subarray(0, bytes.length >> 1) } },
      }),
    );
    await store.save(aBusyAccount('acc-sound', 2));
    const logger = recordingLogger();
    const handler = createIngestHandler({
      store,
      publisher: { publish: async () => undefined },
      program: defaultProgram(),
      eventSource: 'com.example.product',
      logger,
    });
    const events = [
      usage('acc-damaged', 'acc-damaged-u1', 'login', '2026-03-02T01:00:00Z'),
      usage('acc-sound', 'acc-sound-u1', 'report.create', '2026-03-02T01:00:00Z'),
      contactUpserted('acc-sound', 'acc-sound-u9', { role: 'member' }, { at: '2026-03-02T02:00:00Z' }),
    ];
    const response = await handler(sqsEvent(events.map(envelopeOf)));
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-0' }]);
    expect(Object.keys((await store.load('acc-sound'))?.contacts ?? {})).toContain('acc-sound-u9');
    const failure = logger.lines.find((l) => l.level === 'error');
    expect(failure?.attributes).toMatchObject({ accountId: 'acc-damaged', errorName: 'CorruptAccountItemError' });
    expect(String(failure?.attributes.errorMessage)).toMatch(/account acc-damaged: stored state item is unreadable/);
    expect(logger.text()).not.toMatch(/example\.com|Person \d/);
  }, 30_000);
});
