// Whether automated sending may go on. It stops by itself (our own rates crossed a threshold, or
// SES's reputation alarm fired); it starts again only when a person says so, with a reason. Every
// pause and resume is kept in the state's history: who, when, why, and the figures at the time.
import type { GuardrailThresholds, RateBreach, WindowRates } from './sending-rates.js';

/** What stopped sending. */
export type PauseCause =
  | {
      readonly kind: 'rates';
      readonly breach: RateBreach;
      readonly windows: readonly WindowRates[];
      readonly thresholds: GuardrailThresholds;
    }
  | {
      /** A CloudWatch alarm on the configuration set's SES reputation metric. */
      readonly kind: 'ses-alarm';
      readonly alarm: string;
      readonly metric: string;
      readonly value: number | null;
      readonly threshold: number | null;
    }
  | {
      /** SES itself refused to send (the configuration set or the account is paused). */
      readonly kind: 'ses-refused';
      readonly sesError: string;
    };

export interface SendingPause {
  readonly pausedAt: string;
  readonly cause: PauseCause;
}

export interface SendingResume {
  readonly at: string;
  /** Who resumed: a person's name or handle, as they gave it. */
  readonly by: string;
  readonly reason: string;
  /** How: the CLI, an event on the bus. */
  readonly channel: 'cli' | 'event';
}

export type GuardHistoryEntry =
  | ({ readonly action: 'paused' } & SendingPause)
  | ({ readonly action: 'resumed'; readonly pausedAt: string } & SendingResume);

export interface SendingGuardState {
  readonly status: 'sending' | 'paused';
  /** The pause in force, when paused. */
  readonly pause: SendingPause | null;
  /** The last resume: rates are read from then on. */
  readonly resumedAt: string | null;
  /** First email of this deployment (the warm-up schedule counts days from it). */
  readonly firstSendAt: string | null;
  /** Oldest first; the last HISTORY_LIMIT entries. */
  readonly history: readonly GuardHistoryEntry[];
}

export const HISTORY_LIMIT = 200;

/** The detail-type of the event that asks to resume sending (on the deployment's bus, from the ops source). */
export const RESUME_DETAIL_TYPE = 'Sending Resume Requested';

export const INITIAL_GUARD_STATE: SendingGuardState = {
  status: 'sending',
  pause: null,
  resumedAt: null,
  firstSendAt: null,
  history: [],
};

/** The state paused by `pause`; null when it is paused already (the first pause stands). */
export function pauseSending(state: SendingGuardState, pause: SendingPause): SendingGuardState | null {
  if (state.status === 'paused') return null;
  return {
    ...state,
    status: 'paused',
    pause,
    history: [...state.history, { action: 'paused' as const, ...pause }].slice(-HISTORY_LIMIT),
  };
}

export type ResumeOutcome =
  | { readonly kind: 'resumed'; readonly state: SendingGuardState; readonly pausedAt: string }
  | { readonly kind: 'not-paused' };

export function resumeSending(state: SendingGuardState, resume: SendingResume): ResumeOutcome {
  if (state.status !== 'paused' || state.pause === null) return { kind: 'not-paused' };
  const pausedAt = state.pause.pausedAt;
  return {
    kind: 'resumed',
    pausedAt,
    state: {
      ...state,
      status: 'sending',
      pause: null,
      resumedAt: resume.at,
      history: [...state.history, { action: 'resumed' as const, pausedAt, ...resume }].slice(-HISTORY_LIMIT),
    },
  };
}

/** One line for logs, the CLI and the summary: what crossed which threshold, over how many sends. */
export function describePause(pause: SendingPause): string {
  const cause = pause.cause;
  switch (cause.kind) {
    case 'rates': {
      const b = cause.breach;
      const over = b.window === 'hours' ? `the last ${cause.thresholds.windowHours} h` : `the last ${b.sends} sends`;
      return `${b.metric} rate ${(b.rate * 100).toFixed(2)} % (${b.count} of ${b.sends} sends) over ${over} ≥ ${(b.threshold * 100).toFixed(2)} %`;
    }
    case 'ses-alarm':
      return `SES reputation alarm ${cause.alarm} on ${cause.metric}${cause.value === null ? '' : ` at ${(cause.value * 100).toFixed(2)} %`}`;
    case 'ses-refused':
      return `SES refused to send (${cause.sesError})`;
    default: {
      const unknown: never = cause;
      return `paused (${(unknown as PauseCause).kind})`;
    }
  }
}

/** An SES reputation alarm's change of state: the alarm, its new state, the metric it watches and its figures. */
export interface ReputationAlarm {
  readonly alarm: string;
  /** `ALARM`, `OK` or `INSUFFICIENT_DATA`. */
  readonly state: string;
  readonly metric: string;
  /** The highest recent datapoint and the threshold, when the alarm's reason data gives them. */
  readonly value: number | null;
  readonly threshold: number | null;
}
