// How the phase moves after onboarding: adoption ends early, when the account is expansion-ready by
// the program's rule, or by the calendar; then retention until the renewal window opens, renewal until
// a `Contract Renewed` starts the next term, and retention again. Expansion-ready accounts keep their
// phase (it is what the CS team acts on) but enter renewal like the others, and a new term puts them
// in retention. The planner moves the phase; apply only moves onboarding to adoption.

import { adoptionEndAt } from './adoption-end.js';
import { featureUse } from './assess.js';
import type { Program } from './program.js';
import { isRenewalWindowOpen, type RenewalWindow, renewalWindowOf } from './renewal-window.js';
import type { AccountState, HealthAssessment, Phase } from './state.js';

/** The phases an account moves between, and where each may go: the only moves the planner or apply makes. */
export const PHASE_MOVES: Readonly<Record<Phase, readonly Phase[]>> = {
  onboarding: ['adoption'],
  adoption: ['expansion-ready', 'retention', 'renewal'],
  'expansion-ready': ['retention', 'renewal'],
  retention: ['renewal'],
  renewal: ['retention'],
  ended: [],
};

/** The phases after adoption, while the contract runs: the retention cadence applies in each. */
export function isAfterAdoption(phase: Phase): phase is 'expansion-ready' | 'retention' | 'renewal' {
  return phase === 'expansion-ready' || phase === 'retention' || phase === 'renewal';
}

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

/**
 * When the retention cadence counts from: set on leaving adoption and on each new term; items
 * written before it was kept count from their phase change.
 */
export function cadenceSinceOf(state: AccountState): string | null {
  return state.cadence.since ?? state.phaseChangedAt ?? state.onboardingCompletedAt;
}

/**
 * The start of a term that began after the retention cadence's start, by `now`: a `Contract Renewed`
 * the account has not started a new term for yet. Null when there is none.
 */
export function newTermAt(state: AccountState, window: RenewalWindow | null, now: string | null): string | null {
  if (!isAfterAdoption(state.phase) || window === null) return null;
  const since = cadenceSinceOf(state);
  const started = window.termStartedAt;
  if (since === null || started <= since || (now !== null && started > now)) return null;
  return started;
}

/**
 * The renewal phase is left when a new term started after it began, or when its window no longer
 * contains the time it began (the renewal date was taken away, or moved later).
 */
function leavesRenewal(state: AccountState, window: RenewalWindow | null, now: string | null): boolean {
  const began = state.phaseChangedAt ?? '';
  if (window === null || window.opensAt > began) return true;
  return window.termStartedAt > began && (now === null || window.termStartedAt <= now);
}

/** The phase the account moves to at `now`, or null when it stays. Apply moves onboarding; nothing moves `ended`. */
export function nextPhase(state: AccountState, program: Program, health: HealthAssessment, now: string): Phase | null {
  const window = renewalWindowOf(state, program);
  switch (state.phase) {
    case 'onboarding':
    case 'ended':
      return null;
    case 'adoption': {
      if (state.onboardingCompletedAt === null) return null;
      if (isExpansionReady(state, program, health, now)) return 'expansion-ready';
      if (now < adoptionEndAt(state.onboardingCompletedAt, program.cadence)) return null;
      return isRenewalWindowOpen(window, now) ? 'renewal' : 'retention';
    }
    case 'expansion-ready':
      if (newTermAt(state, window, now) !== null) return 'retention';
      return isRenewalWindowOpen(window, now) ? 'renewal' : null;
    case 'retention':
      return isRenewalWindowOpen(window, now) ? 'renewal' : null;
    case 'renewal':
      return leavesRenewal(state, window, now) ? 'retention' : null;
  }
}

/**
 * When the phase would move by the calendar or by a contract event, as far as the state tells
 * without a health check: the window's opening in retention and expansion-ready, at once in renewal
 * when it is to be left, and a new term's start (the retention cadence restarts there). Null: no such move ahead.
 */
export function nextPhaseMoveAt(state: AccountState, program: Program): string | null {
  if (!isAfterAdoption(state.phase)) return null;
  const window = renewalWindowOf(state, program);
  const term = newTermAt(state, window, null);
  if (term !== null) return term;
  if (state.phase === 'renewal') return leavesRenewal(state, window, null) ? (state.phaseChangedAt ?? null) : null;
  return window?.opensAt ?? null;
}

/**
 * The account in phase `to` from `now`. Leaving adoption starts the retention cadence; a move within
 * the phases after adoption keeps it (a new term restarts it: see restartForNewTerm).
 */
export function enterPhase(state: AccountState, to: Phase, now: string): AccountState {
  const { waiting: _, ...cadence } = state.cadence;
  if (state.phase === 'adoption') {
    return { ...state, phase: to, phaseChangedAt: now, cadence: { ...cadence, step: 0, retryAt: null, since: now } };
  }
  const since = cadenceSinceOf(state);
  return {
    ...state,
    phase: to,
    phaseChangedAt: now,
    cadence: { ...state.cadence, retryAt: null, ...(since === null ? {} : { since }) },
  };
}

/** After adoption, a term started since the retention cadence's start restarts the cadence from the renewal. */
export function restartForNewTerm(state: AccountState, program: Program, now: string): AccountState {
  const term = newTermAt(state, renewalWindowOf(state, program), now);
  if (term === null) return state;
  const { waiting: _, ...cadence } = state.cadence;
  return { ...state, cadence: { ...cadence, step: 0, retryAt: null, since: term } };
}
