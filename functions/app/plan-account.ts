// Plan one account at one instant, the step every planner run repeats: plan with the core, save
// (conditional on the version read), then enqueue one send job per planned touch and publish the
// signals. The save comes first: a crash between the two loses that plan's touches (they are never
// sent) but can never queue a plan that was not recorded, or queue one plan twice. The save is also
// what keeps two workers from planning one account twice for one hour: the second reloads after the
// first's save, finds the next due time moved past `now`, and plans nothing (core: planning again
// from the saved state at the same time plans nothing new).
import type { Catalogs } from '../core/catalogs.js';
import { signalAccountOf } from '../core/notifications.js';
import { planTouches } from '../core/plan-touches.js';
import type {
  AccountStore,
  CrmRecordPublisher,
  DecisionTrail,
  Logger,
  SendQueue,
  SignalPublisher,
} from '../core/ports.js';
import type { Program } from '../core/program.js';
import { accountProgram, type Programs } from '../core/programs.js';
import type { AccountState } from '../core/state.js';
import { forEachLimited } from './concurrency.js';
import { errorAttributes } from './log-attributes.js';
import { publishOrLog } from './publish-signals.js';
import { syncCrmRecord } from './sync-crm-record.js';
import { updateAccount } from './update-account.js';

export interface PlanAccountDeps {
  readonly store: AccountStore;
  readonly queue: SendQueue;
  readonly publisher: SignalPublisher;
  /** One program, or every program in rule order (the default last): each account is planned with its own. */
  readonly program: Program | Programs;
  readonly catalogs: Catalogs;
  readonly logger: Logger;
  /** Accounts planned at once (default 8). */
  readonly accountConcurrency?: number;
  /** Where each run's decisions are kept for `teichaku explain` (default: not kept). */
  readonly trail?: DecisionTrail;
  /**
   * Where an account's CRM record changes go (`CRM Record Changed`, app/sync-crm-record.ts): looked at
   * each time the account is planned, after its plan is saved and queued (default: not kept in sync).
   */
  readonly crm?: CrmRecordPublisher;
}

/** What planning a list of accounts came to. */
export interface PlanTally {
  readonly planned: number;
  readonly touches: number;
  readonly failed: number;
}

/** Plans accounts at `now`, `accountConcurrency` at a time; an account that fails is logged and counted, the others go on. */
export function createAccountPlanner(
  deps: PlanAccountDeps,
): (accountIds: readonly string[], now: string) => Promise<PlanTally> {
  const { store, queue, publisher, program, catalogs, logger } = deps;

  async function planAccount(accountId: string, now: string): Promise<number> {
    let read: AccountState | null = null;
    const outcome = await updateAccount(store, accountId, (current) => {
      read = current;
      if (current === null) return null;
      const plan = planTouches(current, now, accountProgram(current, program), catalogs);
      return plan.changed ? plan : null;
    });
    if (outcome === null) {
      // Nothing to plan, but what the CRM shows may still have changed since (an event applied).
      const unchanged: AccountState | null = read;
      if (unchanged !== null) await syncCrm(unchanged, now);
      return 0;
    }
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
    await publishOrLog(publisher, logger, signals, { accountId }, signalAccountOf(outcome.saved));
    await syncCrm(outcome.saved, now);
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

  async function syncCrm(state: AccountState, now: string): Promise<void> {
    if (deps.crm === undefined) return;
    await syncCrmRecord({ store, crm: deps.crm, logger }, state, accountProgram(state, program), now);
  }

  return async (accountIds, now) => {
    let planned = 0;
    let touches = 0;
    let failed = 0;
    await forEachLimited(accountIds, deps.accountConcurrency ?? 8, async (accountId) => {
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
    return { planned, touches, failed };
  };
}
