// Properties of applyEvents over random event sets: redelivery, reordering and batching never change
// the outcome. One account has one time zone per run (see apply-events.ts: a *change* of time zone
// is the one documented order dependence); profiles still change in every other field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEvents } from '../../functions/core/apply-events.js';
import type { ProductEvent } from '../../functions/core/events.js';
import type { Signal } from '../../functions/core/signals.js';
import { type AccountState, emptyAccountState } from '../../functions/core/state.js';
import { localDate } from '../../functions/core/time.js';
import {
  accountUpserted,
  contactRemoved,
  contactUpserted,
  defaultProgram,
  onboardingCompleted,
  usage,
} from '../fixtures/builders.js';

const program = defaultProgram();
const START_MS = Date.UTC(2026, 0, 5);
const SPAN_MINUTES = 120 * 24 * 60; // longer than the kept activity window, so pruning is exercised
const CONTACTS = ['c-0', 'c-1', 'c-2', 'c-3', 'c-4'];
const ACTIONS = [...new Set(program.milestones.flatMap((m) => m.requires.map((r) => r.action)))].concat([
  'api.export',
  'custom.thing',
]);
const ZONES = ['Asia/Tokyo', 'UTC', 'America/New_York', 'Asia/Kolkata'];

const at = fc.integer({ min: 0, max: SPAN_MINUTES }).map((m) => new Date(START_MS + m * 60_000).toISOString());

const profileOf = (timeZone: string) =>
  fc.record({ at, plan: fc.constantFrom('standard', 'pro') }).map(
    ({ at: t, plan }) =>
      (id: string) =>
        accountUpserted('acc-1', { timeZone, plan }, { at: t, id }),
  );

/** One event for `acc-1` (or now and then for `acc-2`, which must be ignored), without its id yet. */
const eventOf = (timeZone: string) =>
  fc.oneof(
    { weight: 1, arbitrary: profileOf(timeZone) },
    {
      weight: 2,
      arbitrary: fc
        .record({
          at,
          contact: fc.constantFrom(...CONTACTS),
          role: fc.constantFrom('owner', 'admin', 'member') as fc.Arbitrary<'owner' | 'admin' | 'member'>,
        })
        .map(
          ({ at: t, contact, role }) =>
            (id: string) =>
              contactUpserted('acc-1', contact, { role }, { at: t, id }),
        ),
    },
    {
      weight: 1,
      arbitrary: fc.record({ at, contact: fc.constantFrom(...CONTACTS) }).map(
        ({ at: t, contact }) =>
          (id: string) =>
            contactRemoved('acc-1', contact, { at: t, id }),
      ),
    },
    {
      weight: 12,
      arbitrary: fc
        .record({ at, contact: fc.constantFrom(...CONTACTS, 'c-unknown'), action: fc.constantFrom(...ACTIONS) })
        .map(
          ({ at: t, contact, action }) =>
            (id: string) =>
              usage('acc-1', contact, action, t, { id }),
        ),
    },
    { weight: 1, arbitrary: at.map((t) => (id: string) => onboardingCompleted('acc-1', t, { id })) },
    { weight: 1, arbitrary: at.map((t) => (id: string) => usage('acc-2', 'c-0', 'login', t, { id })) },
  );

/**
 * A set of distinct events (unique ids) for one account in one time zone; most sets carry one or two
 * profiles at random places, so usage before, between and after profiles is covered.
 */
const eventSet: fc.Arbitrary<ProductEvent[]> = fc
  .constantFrom(...ZONES)
  .chain((zone) =>
    fc.tuple(
      fc.array(eventOf(zone), { minLength: 1, maxLength: 60 }),
      fc.array(fc.tuple(fc.nat(), profileOf(zone)), { minLength: 0, maxLength: 2 }),
      fc.integer({ min: 0, max: 9 }),
    ),
  )
  .map(([makers, profiles, dice]) => {
    const all = [...makers];
    // One set in ten keeps only the profiles drawn among the events (often none).
    if (dice > 0) for (const [where, make] of profiles) all.splice(where % (all.length + 1), 0, make);
    return all.map((make, i) => make(`e-${i}`));
  });

function applyAll(events: readonly ProductEvent[], state: AccountState = emptyAccountState('acc-1', program.id)) {
  return applyEvents(state, events, program);
}

function applyInBatches(
  events: readonly ProductEvent[],
  cuts: readonly number[],
): { state: AccountState; signals: Signal[] } {
  const bounds = [...new Set(cuts.map((c) => c % (events.length + 1)))].sort((a, b) => a - b);
  let state = emptyAccountState('acc-1', program.id);
  const signals: Signal[] = [];
  let from = 0;
  for (const to of [...bounds, events.length]) {
    const result = applyAll(events.slice(from, to), state);
    state = result.state;
    signals.push(...result.signals);
    from = Math.max(from, to);
  }
  return { state, signals };
}

const RUNS = { numRuns: 150 };

/** A profile in UTC and one login a day on each given day. */
function eventsOn(days: readonly string[]): ProductEvent[] {
  return [
    accountUpserted('acc-1', { timeZone: 'UTC' }),
    ...days.map((day) => usage('acc-1', 'c-0', 'login', `${day}T10:00:00Z`)),
  ];
}

