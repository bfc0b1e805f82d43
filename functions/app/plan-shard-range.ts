// Plan one work item of a planner run (the planner λ runs it for each message of the planning queue):
// list the due accounts of the item's shards as of the run's instant, plan at most `accountsPerItem`
// of them (plan-account.ts), and hand the rest on as a new item that starts after the last account
// taken, so a hot shard is cut into pieces that each end well inside the function's timeout.
//
// The continuation is queued before planning, so another worker can start on the rest at once. A
// worker that dies leaves its message to come back after the visibility timeout; the retry lists
// again from the same place, finds the accounts the dead worker saved no longer due, and plans the
// others. A retry may queue its continuation a second time: that copy finds its accounts planned and
// plans nothing (each account's saved next due time is written on a version condition, see plan-account.ts).
import { continuationOf, type DueEntry, type PlanningWork, type ShardRange } from '../core/planning-work.js';
import type { DueShardIndex, PlanningQueue } from '../core/ports.js';
import { createAccountPlanner, type PlanAccountDeps } from './plan-account.js';
import { type PlannerRun, PlannerRunError } from './plan-accounts.js';

/** Accounts one work item plans before the rest goes on in a new item (the `plannerAccountsPerItem` prop's default). */
export const DEFAULT_ACCOUNTS_PER_ITEM = 1_000;

export interface PlanShardRangeDeps extends PlanAccountDeps {
  readonly due: DueShardIndex;
  /** Where the rest of an item that reached its limit goes. */
  readonly work: PlanningQueue;
  /** Accounts an item plans before the rest continues in a new item (default DEFAULT_ACCOUNTS_PER_ITEM). */
  readonly accountsPerItem?: number;
}

export interface ShardRangeRun extends PlannerRun {
  readonly shards: ShardRange;
  /** Whether the rest of the range went on in a new item. */
  readonly continued: boolean;
}

export function createPlanShardRange(deps: PlanShardRangeDeps): (work: PlanningWork) => Promise<ShardRangeRun> {
  const limit = deps.accountsPerItem ?? DEFAULT_ACCOUNTS_PER_ITEM;
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`accounts per work item must be a positive whole number, got ${limit}`);
  const planEach = createAccountPlanner(deps);

  return async (work) => {
    // Collected before any write: each save moves the account in the index being read. One more than
    // the limit is listed, to know whether a rest exists.
    const taken: DueEntry[] = [];
    let more = false;
    for await (const entry of deps.due.listDueIn(work.shards, work.at, work.after)) {
      if (taken.length === limit) {
        more = true;
        break;
      }
      taken.push(entry);
    }
    const last = taken[taken.length - 1];
    if (more && last !== undefined) await deps.work.enqueue([continuationOf(work, last)]);
    const tally = await planEach(
      taken.map((e) => e.accountId),
      work.at,
    );
    const run: ShardRangeRun = { at: work.at, shards: work.shards, due: taken.length, ...tally, continued: more };
    deps.logger.info('planner work item', {
      at: run.at,
      firstShard: work.shards.first,
      lastShard: work.shards.last,
      continuedAfter: work.after?.accountId ?? null,
      due: run.due,
      planned: run.planned,
      touches: run.touches,
      failed: run.failed,
      continued: run.continued,
    });
    if (tally.failed > 0) throw new PlannerRunError(run);
    return run;
  };
}
