// Suppressing a contact for good (a bounce, a complaint, an unsubscribe): the planner skips suppressed
// contacts and the sender re-checks before every send. The first reason stays.
import { type AccountState, blankContact, type ContactState, type ContactSuppression } from './state.js';

/** The shipped program's id (templates/program.yaml), for functions that do not load the program. */
export const DEFAULT_PROGRAM_ID = 'default';

/** The state with the contact suppressed; null when it already was (the first reason stays). */
export function suppressContact(
  state: AccountState,
  contactId: string,
  reason: ContactSuppression,
  at: string,
): AccountState | null {
  const existing = state.contacts[contactId];
  if (existing?.suppressed) return null;
  const contact: ContactState = existing ?? blankContact(contactId, at);
  return { ...state, contacts: { ...state.contacts, [contactId]: { ...contact, suppressed: { reason, at } } } };
}
