// Plan every due account in one run (the local replay's single planner and the bench): list the due
// accounts over all the due index's shards, then plan each (plan-account.ts). In AWS the run is cut
// into shard ranges instead (coordinate-planning.ts, plan-shard-range.ts), each planned the same way.
import type { Catalogs } from '../core/catalogs.js';
import { TeichakuError } from '../core/errors.js';
import type { AccountStore, DecisionTrail, Logger, SendQueue, SignalPublisher } from '../core/ports.js';
import type { Program } from '../core/program.js';
import type { Programs } from '../core/programs.js';
import { createAccountPlanner } from './plan-account.js';

export interface PlanAccountsDeps {
  readonly store: AccountStore;
  readonly queue: SendQueue;
  readonly publisher: SignalPublisher;
  /** One program, or every program in rule order (the default last): each account is planned with its own. */
  readonly program: Program | Programs;
  readonly catalogs: Catalogs;
  /** Now, as an ISO instant. */
  readonly clock: () => string;
  readonly logger: Logger;
  /** Accounts planned at once (default 8). */
  readonly accountConcurrency?: number;
  /** Where each run's decisions are kept for `teichaku explain` (default: not kept). */
  readonly trail?: DecisionTrail;
}

export interface PlannerRun {
  readonly at: string;
  readonly due: number;
  readonly planned: number;
  readonly touches: number;
  readonly failed: number;
}

/** Some accounts could not be planned; the others were. They stay due and are planned again. */
export class PlannerRunError extends TeichakuError {
  override readonly name = 'PlannerRunError';
  readonly code = 'PLANNER_RUN_PARTIAL';
  constructor(readonly run: PlannerRun) {
    super(
      `planner run at ${run.at}: ${run.failed} of ${run.due} due accounts failed (see the log lines before); they stay due`,
    );
  }
}

export function createPlanAccounts(deps: PlanAccountsDeps): () => Promise<PlannerRun> {
  const planEach = createAccountPlanner(deps);
  return async () => {
    const now = deps.clock();
    // Collected before any write: each save moves the account in the index being read.
    const due: string[] = [];
    for await (const accountId of deps.store.listDue(now)) due.push(accountId);
    const tally = await planEach(due, now);
    const run: PlannerRun = { at: now, due: due.length, ...tally };
    deps.logger.info('planner run', { ...run });
    if (tally.failed > 0) throw new PlannerRunError(run);
    return run;
  };
}
