// Which basis a promotional touch to a contact may rely on: the one the product stated for the
// contact, else the program's default for contacts of accounts under contract, else none (and then
// the contact gets no promotional email at all).
import type { TouchBasis } from './decisions.js';
import { messageClassOf } from './message-class.js';
import type { Program, TouchKind } from './program.js';
import type { AccountProfile, ContactState } from './state.js';

export function basisFor(
  contact: ContactState,
  profile: AccountProfile,
  program: Pick<Program, 'compliance'>,
  now: string,
): TouchBasis | null {
  if (contact.consent !== undefined) return { basis: contact.consent.basis, from: 'contact' };
  const fallback = program.compliance?.contractedAccountsBasis;
  // Under contract from its start day on (compared as dates: the contract names a day, not an instant).
  if (fallback !== undefined && profile.contractStart <= now.slice(0, 10))
    return { basis: fallback, from: 'program-default' };
  return null;
}

/**
 * Why a promotional kind may not go to this contact now, or null when it may (or the kind is
 * service). `heldUntil`: the end of the account's promotional hold after a detractor (voice.ts), if any.
 */
export function promotionalBlock(
  kind: TouchKind,
  contact: ContactState,
  basis: TouchBasis | null,
  program: Pick<Program, 'messageClasses'>,
  heldUntil: string | null = null,
): 'opted-out-topic' | 'no-basis' | 'detractor-hold' | null {
  if (messageClassOf(program, kind) !== 'promotional') return null;
  if (contact.topicOptOuts?.promotional !== undefined) return 'opted-out-topic';
  if (heldUntil !== null) return 'detractor-hold';
  return basis === null ? 'no-basis' : null;
}
