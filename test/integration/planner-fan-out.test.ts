// The planner's fan-out on the real local DynamoDB: the due index's shards queried by range, work
// items continued through the index's own start key (every account here is due at the same instant,
// so the cursor must place itself among ties), and the version condition that keeps two planners from
// planning one account twice, under interleavings fast-check chooses (fewer runs than in memory).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDynamoAccountStore } from '../../functions/adapters/dynamodb-store.js';
import { createTable } from '../../functions/adapters/local/local-services.js';
import { planningWorkAt } from '../../functions/core/planning-work.js';
import {
  dueAccounts,
  FIRST_TOUCH_AT,
  fanOutWorld,
  planFannedOut,
  planInOneRun,
  type ShardedStore,
  saveAll,
  sortedTouches,
} from '../fixtures/fan-out.js';
import { useLocalTable } from '../fixtures/local-table.js';

const local = useLocalTable('fan-out');
let tables = 0;

async function freshStore(dueShards: number): Promise<ShardedStore> {
  const tableName = `${local.tableName}-${++tables}`;
  await createTable(local.dynamo, tableName);
  return createDynamoAccountStore(local.dynamo, { tableName, dueShards });
}

describe('the planner fan-out on local DynamoDB', () => {
  it('plans the same touches and leaves the same states as the single planner', { timeout: 60_000 }, async () => {
    const accounts = dueAccounts(20);
    const ids = accounts.map((a) => a.accountId);
    const one = await freshStore(4);
    await saveAll(one, accounts);
    const single = await planInOneRun(one, ids);
    const many = await freshStore(4);
    await saveAll(many, accounts);
    const fanned = await planFannedOut(many, ids, { workers: 3, shardsPerItem: 1, accountsPerItem: 3 });
    expect(fanned.items).toBeGreaterThan(4);
    expect(sortedTouches(fanned.touches)).toEqual(sortedTouches(single.touches));
    expect(fanned.states).toEqual(single.states);
  });

  it('never plans one account twice for one hour under interleaved, duplicated deliveries', {
    timeout: 120_000,
  }, async () => {
    const accounts = dueAccounts(6, 'd');
    const ids = accounts.map((a) => a.accountId);
    const reference = await freshStore(2);
    await saveAll(reference, accounts);
    const single = await planInOneRun(reference, ids);
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 2 }),
        async (s, accountsPerItem, deliveries) => {
          const store = await freshStore(2);
          await saveAll(store, accounts);
          const saves = new Map<string, number>();
          const gate = (label: string) => s.schedule(Promise.resolve(label));
          const view: ShardedStore = {
            shardCount: store.shardCount,
            load: async (id) => {
              await gate(`load ${id}`);
              return store.load(id);
            },
            save: async (state) => {
              await gate(`save ${state.accountId}`);
              const saved = await store.save(state);
              saves.set(state.accountId, (saves.get(state.accountId) ?? 0) + 1);
              return saved;
            },
            listDue: (until) => store.listDue(until),
            listDueIn: (range, until, after) => store.listDueIn(range, until, after),
          };
          const world = fanOutWorld(view, { shardsPerItem: 1, accountsPerItem });
          let pending = planningWorkAt(FIRST_TOUCH_AT, 2, 1).flatMap((item, i) =>
            Array.from({ length: deliveries[i] ?? 1 }, () => item),
          );
          let finished = false;
          const run = (async () => {
            while (pending.length > 0) {
              const round = pending;
              pending = [];
              await Promise.all(round.map((w) => world.planRange(w)));
              pending = world.work.take();
            }
          })().finally(() => {
            finished = true;
          });
          while (!finished) {
            await s.waitIdle();
            await new Promise((resolve) => setTimeout(resolve, 1));
          }
          await run;
          const queued = world.sendQueue.take();
          const touchIds = queued.map((t) => t.touchId);
          expect(new Set(touchIds).size).toBe(touchIds.length);
          expect([...saves.values()].every((n) => n === 1)).toBe(true);
          expect(sortedTouches(queued)).toEqual(sortedTouches(single.touches));
        },
      ),
      { numRuns: 5 },
    );
  });
});
