// Keeps an account's CRM record up to date, on change only, after the planner looked at it: publish
// the change first, then record it in the state. A change whose publish fails (or whose recording
// is lost in a crash) is still different from what the state holds, so the next planning of the
// account publishes it again: at least once, never forgotten. Publishing the same fields twice is
// harmless (the CRM request is a PATCH of the same values).
import { type CrmRecordChange, crmRecordChangeOf, withCrmSynced } from '../core/crm-record.js';
import type { AccountStore, CrmRecordPublisher, Logger } from '../core/ports.js';
import type { Program } from '../core/program.js';
import type { AccountState } from '../core/state.js';
import { errorAttributes } from './log-attributes.js';
import { updateAccount } from './update-account.js';

export interface SyncCrmRecordDeps {
  readonly store: AccountStore;
  readonly crm: CrmRecordPublisher;
  readonly logger: Logger;
}

/** What became of the account's CRM record: nothing to write, published and recorded, or not published. */
export type CrmSyncOutcome = 'unchanged' | 'published' | 'not-published';

/**
 * Publishes the account's CRM change as of `state` (the state just saved or read), then records it.
 * Never throws: the plan is saved and queued already, and a failure here only delays the record.
 */
export async function syncCrmRecord(
  deps: SyncCrmRecordDeps,
  state: AccountState,
  program: Program,
  now: string,
): Promise<CrmSyncOutcome> {
  const change = crmRecordChangeOf(state, program, now);
  if (change === null) return 'unchanged';
  try {
    await deps.crm.publish(change);
  } catch (error) {
    deps.logger.error('CRM change not published', { accountId: state.accountId, ...errorAttributes(error) });
    return 'not-published';
  }
  await recordPublished(deps, change);
  return 'published';
}

async function recordPublished(deps: SyncCrmRecordDeps, change: CrmRecordChange): Promise<void> {
  try {
    await updateAccount(deps.store, change.accountId, (current) => {
      if (current === null) return null;
      const state = withCrmSynced(current, change);
      return state === null ? null : { state };
    });
  } catch (error) {
    // Published but not recorded: the next planning publishes the same fields again.
    deps.logger.warn('CRM change published but not recorded', {
      accountId: change.accountId,
      ...errorAttributes(error),
    });
  }
}
