// Usage per person: which of the program's features a person has used, how active they are, and
// which features their role can use. All derived from facts the account state keeps anyway (the
// contact's first use of each feature, the active contacts of each local day), so nothing here is
// stored twice and the same state always gives the same answer.
import type { ContactRole } from './events.js';
import type { Feature } from './program.js';
import type { AccountState, ContactState } from './state.js';
import { addCalendarDays, localDate } from './time.js';

/** At most this many feature first-uses are kept per person (a program has at most 64 features). */
export const MAX_PERSON_FEATURES = 64;

/** The days counted for a person's activity level. */
export const ACTIVITY_WINDOW_DAYS = 30;

/**
 * Activity levels by active days in the last 30: `light` under 4 (less than about once a week: the
 * product is not yet a habit), `power` from 12 on (about three days a week or more), `regular` between.
 */
export const ACTIVITY_THRESHOLDS = { regularFrom: 4, powerFrom: 12 } as const;

export const ACTIVITY_LEVELS = ['light', 'regular', 'power'] as const;
export type ActivityLevel = (typeof ACTIVITY_LEVELS)[number];

/** Local days (account time zone) in the 30 days up to `now`, the day of `now` included, on which the person was active. */
export function personActiveDays(state: AccountState, contactId: string, now: string): number {
  const timeZone = state.profile?.timeZone ?? 'UTC';
  const today = localDate(now, timeZone);
  const from = addCalendarDays(today, 1 - ACTIVITY_WINDOW_DAYS);
  let days = 0;
  for (const day in state.activeDays) {
    if (day < from || day > today) continue;
    if (state.activeDays[day]?.includes(contactId)) days += 1;
  }
  return days;
}

export function activityLevelOf(activeDays: number): ActivityLevel {
  if (activeDays >= ACTIVITY_THRESHOLDS.powerFrom) return 'power';
  if (activeDays >= ACTIVITY_THRESHOLDS.regularFrom) return 'regular';
  return 'light';
}

export function activityLevel(state: AccountState, contactId: string, now: string): ActivityLevel {
  return activityLevelOf(personActiveDays(state, contactId, now));
}

/** True when the person used the feature by `now`. */
export function personUsed(contact: ContactState, feature: Feature, now: string): boolean {
  const first = contact.featuresFirstUsed?.[feature.action];
  return first !== undefined && first <= now;
}

/**
 * True when the person's role can use the feature: every role when the feature names none; a person
 * whose role is not known yet only features open to every role.
 */
export function roleCanUse(role: ContactRole | null, feature: Feature): boolean {
  if (feature.roles === undefined) return true;
  return role !== null && feature.roles.includes(role);
}

/** How many other people at the account (not removed) used the feature by `now`. */
export function colleaguesUsing(state: AccountState, contactId: string, feature: Feature, now: string): number {
  let count = 0;
  for (const id in state.contacts) {
    const other = state.contacts[id] as ContactState;
    if (id === contactId || other.removed) continue;
    if (personUsed(other, feature, now)) count += 1;
  }
  return count;
}
