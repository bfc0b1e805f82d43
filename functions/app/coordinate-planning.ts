// Start one planner run (the coordinator λ runs it on the planner's schedule): cut the due index's
// shards into work items and put them on the planning queue, where the planner's workers take them
// in parallel (plan-shard-range.ts). The coordinator reads nothing: every item carries the run's
// instant, so all workers plan as of the same `now`, as the single planner did.
import { planningWorkAt } from '../core/planning-work.js';
import type { Logger, PlanningQueue } from '../core/ports.js';

export interface CoordinatePlanningDeps {
  readonly work: PlanningQueue;
  /** Shards of the due index (DUE_SHARDS). */
  readonly shardCount: number;
  /** Shards per work item (PLANNER_SHARDS_PER_ITEM). */
  readonly shardsPerItem: number;
  /** Now, as an ISO instant. */
  readonly clock: () => string;
  readonly logger: Logger;
}

export interface CoordinatorRun {
  readonly at: string;
  readonly items: number;
  readonly shards: number;
}

export function createCoordinatePlanning(deps: CoordinatePlanningDeps): () => Promise<CoordinatorRun> {
  return async () => {
    const at = deps.clock();
    const items = planningWorkAt(at, deps.shardCount, deps.shardsPerItem);
    // An item that could not be queued throws: the run fails, and its shards wait for the next run
    // (items already queued are planned; the saved next due times keep a later run from planning them twice).
    await deps.work.enqueue(items);
    const run: CoordinatorRun = { at, items: items.length, shards: deps.shardCount };
    deps.logger.info('planner run started', { ...run });
    return run;
  };
}
