// How adoption ends: early, when the account is expansion-ready by the program's rule, or by the calendar.

import { adoptionEndAt } from './adoption-end.js';
import { featureUse } from './assess.js';
import type { Program } from './program.js';
import type { AccountState, HealthAssessment, Phase } from './state.js';

/** All adoption milestones reached, enough advanced features in use, and health high enough. */
export function isExpansionReady(
  state: AccountState,
  program: Program,
  health: HealthAssessment,
  now: string,
): boolean {
  const rule = program.expansionReady;
  if (rule.allMilestones) {
    const missing = program.milestones.some((m) => {
      if (m.phase !== 'adoption') return false;
      const reachedAt = state.milestones[m.id];
      return reachedAt === undefined || reachedAt > now;
    });
    if (missing) return false;
  }
  return featureUse(state, program, now).advanced.used >= rule.minAdvancedFeatures && health.score >= rule.minHealth;
}

/** The phase adoption moves to at `now`, or null when it stays. Only adoption moves here. */
export function phaseAfterAdoption(
  state: AccountState,
  program: Program,
  health: HealthAssessment,
  now: string,
): Phase | null {
  if (state.phase !== 'adoption' || state.onboardingCompletedAt === null) return null;
  if (isExpansionReady(state, program, health, now)) return 'expansion-ready';
  if (now >= adoptionEndAt(state.onboardingCompletedAt, program.cadence)) return 'ended';
  return null;
}
