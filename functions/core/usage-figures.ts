// The account's own figures over a period, as the value review (the term so far) and the monthly
// summary (the last 30 days) show them: people using the product at the start and now, people active
// lately, milestones reached in the period and features in use by stage. Computed from the state at
// planning time and carried on the planned touch, so the email says what the engine saw.
import { FEATURE_STAGES, type FeatureStage, type Program } from './program.js';
import type { AccountState, ContactState } from './state.js';
import { addCalendarDays, localDate } from './time.js';

/** Days counted as "lately" for the active people: the same window as a person's activity level. */
export const ACTIVE_WINDOW_DAYS = 30;

/** At most this many milestones are carried (a program's milestones, in its order). */
export const MAX_FIGURE_MILESTONES = 32;

export interface StageFigures {
  readonly stage: FeatureStage;
  /** The program's features of the stage. */
  readonly total: number;
  /** Of those, the ones the account had used by the period's start, and by its end. */
  readonly usedAtStart: number;
  readonly usedNow: number;
}

export interface UsageFigures {
  /** The period: from its start (the term's start, or 30 days back) to the planning time. */
  readonly from: string;
  readonly to: string;
  /** People at the account (not removed) who had used a program feature by `from`, and by `to`. */
  readonly peopleAtStart: number;
  readonly peopleNow: number;
  /** People known at the account now (not removed): what the people bars are measured against. */
  readonly peopleKnown: number;
  /** People active on at least one local day of the last ACTIVE_WINDOW_DAYS days up to `to`. */
  readonly activePeople30: number;
  /** Milestones reached within the period, in the program's order, with when. */
  readonly milestones: readonly { readonly id: string; readonly reachedAt: string }[];
  /** One entry per stage, in stage order (basic, advanced, new). */
  readonly features: readonly StageFigures[];
}

function usedBy(contact: ContactState, at: string): boolean {
  const firsts = contact.featuresFirstUsed;
  if (firsts === undefined) return false;
  for (const action in firsts) if ((firsts[action] as string) <= at) return true;
  return false;
}

function activePeople(state: AccountState, to: string): number {
  const timeZone = state.profile?.timeZone ?? 'UTC';
  const today = localDate(to, timeZone);
  const first = addCalendarDays(today, 1 - ACTIVE_WINDOW_DAYS);
  const people = new Set<string>();
  for (const day in state.activeDays) {
    if (day < first || day > today) continue;
    for (const id of state.activeDays[day] ?? []) if (state.contacts[id]?.removed !== true) people.add(id);
  }
  return people.size;
}

function featureUsedBy(state: AccountState, action: string, at: string): boolean {
  const first = state.actionsFirstSeen[action];
  return first !== undefined && first <= at;
}

/** The figures of the period from `from` to `to` (ISO instants, `from` ≤ `to`). */
export function usageFiguresOf(state: AccountState, program: Program, from: string, to: string): UsageFigures {
  let peopleAtStart = 0;
  let peopleNow = 0;
  let peopleKnown = 0;
  for (const id in state.contacts) {
    const contact = state.contacts[id] as ContactState;
    if (contact.removed) continue;
    peopleKnown += 1;
    if (usedBy(contact, from)) peopleAtStart += 1;
    if (usedBy(contact, to)) peopleNow += 1;
  }
  const milestones = program.milestones
    .map((m) => ({ id: m.id, reachedAt: state.milestones[m.id] }))
    .filter((m): m is { id: string; reachedAt: string } => m.reachedAt !== undefined)
    .filter((m) => m.reachedAt > from && m.reachedAt <= to)
    .slice(0, MAX_FIGURE_MILESTONES);
  const features = FEATURE_STAGES.map((stage) => {
    const ofStage = program.features.filter((f) => f.stage === stage);
    return {
      stage,
      total: ofStage.length,
      usedAtStart: ofStage.filter((f) => featureUsedBy(state, f.action, from)).length,
      usedNow: ofStage.filter((f) => featureUsedBy(state, f.action, to)).length,
    };
  });
  return {
    from,
    to,
    peopleAtStart,
    peopleNow,
    peopleKnown,
    activePeople30: activePeople(state, to),
    milestones,
    features,
  };
}
