// The renewal window of the current term: from `renewal.windowDays` before the renewal date (in the
// account's time zone) until the renewal. Read from the contract (contractOf); no renewal date, no window.
import { contractOf } from './contract.js';
import { localDayStart } from './milestones.js';
import { type Program, renewalOf } from './program.js';
import type { AccountState } from './state.js';
import { addCalendarDays, DAY_MS, toMs } from './time.js';

export interface RenewalWindow {
  /** The renewal date of the current term (`YYYY-MM-DD`, the account's local day). */
  readonly renewalDate: string;
  /** The start of that local day. */
  readonly renewalAt: string;
  /** When the renewal phase starts: the start of the local day `windowDays` before the renewal date. */
  readonly opensAt: string;
  /** When the current term started (the latest renewal, else the contract start). */
  readonly termStartedAt: string;
}

/** The current term's renewal window, or null when the profile or its renewal date is not known. */
export function renewalWindowOf(
  state: Pick<AccountState, 'profile' | 'profileStamp' | 'contract'>,
  program: Program,
): RenewalWindow | null {
  const contract = contractOf(state);
  const profile = state.profile;
  if (contract === null || profile === null || contract.renewalDate === null) return null;
  const { renewalDate } = contract;
  return {
    renewalDate,
    renewalAt: localDayStart(renewalDate, profile.timeZone),
    opensAt: localDayStart(addCalendarDays(renewalDate, -renewalOf(program).windowDays), profile.timeZone),
    termStartedAt: contract.termStartedAt,
  };
}

/** Whether the window is open at `now`: it opened, and stays open past the date until a renewal. */
export function isRenewalWindowOpen(window: RenewalWindow | null, now: string): boolean {
  return window !== null && now >= window.opensAt;
}

/** Days from `now` to the renewal date's start, a part day counted whole (0 or less once the date has come). */
export function daysToRenewal(window: RenewalWindow, now: string): number {
  return Math.ceil((toMs(window.renewalAt) - toMs(now)) / DAY_MS);
}
