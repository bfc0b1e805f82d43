// The planner's fan-out as the local run plays it: the coordinator puts the run's work items on an
// in-memory planning queue, and `workers` planners take them at once, as SQS hands them to the planner
// λ up to its maximum concurrency; items a planner continues go round again until the queue is empty.
// An item whose accounts failed is not delivered again within the hour here: its accounts stay due and
// the next hour's run plans them (in AWS the item also comes back after the visibility timeout).
import { MemoryPlanningQueue } from '../adapters/memory/planning-queue.js';
import { forEachLimited } from '../app/concurrency.js';
import { createCoordinatePlanning } from '../app/coordinate-planning.js';
import type { PlanAccountDeps } from '../app/plan-account.js';
import { type PlannerRun, PlannerRunError } from '../app/plan-accounts.js';
import { createPlanShardRange } from '../app/plan-shard-range.js';
import type { DueShardIndex } from '../core/ports.js';

export interface FanOutOptions {
  /** Planners at once (the construct's `plannerWorkers`). */
  readonly workers: number;
  /** Shards per work item (`plannerShardsPerItem`). */
  readonly shardsPerItem: number;
  /** Accounts per work item before it continues (`plannerAccountsPerItem`; default the construct's). */
  readonly accountsPerItem?: number;
}

export interface FanOutPlannerDeps extends PlanAccountDeps {
  readonly due: DueShardIndex;
  /** Now, as an ISO instant. */
  readonly clock: () => string;
}

/** One planner run: coordinate, then plan every item; the run's totals, or PlannerRunError when accounts failed. */
export function createFanOutPlanner(deps: FanOutPlannerDeps, options: FanOutOptions): () => Promise<PlannerRun> {
  const queue = new MemoryPlanningQueue();
  const coordinate = createCoordinatePlanning({
    work: queue,
    shardCount: deps.due.shardCount,
    shardsPerItem: options.shardsPerItem,
    clock: deps.clock,
    logger: deps.logger,
  });
  const planRange = createPlanShardRange({
    ...deps,
    work: queue,
    ...(options.accountsPerItem === undefined ? {} : { accountsPerItem: options.accountsPerItem }),
  });

  return async () => {
    const { at } = await coordinate();
    let due = 0;
    let planned = 0;
    let touches = 0;
    let failed = 0;
    while (queue.size > 0) {
      await forEachLimited(queue.take(), options.workers, async (work) => {
        let item: PlannerRun;
        try {
          item = await planRange(work);
        } catch (error) {
          if (!(error instanceof PlannerRunError)) throw error;
          item = error.run;
        }
        due += item.due;
        planned += item.planned;
        touches += item.touches;
        failed += item.failed;
      });
    }
    const run: PlannerRun = { at, due, planned, touches, failed };
    if (failed > 0) throw new PlannerRunError(run);
    return run;
  };
}
