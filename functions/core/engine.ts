// The engine's two verbs, as the handlers see them. Implemented in apply-events.ts and plan-touches.ts.
import type { ProductEvent } from './events.js';
import type { Decision, PlannedTouch } from './decisions.js';
import type { Signal } from './signals.js';
import type { AccountState } from './state.js';

export type IgnoredReason = 'duplicate' | 'stale' | 'other-account';

export interface ApplyResult {
  readonly state: AccountState;
  /** Signals raised by the change (milestone reached, phase changed), once each. */
  readonly signals: readonly Signal[];
}

export interface PlanResult {
  /** The state after planning: health, phase, cadence step, contacts' touch history, next due time. */
  readonly state: AccountState;
  /** One decision per contact looked at in this run. */
  readonly decisions: readonly Decision[];
  /** The `sent` decisions' touches, to enqueue for the sender. */
  readonly touches: readonly PlannedTouch[];
  readonly signals: readonly Signal[];
}

export type { ProductEvent };
