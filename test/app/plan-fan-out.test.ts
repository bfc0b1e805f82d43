// The planner's fan-out against the single planner it replaces: the coordinator and its planners plan
// the same touches and leave the same states, a planner killed mid-shard is made good by the retry of
// its item, and under any interleaving of planners (duplicate deliveries included) no account is
// planned twice for one hour.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryAccountStore } from '../../functions/adapters/memory/account-store.js';
import { type PlanningWork, planningWorkAt } from '../../functions/core/planning-work.js';
import type { AccountState } from '../../functions/core/state.js';
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

const ACCOUNTS = dueAccounts(24);
const IDS = ACCOUNTS.map((a) => a.accountId);

async function storeOf(states: readonly AccountState[], dueShards = 8): Promise<MemoryAccountStore> {
  const store = new MemoryAccountStore({ dueShards });
  await saveAll(store, states);
  return store;
}

/** A store whose successful saves are counted per account. */
function counting(store: ShardedStore): ShardedStore & { readonly saves: Map<string, number> } {
  const saves = new Map<string, number>();
  return {
    saves,
    shardCount: store.shardCount,
    load: (id) => store.load(id),
    listDue: (until) => store.listDue(until),
    listDueIn: (range, until, after) => store.listDueIn(range, until, after),
    save: async (state) => {
      const saved = await store.save(state);
      saves.set(state.accountId, (saves.get(state.accountId) ?? 0) + 1);
      return saved;
    },
  };
}

describe('the coordinator and its planners', () => {
  it.each([
    { workers: 2, shardsPerItem: 1, accountsPerItem: 5_000 },
    { workers: 4, shardsPerItem: 3, accountsPerItem: 2 },
    { workers: 3, shardsPerItem: 8, accountsPerItem: 1 },
  ])('plan the same touches and leave the same states as the single planner (%o)', async (settings) => {
    const single = await planInOneRun(await storeOf(ACCOUNTS), IDS);
    expect(single.touches.length).toBeGreaterThan(IDS.length);
    const fanned = await planFannedOut(await storeOf(ACCOUNTS), IDS, settings);
    expect(sortedTouches(fanned.touches)).toEqual(sortedTouches(single.touches));
    expect(fanned.states).toEqual(single.states);
  });

  it('cut a shard past the per-item limit into continued items, each planning at most the limit', async () => {
    const store = await storeOf(ACCOUNTS, 1);
    const world = fanOutWorld(store, { shardsPerItem: 1, accountsPerItem: 5 });
    await world.coordinate();
    const dues: number[] = [];
    while (world.work.size > 0) for (const item of world.work.take()) dues.push((await world.planRange(item)).due);
    expect(dues).toEqual([5, 5, 5, 5, 4]);
    for await (const id of store.listDue(FIRST_TOUCH_AT)) expect.unreachable(`${id} is still due`);
  });

  it('cut every shard into items of the shards per item, and no more', async () => {
    const world = fanOutWorld(await storeOf(ACCOUNTS, 10), { shardsPerItem: 4, accountsPerItem: 100 });
    expect(await world.coordinate()).toEqual({ at: FIRST_TOUCH_AT, items: 3, shards: 10 });
    expect(world.work.take().map((w) => w.shards)).toEqual([
      { first: 0, last: 3 },
      { first: 4, last: 7 },
      { first: 8, last: 9 },
    ]);
  });
});

