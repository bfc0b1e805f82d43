import { describe, expect, it } from 'vitest';
import { MemoryAccountStore } from '../../functions/adapters/memory/account-store.js';
import { MemorySendQueue } from '../../functions/adapters/memory/send-queue.js';
import { MemorySignalPublisher } from '../../functions/adapters/memory/signal-publisher.js';
import { createPlanAccounts, PlannerRunError } from '../../functions/app/plan-accounts.js';
import { type AccountStore, type SendQueue, VersionConflictError } from '../../functions/core/ports.js';
import type { AccountState } from '../../functions/core/state.js';
import { anAccount, defaultProgram, featureTipCatalogs } from '../fixtures/builders.js';
import { fixedClock, recordingLogger } from './helpers.js';

// Onboarded on Monday 2026-01-19: the first weekly touch is due a week later, 09:00 in Tokyo.
const FIRST_TOUCH_AT = '2026-01-26T00:00:00.000Z';

function onboarded(accountId: string): AccountState {
  return anAccount(accountId)
    .withProfile({ timeZone: 'Asia/Tokyo', locale: 'ja' })
    .withContact('c-1', { role: 'owner' })
    .onboardedOn('2026-01-19')
    .state();
}

async function storeWith(...states: AccountState[]): Promise<MemoryAccountStore> {
  const store = new MemoryAccountStore();
  for (const s of states) await store.save(s);
  return store;
}

function setup(store: AccountStore, queue: SendQueue = new MemorySendQueue(), at = FIRST_TOUCH_AT) {
  const publisher = new MemorySignalPublisher();
  const logger = recordingLogger();
  const handler = createPlanAccounts({
    store,
    queue,
    publisher,
    program: defaultProgram(),
    catalogs: featureTipCatalogs(),
    clock: fixedClock(at),
    logger,
  });
  return { handler, publisher, logger };
}

describe('planner handler', () => {
  it('plans each due account, records the touch, enqueues one job per touch and moves the next due time', async () => {
    const store = await storeWith(onboarded('acc-1'), onboarded('acc-2'));
    const queue = new MemorySendQueue();
    const { handler } = setup(store, queue);
    const run = await handler();
    expect(run).toMatchObject({ due: 2, planned: 2, touches: 2, failed: 0 });
    const jobs = queue.take();
    expect(jobs.map((t) => [t.accountId, t.contactId, t.kind, t.template])).toEqual([
      ['acc-1', 'c-1', 'feature-tip', 'feature-tip/ja'],
      ['acc-2', 'c-1', 'feature-tip', 'feature-tip/ja'],
    ]);
    const state = await store.load('acc-1');
    expect(state?.contacts['c-1']?.touches.map((t) => t.touchId)).toEqual([jobs[0]?.touchId]);
    expect(state?.cadence.nextDueAt !== null && (state?.cadence.nextDueAt ?? '') > FIRST_TOUCH_AT).toBe(true);
  });

  it('plans nothing new when run again at the same time', async () => {
    const store = await storeWith(onboarded('acc-1'));
    const queue = new MemorySendQueue();
    await setup(store, queue).handler();
    queue.take();
    const again = await setup(store, queue).handler();
    expect(again.touches).toBe(0);
    expect(queue.size).toBe(0);
  });

  it('does not look at accounts that are not due yet', async () => {
    const store = await storeWith(onboarded('acc-1'));
    const loads: string[] = [];
    const watching: AccountStore = {
      ...store,
      load: (id) => (loads.push(id), store.load(id)),
      save: (s) => store.save(s),
      listDue: (u) => store.listDue(u),
    };
    const run = await setup(watching, new MemorySendQueue(), '2026-01-18T00:00:00.000Z').handler();
    expect(run.due).toBe(0);
    expect(loads).toEqual([]);
  });

  it('saves the plan before enqueueing, so a failed enqueue never leaves an unrecorded plan', async () => {
    const store = await storeWith(onboarded('acc-1'));
    const failing: SendQueue = { enqueue: async () => Promise.reject(new Error('queue down')) };
    const { handler, logger } = setup(store, failing);
    await expect(handler()).rejects.toBeInstanceOf(PlannerRunError);
    expect((await store.load('acc-1'))?.contacts['c-1']?.touches).toHaveLength(1);
    expect(logger.lines.some((l) => l.level === 'error' && l.attributes.accountId === 'acc-1')).toBe(true);
    // The next run does not plan the same touch again: at most once, even across a crash.
    const queue = new MemorySendQueue();
    await setup(store, queue).handler();
    expect(queue.size).toBe(0);
  });

  it('re-plans from fresh state after a version conflict and enqueues only the winning plan', async () => {
    const inner = await storeWith(onboarded('acc-1'));
    let raced = false;
    const racing: AccountStore = {
      load: (id) => inner.load(id),
      listDue: (u) => inner.listDue(u),
      save: async (state) => {
        if (!raced) {
          raced = true;
          // Another planner run wins the race and records its plan first.
          await setup(inner, new MemorySendQueue()).handler();
          throw new VersionConflictError(state.accountId, state.version);
        }
        return inner.save(state);
      },
    };
    const queue = new MemorySendQueue();
    const run = await setup(racing, queue).handler();
    expect(run.failed).toBe(0);
    expect(queue.size).toBe(0);
    expect((await inner.load('acc-1'))?.contacts['c-1']?.touches).toHaveLength(1);
  });

  it('plans the other accounts when one fails, then reports the failure', async () => {
    const inner = await storeWith(onboarded('acc-1'), onboarded('acc-2'));
    const broken: AccountStore = {
      load: (id) => (id === 'acc-1' ? Promise.reject(new Error('boom')) : inner.load(id)),
      listDue: (u) => inner.listDue(u),
      save: (s) => inner.save(s),
    };
    const queue = new MemorySendQueue();
    const error = await setup(broken, queue)
      .handler()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlannerRunError);
    expect((error as PlannerRunError).run).toMatchObject({ due: 2, planned: 1, failed: 1 });
    expect(queue.take().map((t) => t.accountId)).toEqual(['acc-2']);
  });

  it('publishes the signals of the plan', async () => {
    const store = await storeWith(onboarded('acc-1'));
    // Four weeks into adoption with no usage at all: past the health's grace period, at risk.
    const { handler, publisher } = setup(store, new MemorySendQueue(), '2026-02-16T00:00:00.000Z');
    await handler();
    expect(publisher.drain().map((s) => s.type)).toContain('Account At Risk');
  });
});
