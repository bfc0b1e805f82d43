// Whether a planned touch's contact may still get this email when its job is sent: things change
// between planning and sending (the contact left, unsubscribed, bounced, refused promotional email or
// surveys, the account's contract ended, a detractor answer put the account's promotional email on hold).
import { isContractEnded } from './contract.js';
import type { PlannedTouch } from './decisions.js';
import type { RenderInput } from './ports.js';
import type { Program } from './program.js';
import { type AccountState, isReachable } from './state.js';
import { detractorHoldUntil } from './voice.js';

/** Why a job's contact may no longer get this email. */
export type Unreachable =
  | 'account-missing'
  | 'profile-missing'
  | 'contact-missing'
  | 'contact-unreachable'
  | 'opted-out-topic'
  /** The account's contract ended since the touch was planned: nothing more goes to it. */
  | 'contract-ended'
  /** A promotional touch, and the account is on hold after a detractor answer at the send time (voice.ts). */
  | 'detractor-hold';

/** Who gets the email and what it is rendered from (all but the link and the time). */
export interface Recipient {
  readonly email: string;
  readonly input: Omit<RenderInput, 'unsubscribeUrl' | 'surveyUrls' | 'now'>;
}

/**
 * The recipient of the touch's email when it is sent at `now`, or why there is none. `program` is the
 * account's program (its `voice.detractorHoldDays`; absent: the default), read for promotional touches.
 */
export function recipientOf(
  state: AccountState | null,
  touch: PlannedTouch,
  now: string,
  program: Pick<Program, 'voice'> = {},
): Recipient | Unreachable {
  if (state === null) return 'account-missing';
  if (state.profile === null) return 'profile-missing';
  if (isContractEnded(state)) return 'contract-ended';
  const contact = state.contacts[touch.contactId];
  if (contact === undefined) return 'contact-missing';
  if (!isReachable(contact) || contact.email === null || contact.name === null || contact.role === null)
    return 'contact-unreachable';
  // A promotional touch (it carries its basis) to a contact who refused promotional email since it was planned.
  if (touch.basis !== undefined && contact.topicOptOuts?.promotional !== undefined) return 'opted-out-topic';
  // A survey to a contact who refused surveys since it was planned.
  if (touch.kind === 'survey' && contact.topicOptOuts?.survey !== undefined) return 'opted-out-topic';
  // A promotional touch planned before a detractor answer arrived: the planner's own hold, at the send time.
  if (touch.basis !== undefined && detractorHoldUntil(state, program, now) !== null) return 'detractor-hold';
  return {
    email: contact.email,
    input: {
      touch,
      account: { ...state.profile, accountId: state.accountId },
      contact: {
        contactId: contact.contactId,
        name: contact.name,
        email: contact.email,
        role: contact.role,
        ...(contact.timeZone === undefined ? {} : { timeZone: contact.timeZone }),
      },
    },
  };
}
