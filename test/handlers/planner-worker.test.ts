// The planner λ's shim over the planning queue, and the coordinator λ's over the schedule: what a
// record becomes (planned, dead-lettered with its reason, failed for SQS to deliver again).
import { describe, expect, it } from 'vitest';
import { MemoryAccountStore } from '../../functions/adapters/memory/account-store.js';
import { MemoryDeadLetters } from '../../functions/adapters/memory/dead-letters.js';
import { MemoryPlanningQueue } from '../../functions/adapters/memory/planning-queue.js';
import { MemorySendQueue } from '../../functions/adapters/memory/send-queue.js';
import { MemorySignalPublisher } from '../../functions/adapters/memory/signal-publisher.js';
import { planningWorkAt } from '../../functions/core/planning-work.js';
import type { SendQueue } from '../../functions/core/ports.js';
import { createCoordinatorHandler } from '../../functions/handlers/coordinator.js';
import { createPlannerHandler } from '../../functions/handlers/planner.js';
import { defaultProgram, featureTipCatalogs } from '../fixtures/builders.js';
import { dueAccounts, FIRST_TOUCH_AT, saveAll } from '../fixtures/fan-out.js';
import { fixedClock, recordingLogger, sqsEvent } from './helpers.js';

async function setup(queue: SendQueue = new MemorySendQueue()) {
  const store = new MemoryAccountStore({ dueShards: 2 });
  await saveAll(store, dueAccounts(6));
  const deadLetters = new MemoryDeadLetters();
  const work = new MemoryPlanningQueue();
  const logger = recordingLogger();
  const handler = createPlannerHandler({
    store,
    due: store,
    work,
    queue,
    publisher: new MemorySignalPublisher(),
    program: defaultProgram(),
    catalogs: featureTipCatalogs(),
    logger,
    deadLetters,
    accountsPerItem: 4,
  });
  return { store, deadLetters, work, logger, handler };
}

describe('planner handler', () => {
  it('plans the work item of each record and hands the rest of a long item on', async () => {
    const queue = new MemorySendQueue();
    const { handler, work } = await setup(queue);
    const response = await handler(sqsEvent(planningWorkAt(FIRST_TOUCH_AT, 2, 2).map((w) => ({ ...w }))));
    expect(response.batchItemFailures).toEqual([]);
    expect(new Set(queue.take().map((t) => t.accountId)).size).toBe(4);
    const [rest] = work.take();
    expect(rest?.after).not.toBeNull();
    await handler(sqsEvent([{ ...rest }]));
    expect(new Set(queue.take().map((t) => t.accountId)).size).toBe(2);
  });

  it('dead-letters a body that is no work item at once, naming the field and never retrying it', async () => {
    const { handler, deadLetters } = await setup();
    const response = await handler(
      sqsEvent(['not json', { at: FIRST_TOUCH_AT, shards: { first: 3, last: 1 }, after: null }]),
    );
    expect(response.batchItemFailures).toEqual([]);
    expect(deadLetters.all().map((l) => l.reason)).toEqual([
      'planning work item body is not JSON',
      'planning work item: shards.last must not be below first',
    ]);
  });

  it('fails the record of an item whose accounts failed, so SQS delivers it again; the others stay planned', async () => {
    let calls = 0;
    const flaky: SendQueue = {
      enqueue: async () => {
        calls += 1;
        if (calls === 2) throw new Error('SQS unavailable');
      },
    };
    const { handler, store, work } = await setup(flaky);
    const response = await handler(sqsEvent([{ ...planningWorkAt(FIRST_TOUCH_AT, 2, 2)[0] }]));
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-0' }]);
    const stillDue: string[] = [];
    for await (const id of store.listDue(FIRST_TOUCH_AT)) stillDue.push(id);
    // The four accounts of the item are planned (the one whose touches could not be queued was saved
    // first: it is not planned again, at most once); the two past the limit wait in the continued item.
    expect(stillDue).toHaveLength(2);
    expect(work.take()).toHaveLength(1);
  });
});

describe('coordinator handler', () => {
  it('puts one work item per shard range on the planning queue, all as of the run’s instant', async () => {
    const work = new MemoryPlanningQueue();
    const handler = createCoordinatorHandler({
      work,
      shardCount: 16,
      shardsPerItem: 5,
      clock: fixedClock(FIRST_TOUCH_AT),
      logger: recordingLogger(),
    });
    expect(await handler()).toEqual({ at: FIRST_TOUCH_AT, items: 4, shards: 16 });
    expect(work.take().map((w) => [w.at, w.shards.first, w.shards.last, w.after])).toEqual([
      [FIRST_TOUCH_AT, 0, 4, null],
      [FIRST_TOUCH_AT, 5, 9, null],
      [FIRST_TOUCH_AT, 10, 14, null],
      [FIRST_TOUCH_AT, 15, 15, null],
    ]);
  });
});
