// The value review: once per term, `valueReview.daysBefore` days before the renewal date (the
// account's local days), the owners and admins get the account's own figures for the term. The
// window and its due time come from the contract alone (`contractOf`), whatever the account's phase.
import { contractOf } from './contract.js';
import { localDayStart } from './milestones.js';
import { type Program, valueReviewOf } from './program.js';
import type { AccountState } from './state.js';
import { addCalendarDays } from './time.js';

export interface ReviewWindow {
  /** The renewal date the review is for (`YYYY-MM-DD`): one review per term. */
  readonly renewalDate: string;
  /** When the current term started: the figures are counted from there. */
  readonly termStartedAt: string;
  /** The start of the local day `daysBefore` days before the renewal date. */
  readonly opensAt: string;
  /** The start of the renewal date: no review on or after it. */
  readonly closesAt: string;
}

/** The current term's review window, or null without a renewal date (or once the contract ended). */
export function valueReviewWindow(
  state: Pick<AccountState, 'profile' | 'profileStamp' | 'contract'>,
  program: Program,
): ReviewWindow | null {
  const contract = contractOf(state);
  if (contract === null || contract.renewalDate === null || contract.ended !== null) return null;
  const timeZone = (state.profile as { timeZone: string }).timeZone;
  const opensOn = addCalendarDays(contract.renewalDate, -valueReviewOf(program).daysBefore);
  return {
    renewalDate: contract.renewalDate,
    termStartedAt: contract.termStartedAt,
    opensAt: localDayStart(opensOn, timeZone),
    closesAt: localDayStart(contract.renewalDate, timeZone),
  };
}

export function isReviewWindowOpen(window: ReviewWindow, now: string): boolean {
  return window.opensAt <= now && now < window.closesAt;
}

/** What a review is about, for the touch id and the once-per-term rule. */
export function reviewSubject(window: Pick<ReviewWindow, 'renewalDate'>): string {
  return `renewal-${window.renewalDate}`;
}

/**
 * When the planner must look at the account for its review: the window's opening, until the review
 * of this renewal date was looked at (`valueReviewedFor`); null without a window.
 */
export function valueReviewDueAt(state: AccountState, program: Program): string | null {
  const window = valueReviewWindow(state, program);
  if (window === null || state.valueReviewedFor === window.renewalDate) return null;
  return window.opensAt;
}

export function withValueReviewHandled(state: AccountState, renewalDate: string): AccountState {
  return state.valueReviewedFor === renewalDate ? state : { ...state, valueReviewedFor: renewalDate };
}
