// The engine's two verbs, as the handlers see them. Implemented in apply-events.ts and plan-touches.ts.

import type { Decision, PlannedTouch } from './decisions.js';
import type { ProductEvent } from './events.js';
import type { Signal } from './signals.js';
import type { AccountState } from './state.js';

/**
 * Why an event changed nothing: `duplicate` (the state already held that very fact: a redelivery, the
 * same event twice in a batch, or more usage of an action by a person on a local day already recorded
 * for them), `stale` (the state holds something newer: an older upsert, usage
 * before the kept days or before the person's latest activity, a later onboarding completion), or
 * `other-account` (addressed to another account than the one applied).
 */
export type IgnoredReason = 'duplicate' | 'stale' | 'other-account';
export const IGNORED_REASONS = ['duplicate', 'stale', 'other-account'] as const satisfies readonly IgnoredReason[];

export interface ApplyResult {
  readonly state: AccountState;
  /** Signals raised by the change (milestone reached, phase changed), once each. */
  readonly signals: readonly Signal[];
  /** Events of the batch that changed nothing, counted by reason. */
  readonly ignored: Readonly<Record<IgnoredReason, number>>;
  /**
   * Whether `state` differs from the state applied to (its version aside): false means there is
   * nothing to write. Tracked while the events are applied, never by comparing whole states.
   */
  readonly changed: boolean;
}

export interface PlanResult {
  /** The state after planning: health, phase, cadence step, contacts' touch history, next due time. */
  readonly state: AccountState;
  /** One decision per contact looked at in this run. */
  readonly decisions: readonly Decision[];
  /** The `sent` decisions' touches, to enqueue for the sender. */
  readonly touches: readonly PlannedTouch[];
  readonly signals: readonly Signal[];
  /** Whether `state` differs from the state planned from (its version aside): false means nothing to write. */
  readonly changed: boolean;
}

export type { ProductEvent };
