// SuppressionRecorder over any AccountStore: marks the contact suppressed in the account's state, for
// good. The planner skips suppressed contacts and the sender re-checks before every send.
import type { AccountStore, SuppressionRecorder } from '../core/ports.js';
import { emptyAccountState, type AccountState, type ContactState, type ContactSuppression } from '../core/state.js';
import { updateAccount } from './update-account.js';

export interface SuppressionOptions {
  /**
   * Program id for an account first seen through a suppression (it still must never be emailed).
   * Only a wiped table gets there: tokens and SES tags name accounts the engine once stored.
   */
  readonly programId?: string;
}

/** The shipped program's id (templates/program.yaml), for functions that do not load the program. */
export const DEFAULT_PROGRAM_ID = 'default';

/** The state with the contact suppressed; null when it already was (the first reason stays). */
export function suppressContact(state: AccountState, contactId: string, reason: ContactSuppression, at: string): AccountState | null {
  const existing = state.contacts[contactId];
  if (existing?.suppressed) return null;
  const contact: ContactState = existing ?? {
    contactId,
    email: null,
    name: null,
    role: null,
    locale: null,
    firstSeenAt: at,
    lastActiveAt: null,
    stamp: null,
    removed: false,
    suppressed: null,
    reonboarding: 'none',
    touches: [],
  };
  return { ...state, contacts: { ...state.contacts, [contactId]: { ...contact, suppressed: { reason, at } } } };
}

export function createStoreSuppressionRecorder(store: AccountStore, options: SuppressionOptions = {}): SuppressionRecorder {
  return {
    async suppress(accountId, contactId, reason, at) {
      await updateAccount(store, accountId, (current) => {
        const next = suppressContact(current ?? emptyAccountState(accountId, options.programId ?? DEFAULT_PROGRAM_ID), contactId, reason, at);
        return next === null ? null : { state: next };
      });
    },
  };
}
