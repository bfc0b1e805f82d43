// SuppressionRecorder over any AccountStore (the rule is core/contact-suppression.ts): marks the contact suppressed in the account's state, for
// good. The planner skips suppressed contacts and the sender re-checks before every send.

import { DEFAULT_PROGRAM_ID, suppressContact } from '../core/contact-suppression.js';
import type { AccountStore, SuppressionRecorder } from '../core/ports.js';
import { emptyAccountState } from '../core/state.js';
import { updateAccount } from './update-account.js';

export interface SuppressionOptions {
  /**
   * Program id for an account first seen through a suppression (it still must never be emailed).
   * Only a wiped table gets there: tokens and SES tags name accounts the engine once stored.
   */
  readonly programId?: string;
}

export function createStoreSuppressionRecorder(
  store: AccountStore,
  options: SuppressionOptions = {},
): SuppressionRecorder {
  return {
    async suppress(accountId, contactId, reason, at) {
      await updateAccount(store, accountId, (current) => {
        const next = suppressContact(
          current ?? emptyAccountState(accountId, options.programId ?? DEFAULT_PROGRAM_ID),
          contactId,
          reason,
          at,
        );
        return next === null ? null : { state: next };
      });
    },
  };
}
