// `Renewal Approaching`: what the CS team gets when an account's renewal window opens.
import { MONTH_DAYS } from './assess.js';
import { contractOf } from './contract.js';
import { accountTimeZone } from './milestones.js';
import { daysToRenewal, type RenewalWindow } from './renewal-window.js';
import type { Signal } from './signals.js';
import type { AccountState, HealthAssessment } from './state.js';
import { addCalendarDays, localDate } from './time.js';

/** People active on any of the last MONTH_DAYS local days up to `now`'s (the account's time zone). */
export function activePeopleOf(state: AccountState, now: string): number {
  const today = localDate(now, accountTimeZone(state));
  const from = addCalendarDays(today, -MONTH_DAYS);
  const people = new Set<string>();
  for (const day in state.activeDays) {
    if (day <= from || day > today) continue;
    for (const id of state.activeDays[day] ?? []) people.add(id);
  }
  return people.size;
}

export function renewalApproaching(
  state: AccountState,
  window: RenewalWindow,
  health: HealthAssessment,
  now: string,
): Signal {
  const value = contractOf(state)?.value ?? null;
  return {
    type: 'Renewal Approaching',
    accountId: state.accountId,
    at: now,
    renewalDate: window.renewalDate,
    daysToRenewal: daysToRenewal(window, now),
    termStartedAt: window.termStartedAt,
    score: health.score,
    atRisk: health.atRisk,
    activePeople: activePeopleOf(state, now),
    milestonesReached: Object.values(state.milestones).filter((at) => at <= now).length,
    ...(value === null ? {} : { arr: value.arr, currency: value.currency }),
  };
}