describe('applyEvents properties', () => {
  it('gives the same state when every event is delivered twice', () => {
    fc.assert(
      fc.property(eventSet, (events) => {
        expect(applyAll([...events, ...events]).state).toEqual(applyAll(events).state);
      }),
      RUNS,
    );
  });

  it('gives the same state whatever order the events come in', () => {
    fc.assert(
      fc.property(
        eventSet.chain((events) =>
          fc.tuple(
            fc.constant(events),
            fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
          ),
        ),
        ([events, shuffled]) => {
          expect(applyAll(shuffled).state).toEqual(applyAll(events).state);
        },
      ),
      RUNS,
    );
  });

  it('gives the same state however the events are split into batches', () => {
    fc.assert(
      fc.property(eventSet, fc.array(fc.nat(), { maxLength: 8 }), (events, cuts) => {
        expect(applyInBatches(events, cuts).state).toEqual(applyAll(events).state);
      }),
      RUNS,
    );
  });

  it('gives the same state for shuffled, duplicated events in random batches', () => {
    fc.assert(
      fc.property(
        eventSet.chain((events) =>
          fc.tuple(
            fc.constant(events),
            fc.shuffledSubarray([...events, ...events], { minLength: 2 * events.length, maxLength: 2 * events.length }),
          ),
        ),
        fc.array(fc.nat(), { maxLength: 8 }),
        ([events, redelivered], cuts) => {
          expect(applyInBatches(redelivered, cuts).state).toEqual(applyAll(events).state);
        },
      ),
      RUNS,
    );
  });

  it('keeps the active days in day order, the order the item is written in, however the events are batched', () => {
    fc.assert(
      fc.property(eventSet, fc.array(fc.nat(), { maxLength: 8 }), (events, cuts) => {
        const days = Object.keys(applyInBatches(events, cuts).state.activeDays);
        expect(days).toEqual([...days].sort());
        expect(days).toEqual(Object.keys(applyAll(events).state.activeDays));
      }),
      RUNS,
    );
  });

  it('puts the active days of a stored state back in day order when the next batch adds one', () => {
    const stored = applyAll(eventsOn(['2026-01-07', '2026-01-05', '2026-01-06'])).state;
    // A map read back from an older item need not keep the order it was written in.
    const shuffled = { ...stored, activeDays: Object.fromEntries(Object.entries(stored.activeDays).reverse()) };
    const next = applyAll(eventsOn(['2026-01-08']), shuffled).state;
    expect(Object.keys(next.activeDays)).toEqual(['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08']);
  });

  it('changes nothing but the action count for more usage by a person of an action on a local day already recorded for them', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...ZONES)
          .chain((zone) =>
            fc.tuple(
              fc.constant(zone),
              fc.array(eventOf(zone), { minLength: 1, maxLength: 40 }),
              fc.nat(),
              fc.integer({ min: 0, max: 24 * 60 - 1 }),
            ),
          ),
        ([zone, makers, pick, minutesLater]) => {
          const events = [
            accountUpserted('acc-1', { timeZone: zone }, { at: new Date(START_MS).toISOString(), id: 'profile' }),
            ...makers.map((make, i) => make(`e-${i}`)),
          ];
          const usages = events.filter((e) => e.detailType === 'Usage Recorded' && e.detail.accountId === 'acc-1');
          const seen = usages[pick % Math.max(1, usages.length)];
          if (seen === undefined || seen.detailType !== 'Usage Recorded') return;
          const again = new Date(Date.parse(seen.detail.occurredAt) + minutesLater * 60_000).toISOString();
          // Later the same local day only: an earlier time would be a new first sighting.
          if (localDate(again, zone) !== localDate(seen.detail.occurredAt, zone)) return;
          const before = applyAll(events).state;
          const more = usage('acc-1', seen.detail.contactId, seen.detail.action, again, { id: 'again' });
          const result = applyAll([more], before);
          // A new event's actions count (a bounded sample may leave them out); every other fact stays.
          const { actionCounts: _after, ...rest } = result.state;
          const { actionCounts: _before, ...restBefore } = before;
          expect(rest).toEqual(restBefore);
          // The same event once more changes nothing at all.
          expect(applyAll([more], result.state).changed).toBe(false);
        },
      ),
      RUNS,
    );
  });

  it('raises no signal when the same events are applied again, in any batches', () => {
    fc.assert(
      fc.property(eventSet, fc.array(fc.nat(), { maxLength: 4 }), (events, cuts) => {
        const { state } = applyInBatches(events, cuts);
        expect(applyAll(events, state).signals).toEqual([]);
        expect(applyAll([...events].reverse(), state).signals).toEqual([]);
      }),
      RUNS,
    );
  });

  it('raises each milestone and the start of adoption exactly once however the events are batched', () => {
    fc.assert(
      fc.property(eventSet, fc.array(fc.nat(), { maxLength: 8 }), (events, cuts) => {
        const { state, signals } = applyInBatches(events, cuts);
        const reached = signals
          .filter((s) => s.type === 'Milestone Reached')
          .map((s) => (s.type === 'Milestone Reached' ? s.milestoneId : ''));
        expect(reached.sort()).toEqual(Object.keys(state.milestones).sort());
        expect(signals.filter((s) => s.type === 'Phase Changed')).toHaveLength(state.phase === 'adoption' ? 1 : 0);
      }),
      RUNS,
    );
  });
});
