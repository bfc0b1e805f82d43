import { describe, expect, it } from 'vitest';
import {
  describePause,
  INITIAL_GUARD_STATE,
  pauseSending,
  resumeSending,
  type SendingPause,
} from '../../functions/core/sending-guard.js';
import { DEFAULT_GUARDRAIL_THRESHOLDS } from '../../functions/core/sending-rates.js';

const PAUSE: SendingPause = {
  pausedAt: '2026-03-10T12:00:00.000Z',
  cause: {
    kind: 'rates',
    breach: { metric: 'complaint', window: 'sends', rate: 0.0012, threshold: 0.0008, sends: 2500, count: 3 },
    windows: [],
    thresholds: DEFAULT_GUARDRAIL_THRESHOLDS,
  },
};
const RESUME = {
  at: '2026-03-11T09:00:00.000Z',
  by: 'ops-yamada',
  reason: 'a purchased list was imported by mistake; removed',
  channel: 'cli' as const,
};

describe('sending guard', () => {
  it('pauses once: a second pause keeps the first cause and time', () => {
    const paused = pauseSending(INITIAL_GUARD_STATE, PAUSE);
    expect(paused).toMatchObject({ status: 'paused', pause: PAUSE });
    expect(pauseSending(paused!, { ...PAUSE, pausedAt: '2026-03-10T13:00:00.000Z' })).toBeNull();
  });

  it('resumes only a paused sender, and records who, why and which pause', () => {
    expect(resumeSending(INITIAL_GUARD_STATE, RESUME)).toEqual({ kind: 'not-paused' });
    const outcome = resumeSending(pauseSending(INITIAL_GUARD_STATE, PAUSE)!, RESUME);
    expect(outcome.kind).toBe('resumed');
    if (outcome.kind !== 'resumed') return;
    expect(outcome.state).toMatchObject({ status: 'sending', pause: null, resumedAt: RESUME.at });
    expect(outcome.state.history).toEqual([
      { action: 'paused', ...PAUSE },
      { action: 'resumed', pausedAt: PAUSE.pausedAt, ...RESUME },
    ]);
  });

  it('describes a pause with the rate, the counts and the threshold', () => {
    expect(describePause(PAUSE)).toBe('complaint rate 0.12 % (3 of 2500 sends) over the last 2500 sends ≥ 0.08 %');
    expect(
      describePause({
        pausedAt: PAUSE.pausedAt,
        cause: {
          kind: 'ses-alarm',
          alarm: 'ComplaintRate',
          metric: 'Reputation.ComplaintRate',
          value: 0.0011,
          threshold: 0.001,
        },
      }),
    ).toContain('Reputation.ComplaintRate at 0.11 %');
  });
});
