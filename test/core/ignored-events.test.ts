// Events that change nothing are counted by why: the same fact again (duplicate), something older than
// what the state holds (stale), or an event for another account.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEvents } from '../../functions/core/apply-events.js';
import type { ProductEvent } from '../../functions/core/events.js';
import { emptyAccountState } from '../../functions/core/state.js';
import {
  accountUpserted,
  anAccount,
  contactRemoved,
  contactUpserted,
  defaultProgram,
  onboardingCompleted,
  usage,
} from '../fixtures/builders.js';

const program = defaultProgram();
const base = anAccount('acc-1')
  .withProfile({ timeZone: 'Asia/Tokyo' }, { at: '2026-02-01T00:00:00Z' })
  .withContact('c-1', { role: 'owner' }, { at: '2026-02-03T00:00:00Z' })
  .withUsage('c-1', 'login', '2026-02-01T01:00:00Z', '2026-04-10T01:00:00Z')
  .onboardedOn('2026-02-10');

function ignoredAfter(...events: ProductEvent[]) {
  return applyEvents(base.state(program), events, program).ignored;
}

describe('applyEvents: events that change nothing', () => {
  it('counts nothing when every event adds a fact', () => {
    expect(
      ignoredAfter(
        usage('acc-1', 'c-1', 'report.create', '2026-04-11T01:00:00Z'),
        contactUpserted('acc-1', 'c-2', {}, { at: '2026-04-11T00:00:00Z' }),
      ),
    ).toEqual({
      duplicate: 0,
      stale: 0,
      'other-account': 0,
    });
  });

  it('counts a redelivered batch event by event: duplicates, and stale for usage on days no longer kept', () => {
    const batch = base.events();
    const once = applyEvents(emptyAccountState('acc-1', program.id), batch, program);
    const again = applyEvents(once.state, batch, program);
    expect(again.state).toEqual(once.state);
    // The 02-01 login is older than the 67 days kept back from 04-10.
    expect(again.ignored).toEqual({ duplicate: batch.length - 1, stale: 1, 'other-account': 0 });
    expect(once.ignored).toEqual({ duplicate: 0, stale: 0, 'other-account': 0 });
  });

  it('counts the same event twice in one batch as one duplicate', () => {
    const event = usage('acc-1', 'c-1', 'report.create', '2026-04-11T01:00:00Z');
    expect(ignoredAfter(event, event).duplicate).toBe(1);
  });

  it('counts upserts and removals older than the stamp held as stale', () => {
    // The removal: after the person was first seen (their usage on 02-01), before the upsert held (02-03).
    expect(
      ignoredAfter(
        accountUpserted('acc-1', { plan: 'pro' }, { at: '2026-01-20T00:00:00Z' }),
        contactRemoved('acc-1', 'c-1', { at: '2026-02-02T00:00:00Z' }),
      ),
    ).toEqual({ duplicate: 0, stale: 2, 'other-account': 0 });
  });

  it("counts usage on a day before the kept days as stale, and again on a known day before the person's latest active day as stale", () => {
    const lastTwoDays = anAccount('acc-1')
      .withProfile({ timeZone: 'Asia/Tokyo' }, { at: '2026-02-01T00:00:00Z' })
      .withUsage('c-1', 'login', '2026-02-01T01:00:00Z', '2026-04-09T01:00:00Z', '2026-04-10T01:00:00Z')
      .state(program);
    const longAgo = usage('acc-1', 'c-1', 'login', '2026-02-02T01:00:00Z', { at: '2026-02-02T01:00:00Z' });
    const dayBefore = usage('acc-1', 'c-1', 'login', '2026-04-09T05:00:00Z', { at: '2026-04-09T05:00:00Z' });
    // A new event on a known day adds its actions: a change; the same event again is stale there.
    const once = applyEvents(lastTwoDays, [longAgo, dayBefore], program);
    expect(once.ignored).toEqual({ duplicate: 0, stale: 1, 'other-account': 0 });
    expect(applyEvents(once.state, [longAgo, dayBefore], program).ignored).toEqual({
      duplicate: 0,
      stale: 2,
      'other-account': 0,
    });
  });

  it('counts more usage by a person of an action on a day already recorded as a change (its actions), and the same events again as duplicates', () => {
    const earlierSameDay = usage('acc-1', 'c-1', 'login', '2026-04-10T00:30:00Z', { at: '2026-04-10T00:30:00Z' });
    const laterSameDay = usage('acc-1', 'c-1', 'login', '2026-04-10T08:00:00Z', { at: '2026-04-10T08:00:00Z' });
    expect(ignoredAfter(earlierSameDay, laterSameDay)).toEqual({ duplicate: 0, stale: 0, 'other-account': 0 });
    const state = applyEvents(base.state(program), [earlierSameDay, laterSameDay], program).state;
    expect(applyEvents(state, [laterSameDay], program).ignored).toEqual({
      duplicate: 1,
      stale: 0,
      'other-account': 0,
    });
  });

  it('counts an upsert older than the details held as a change when it states a newer basis', () => {
    const older = contactUpserted(
      'acc-1',
      'c-1',
      { role: 'owner', consent: { basis: 'opt-in', at: '2026-02-02T12:00:00Z', source: 'signup-form' } },
      { at: '2026-02-02T12:00:00Z' },
    );
    expect(ignoredAfter(older)).toEqual({ duplicate: 0, stale: 0, 'other-account': 0 });
    const state = applyEvents(base.state(program), [older], program).state;
    const again = applyEvents(state, [older], program).ignored;
    expect(again.duplicate + again.stale).toBe(1);
  });

  it('counts a later onboarding completion as stale and the same one as a duplicate', () => {
    expect(
      ignoredAfter(
        onboardingCompleted('acc-1', '2026-03-01', { at: '2026-02-10T00:00:00Z' }),
        onboardingCompleted('acc-1', '2026-02-10', { id: 'other-id', at: '2026-02-10T00:00:00Z' }),
      ),
    ).toEqual({
      duplicate: 1,
      stale: 1,
      'other-account': 0,
    });
  });

  it('counts events addressed to another account', () => {
    expect(ignoredAfter(usage('acc-2', 'c-1', 'login', '2026-04-11T01:00:00Z'))['other-account']).toBe(1);
  });

  it('never counts an event that moved the state, and counts every event of a batch that moved nothing', () => {
    const event = fc.oneof(
      fc
        .record({ minute: fc.integer({ min: 0, max: 90 * 24 * 60 }), contact: fc.constantFrom('c-1', 'c-2') })
        .map(({ minute, contact }) =>
          usage('acc-1', contact, 'login', new Date(Date.UTC(2026, 1, 1) + minute * 60_000).toISOString()),
        ),
      fc
        .integer({ min: 0, max: 90 })
        .map((day) =>
          contactUpserted(
            'acc-1',
            'c-2',
            { role: 'admin' },
            { at: new Date(Date.UTC(2026, 1, 1) + day * 86_400_000).toISOString() },
          ),
        ),
    );
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 12 }), (events) => {
        const before = base.state(program);
        const result = applyEvents(before, events, program);
        const ignored = result.ignored.duplicate + result.ignored.stale + result.ignored['other-account'];
        if (JSON.stringify(result.state) === JSON.stringify(before)) expect(ignored).toBe(events.length);
        // Each event alone: when it is counted as changing nothing, applying it alone changes nothing.
        for (const e of events) {
          const alone = applyEvents(before, [e], program);
          const counted = alone.ignored.duplicate + alone.ignored.stale;
          expect(counted === 1).toBe(JSON.stringify(alone.state) === JSON.stringify(before));
        }
      }),
      { numRuns: 200 },
    );
  });
});
