// Celebrations: when the account reaches its value milestone or an adoption milestone, its key
// contacts get a short congratulation with the next goal. A milestone is celebrated while fresh
// (CELEBRATION_FRESH_DAYS after it was reached), at most once a week per person; the milestones the
// planner has looked at are kept (`celebrated`), so each brings the account due once.
import { type Milestone, type Program, valueMilestoneOf } from './program.js';
import type { AccountState } from './state.js';
import { DAY_MS, toIso, toMs } from './time.js';

/** A person gets at most one celebration in this many days. */
export const CELEBRATION_GAP_DAYS = 7;

/** A milestone reached longer ago than this is not celebrated any more: the news is old. */
export const CELEBRATION_FRESH_DAYS = 7;

/** At most this many milestone ids are kept as looked at (a program's milestones). */
export const MAX_CELEBRATED = 64;

/** The milestones worth a celebration: the adoption ones and the value milestone, in program order. */
export function celebrationMilestones(program: Program): Milestone[] {
  const value = valueMilestoneOf(program);
  return program.milestones.filter((m) => m.phase === 'adoption' || m.id === value);
}

export interface ReachedMilestone {
  readonly id: string;
  readonly reachedAt: string;
}

/** Milestones reached within CELEBRATION_FRESH_DAYS up to `now`, the latest first (then program order). */
export function freshMilestones(state: AccountState, program: Program, now: string): ReachedMilestone[] {
  const since = toIso(toMs(now) - CELEBRATION_FRESH_DAYS * DAY_MS);
  return celebrationMilestones(program)
    .map((m) => ({ id: m.id, reachedAt: state.milestones[m.id] }))
    .filter((m): m is ReachedMilestone => m.reachedAt !== undefined && m.reachedAt > since && m.reachedAt <= now)
    .sort((a, b) => (a.reachedAt > b.reachedAt ? -1 : a.reachedAt < b.reachedAt ? 1 : 0));
}

/** The next goal: the first milestone worth a celebration not reached by `now`, by due day, then program order. */
export function nextGoal(state: AccountState, program: Program, now: string): Milestone | null {
  const open = celebrationMilestones(program).filter((m) => {
    const reachedAt = state.milestones[m.id];
    return reachedAt === undefined || reachedAt > now;
  });
  return open.reduce<Milestone | null>((a, b) => (a === null || b.dueDay < a.dueDay ? b : a), null);
}

/** Reached milestones the planner has not looked at yet, by id (reached by `now` when given). */
export function uncelebrated(state: AccountState, program: Program, now?: string): ReachedMilestone[] {
  const seen = new Set(state.celebrated ?? []);
  return celebrationMilestones(program)
    .map((m) => ({ id: m.id, reachedAt: state.milestones[m.id] }))
    .filter((m): m is ReachedMilestone => m.reachedAt !== undefined && !seen.has(m.id))
    .filter((m) => now === undefined || m.reachedAt <= now);
}

/** When a reached milestone brings the account due: the earliest one not looked at yet. */
export function celebrationDueAt(state: AccountState, program: Program): string | null {
  let due: string | null = null;
  for (const m of uncelebrated(state, program)) if (due === null || m.reachedAt < due) due = m.reachedAt;
  return due;
}

export function withCelebrationsHandled(state: AccountState, ids: readonly string[]): AccountState {
  if (ids.length === 0) return state;
  const celebrated = [...new Set([...(state.celebrated ?? []), ...ids])].sort().slice(0, MAX_CELEBRATED);
  return { ...state, celebrated };
}
