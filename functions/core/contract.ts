// The account's contract as the engine reads it: the current term, its renewal date and value, and
// whether it ended. Derived from the profile (`Account Upserted`) and the contract events, each kept
// as a maximum (see ContractFacts), so the same events in any order give the same contract.
import type { ContractEndReason } from './events.js';
import { localDayStart } from './milestones.js';
import type { AccountState } from './state.js';

export interface Contract {
  /** When the current term started: the latest renewal, else the contract start (its local day's start). */
  readonly termStartedAt: string;
  /** The end of the current term (`YYYY-MM-DD`), when known. */
  readonly renewalDate: string | null;
  /** The yearly value and its currency, when known (always together). */
  readonly value: { readonly arr: number; readonly currency: string } | null;
  /** Set while the contract is ended: when, and why when the product said. */
  readonly ended: { readonly at: string; readonly reason: ContractEndReason | null } | null;
}

/**
 * Whether the contract is ended: a `Contract Ended` was received and no `Contract Renewed` came
 * after it (a renewal dated after the end wins the account back; one at the same instant does not).
 */
export function isContractEnded(state: Pick<AccountState, 'contract'>): boolean {
  const ended = state.contract?.ended;
  if (ended === undefined) return false;
  const renewed = state.contract?.renewed;
  return renewed === undefined || renewed.at <= ended.at;
}

/**
 * The contract, or null before the profile is known. Where the profile and the latest renewal both
 * state a renewal date (or a value), the later of the two says it: the renewal when its `renewedAt`
 * is after the profile's event time, else the profile, when it states one.
 */
export function contractOf(state: Pick<AccountState, 'profile' | 'profileStamp' | 'contract'>): Contract | null {
  const profile = state.profile;
  if (profile === null) return null;
  const renewed = state.contract?.renewed;
  const renewalNewer = renewed !== undefined && (state.profileStamp === null || renewed.at > state.profileStamp.at);
  const profileValue =
    profile.arr !== undefined && profile.currency !== undefined
      ? { arr: profile.arr, currency: profile.currency }
      : null;
  const renewalValue =
    renewed?.arr !== undefined && renewed.currency !== undefined
      ? { arr: renewed.arr, currency: renewed.currency }
      : null;
  const ending = state.contract?.ended;
  return {
    termStartedAt: renewed?.at ?? localDayStart(profile.contractStart, profile.timeZone),
    renewalDate: renewalNewer ? (renewed?.renewalDate ?? null) : (profile.renewalDate ?? renewed?.renewalDate ?? null),
    value: renewalNewer ? (renewalValue ?? profileValue) : (profileValue ?? renewalValue),
    ended: ending !== undefined && isContractEnded(state) ? { at: ending.at, reason: ending.reason ?? null } : null,
  };
}
