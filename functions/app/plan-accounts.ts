// Plan the due accounts (the planner λ runs it hourly): for each account the due index says is due,
// plan with the core, save, then enqueue one send job per planned touch and publish the signals. The
// save comes first: a crash between the two loses that plan's touches (they are never sent) but can
// never queue a plan that was not recorded, or queue one plan twice.
import type { Catalogs } from '../core/catalogs.js';
import { TeichakuError } from '../core/errors.js';
import { planTouches } from '../core/plan-touches.js';
import type { AccountStore, DecisionTrail, Logger, SendQueue, SignalPublisher } from '../core/ports.js';
import type { Program } from '../core/program.js';
import { accountProgram, type Programs } from '../core/programs.js';
import { forEachLimited } from './concurrency.js';
import { errorAttributes } from './log-attributes.js';
import { publishOrLog } from './publish-signals.js';
import { updateAccount } from './update-account.js';

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

/** Some accounts could not be planned; the others were. The next run picks the failed ones up again. */
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
  const { store, queue, publisher, program, catalogs, logger } = deps;

  async function planAccount(accountId: string, now: string): Promise<number> {
    const outcome = await updateAccount(store, accountId, (current) => {
      if (current === null) return null;
      const plan = planTouches(current, now, accountProgram(current, program), catalogs);
      return plan.changed ? plan : null;
    });
    if (outcome === null) return 0;
    const { touches, signals, decisions } = outcome.result;
    const skipped = decisions.filter((d) => d.outcome === 'skipped').length;
    logger.info('account planned', {
      accountId,
      touches: touches.length,
      skipped,
      nextDueAt: outcome.saved.cadence.nextDueAt,
      attempts: outcome.attempts,
    });
    // Saved first (see above); an enqueue failure now fails this account and is logged with the
    // touch ids, which stay unsent.
    if (touches.length > 0) await queue.enqueue(touches);
    await publishOrLog(publisher, logger, signals, { accountId });
    // A run that only rescheduled (no decision, no signal) leaves no trail: nothing to explain.
    if (deps.trail !== undefined && (decisions.length > 0 || signals.length > 0)) {
      try {
        await deps.trail.record({ at: now, state: outcome.saved, decisions, signals });
      } catch (error) {
        // The plan is saved and its touches queued: failing the account now would not plan it again,
        // only count a failure. The trail of this run is lost; the log line says which.
        logger.error('decisions not recorded', { accountId, decisions: decisions.length, ...errorAttributes(error) });
      }
    }
    return touches.length;
  }

  return async () => {
    const now = deps.clock();
    // Collected before any write: each save moves the account in the index being read.
    const due: string[] = [];
    for await (const accountId of store.listDue(now)) due.push(accountId);
    let planned = 0;
    let touches = 0;
    let failed = 0;
    await forEachLimited(due, deps.accountConcurrency ?? 8, async (accountId) => {
      try {
        // Awaited first: `touches += await ...` would read the total before the await and lose the
        // other accounts' counts added meanwhile.
        const plannedTouches = await planAccount(accountId, now);
        touches += plannedTouches;
        planned++;
      } catch (error) {
        failed++;
        logger.error('account not planned', { accountId, ...errorAttributes(error) });
      }
    });
    const run: PlannerRun = { at: now, due: due.length, planned, touches, failed };
    logger.info('planner run', { ...run });
    if (failed > 0) throw new PlannerRunError(run);
    return run;
  };
}