describe('a planner killed mid-shard', () => {
  /** The store as a planner sees it until it is killed after `saves` saves: then every call hangs, as a dead invocation's would. */
  function killedAfter(store: ShardedStore, saves: number) {
    let left = saves;
    let kill: () => void = () => undefined;
    const killed = new Promise<void>((resolve) => {
      kill = resolve;
    });
    const dead = () => new Promise<never>(() => undefined);
    let isDead = false;
    const view: ShardedStore = {
      shardCount: store.shardCount,
      load: (id) => (isDead ? dead() : store.load(id)),
      listDue: (until) => store.listDue(until),
      listDueIn: (range, until, after) => store.listDueIn(range, until, after),
      save: async (state) => {
        if (isDead || left === 0) return dead();
        left -= 1;
        const saved = await store.save(state);
        if (left === 0) {
          isDead = true;
          kill();
        }
        return saved;
      },
    };
    return { view, killed };
  }

  it.each([1, 5, 11])(
    'leaves its item to a retry that plans the rest, and no account twice (killed after %i saves)',
    async (saves) => {
      const single = await planInOneRun(await storeOf(ACCOUNTS, 2), IDS);
      const store = counting(await storeOf(ACCOUNTS, 2));
      const item = planningWorkAt(FIRST_TOUCH_AT, 2, 2)[0] as PlanningWork;
      const dying = killedAfter(store, saves);
      const first = fanOutWorld(dying.view, { shardsPerItem: 2, accountsPerItem: 100 });
      // The invocation never returns: the kill is all the caller sees.
      void first.planRange(item);
      await dying.killed;
      const plannedBeforeDeath = [...store.saves.keys()];
      expect(plannedBeforeDeath).toHaveLength(saves);

      // SQS delivers the item again after the visibility timeout, to a healthy planner.
      const retry = fanOutWorld(store, { shardsPerItem: 2, accountsPerItem: 100 });
      const run = await retry.planRange(item);
      expect(run.failed).toBe(0);

      // Every due account was planned exactly once over the two invocations.
      expect([...store.saves.values()].every((n) => n === 1)).toBe(true);
      expect([...store.saves.keys()].sort()).toEqual([...IDS].sort());
      expect(await Promise.all(IDS.map((id) => store.load(id)))).toEqual(single.states);
      // No touch queued twice; the touches of accounts the dead planner saved but had not queued yet
      // are the ones lost (save before enqueue: at most once), every other touch is queued.
      const queued = [...first.sendQueue.take(), ...retry.sendQueue.take()];
      const ids = queued.map((t) => t.touchId);
      expect(new Set(ids).size).toBe(ids.length);
      const expected = single.touches.filter(
        (t) => !plannedBeforeDeath.includes(t.accountId) || ids.includes(t.touchId),
      );
      expect(sortedTouches(queued)).toEqual(sortedTouches(expected));
      expect(retry.sendQueue.size).toBe(0);
      expect(queued.filter((t) => !plannedBeforeDeath.includes(t.accountId)).length).toBeGreaterThan(0);
    },
  );
});

describe('planners in any interleaving', () => {
  /** Every store call waits for the scheduler before it acts, so planners' loads and saves interleave as it says. */
  function scheduled(store: ShardedStore, s: fc.Scheduler): ShardedStore {
    const gate = (label: string) => s.schedule(Promise.resolve(label));
    return {
      shardCount: store.shardCount,
      load: async (id) => {
        await gate(`load ${id}`);
        return store.load(id);
      },
      save: async (state) => {
        await gate(`save ${state.accountId}`);
        return store.save(state);
      },
      listDue: (until) => store.listDue(until),
      listDueIn: (range, until, after) => store.listDueIn(range, until, after),
    };
  }

  it('never plan one account twice for one hour, whatever the order and however often an item is delivered', async () => {
    const accounts = dueAccounts(10, 'p');
    const ids = accounts.map((a) => a.accountId);
    const single = await planInOneRun(await storeOf(accounts, 4), ids);
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 4, maxLength: 4 }),
        async (s, shardsPerItem, accountsPerItem, deliveries) => {
          const base = counting(await storeOf(accounts, 4));
          const world = fanOutWorld(scheduled(base, s), { shardsPerItem, accountsPerItem });
          const items = planningWorkAt(FIRST_TOUCH_AT, 4, shardsPerItem);
          // Each item delivered 1 to 3 times at once (SQS delivers at least once); continuations as they come.
          let pending = items.flatMap((item, i) => Array.from({ length: deliveries[i] ?? 1 }, () => item));
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
            await new Promise((resolve) => setImmediate(resolve));
          }
          await run;
          const queued = world.sendQueue.take();
          const touchIds = queued.map((t) => t.touchId);
          expect(new Set(touchIds).size).toBe(touchIds.length);
          expect([...base.saves.values()].every((n) => n === 1)).toBe(true);
          expect(sortedTouches(queued)).toEqual(sortedTouches(single.touches));
          expect(await Promise.all(ids.map((id) => base.load(id)))).toEqual(single.states);
        },
      ),
      { numRuns: 40 },
    );
  });
});
