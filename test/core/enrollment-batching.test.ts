// Enrollment is part of the stored state, so it must not depend on how SQS happened to batch the
// account's events (the reliability property that compares faulty and fault-free runs found it did).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyAccountEvents } from '../../functions/core/enrollment.js';
import type { ProductEvent } from '../../functions/core/events.js';
import { type AccountState, emptyAccountState } from '../../functions/core/state.js';
import { accountUpserted, contactUpserted, defaultProgram, onboardingCompleted, usage } from '../fixtures/builders.js';

const program = defaultProgram();

function applyInBatches(events: readonly ProductEvent[], cuts: readonly number[]): AccountState {
  let state = emptyAccountState('acc-1', program.id);
  let from = 0;
  for (const cut of [...cuts, events.length]) {
    state = applyAccountEvents(state, events.slice(from, Math.max(from, cut)), program).state;
    from = Math.max(from, cut);
  }
  return state;
}

// Onboarding completed by an event in the afternoon, and by its milestones (inferred, from the start
// of that local day) earlier: the inferred time is the earlier, whichever batch brings it.
const events: ProductEvent[] = [
  accountUpserted('acc-1', { timeZone: 'Asia/Tokyo' }, { at: '2026-02-16' }),
  contactUpserted('acc-1', 'c-1', { role: 'owner' }, { at: '2026-02-16' }),
  onboardingCompleted('acc-1', '2026-02-24T14:00:00Z'),
  usage('acc-1', 'c-1', 'login', '2026-02-24T14:00:00Z'),
  usage('acc-1', 'c-1', 'settings.basic_complete', '2026-02-24T14:00:00Z'),
];

describe('enrollment and batching', () => {
  it('enrolls at the onboarding completion however the events are batched and ordered', () => {
    const together = applyInBatches(events, []);
    expect(together.enrollment?.at).toBe(together.onboardingCompletedAt);
    fc.assert(
      fc.property(fc.shuffledSubarray([1, 2, 3, 4], { minLength: 0 }), fc.boolean(), (cuts, reversed) => {
        const ordered = reversed ? [...events].reverse() : events;
        const apart = applyInBatches(ordered, [...cuts].sort());
        expect(apart.enrollment).toEqual(together.enrollment);
        expect(apart.onboardingCompletedAt).toBe(together.onboardingCompletedAt);
      }),
      { numRuns: 100 },
    );
  });
});
