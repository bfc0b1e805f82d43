// The `changed` flag of applying and planning is what lets the handlers skip a write: it must be true
// exactly when the state differs from the one it came from (the version aside). A false that should be
// true would lose a fact; a true that should be false would only cost a write, but is held to the same.
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Catalogs, EMPTY_CATALOGS } from '../../functions/core/catalogs.js';
import { applyAccountEvents } from '../../functions/core/enrollment.js';
import type { ProductEvent } from '../../functions/core/events.js';
import { planTouches } from '../../functions/core/plan-touches.js';
import type { Program } from '../../functions/core/program.js';
import { asPrograms, type Programs } from '../../functions/core/programs.js';
import { type AccountState, emptyAccountState } from '../../functions/core/state.js';
import { toIso } from '../../functions/core/time.js';
import {
  accountUpserted,
  contactRemoved,
  contactUpserted,
  onboardingCompleted,
  programWith,
  shippedPrograms,
  usage,
} from '../fixtures/builders.js';

const START_MS = Date.UTC(2026, 0, 5);
const SPAN_MINUTES = 90 * 24 * 60;
const CONTACTS = ['c-0', 'c-1', 'c-2'];
const ZONES = ['Asia/Tokyo', 'UTC', 'America/New_York'];
const programs = shippedPrograms();
const ACTIONS = [
  ...new Set(programs.flatMap((p) => p.milestones.flatMap((m) => m.requires.map((r) => r.action)))),
].concat(['api.export']);
/** The shipped programs, or the default one edited (a milestone reached on fewer days, a shorter drop window). */
const EDITED: Programs = asPrograms(
  programWith({
    milestones: programs[programs.length - 1]?.milestones.map((m) => ({
      ...m,
      requires: m.requires.map((r) => ({ ...r, days: 1 })),
    })),
    usageDrop: { ...programs[programs.length - 1]?.usageDrop, windowDays: 7, minPreviousActiveDays: 1 },
  }),
);

/** The stored item's content: what a write would change (undefined fields are not stored). */
function stored(state: AccountState): unknown {
  return JSON.parse(JSON.stringify({ ...state, version: 0 }));
}
const differs = (a: AccountState, b: AccountState) => !isDeepStrictEqual(stored(a), stored(b));

/** A stored state whose derived fields an older version (or an older program) left otherwise. */
const DRIFTS = [
  'reonboarding',
  'next-due',
  'phase',
  'completion',
  'phase-time',
  'pending',
  'empty-pending',
  'no-enrollment',
  'program-id',
] as const;
type Drift = 'none' | (typeof DRIFTS)[number];

const at = fc.integer({ min: 0, max: SPAN_MINUTES }).map((m) => toIso(START_MS + m * 60_000));
type Maker = (id: string) => ProductEvent;

const eventOf = (timeZone: string): fc.Arbitrary<Maker> =>
  fc.oneof(
    {
      weight: 1,
      arbitrary: fc
        .record({
          at,
          plan: fc.constantFrom('standard', 'enterprise'),
          employees: fc.constantFrom(20, 300),
          locale: fc.constantFrom('ja', 'en' as const),
        })
        .map(
          ({ at: t, ...profile }) =>
            (id: string) =>
              accountUpserted('acc-1', { ...profile, timeZone }, { at: t, id }),
        ),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({
          at,
          contact: fc.constantFrom(...CONTACTS),
          role: fc.constantFrom('owner', 'admin', 'member' as const),
          consentAt: fc.option(at, { nil: undefined }),
        })
        .map(
          ({ at: t, contact, role, consentAt }) =>
            (id: string) =>
              contactUpserted(
                'acc-1',
                contact,
                {
                  role,
                  ...(consentAt === undefined
                    ? {}
                    : { consent: { basis: 'opt-in', at: consentAt, source: 'signup-form' } }),
                },
                { at: t, id },
              ),
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
 * A history applied first, then one batch: new events, redeliveries of the history (duplicates) and
 * repeats of it under new ids (the same facts again), sometimes with the program edited in between.
 */
const scenario = fc
  .constantFrom(...ZONES)
  .chain((zone) =>
    fc.record({
      history: fc.array(eventOf(zone), { maxLength: 50 }),
      // Half the batches bring nothing new: redeliveries and repeats alone.
      fresh: fc.oneof(fc.constant<Maker[]>([]), fc.array(eventOf(zone), { maxLength: 6 })),
      redelivered: fc.array(fc.nat(), { maxLength: 8 }),
      repeated: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 3 * 24 * 60 })), { maxLength: 4 }),
      edited: fc.boolean(),
      drift: fc.oneof(
        { weight: 6, arbitrary: fc.constant('none') },
        { weight: 2, arbitrary: fc.constantFrom(...DRIFTS) },
      ),
    }),
  )
  .map(({ history, fresh, redelivered, repeated, edited, drift }) => {
    const past = history.map((make, i) => make(`h-${i}`));
    const pick = (n: number) => past[n % Math.max(1, past.length)];
    const batch = [
      ...fresh.map((make, i) => make(`b-${i}`)),
      ...redelivered.flatMap((n) => pick(n) ?? []),
      // The same fact sent again, maybe later: a new id, and an envelope time that may be the latest.
      ...repeated.flatMap(([n, minutesLater]) => {
        const e = pick(n);
        return e === undefined
          ? []
          : [{ ...e, id: `${e.id}-again`, time: toIso(Date.parse(e.time) + minutesLater * 60_000) } as ProductEvent];
      }),
    ];
    return { past, batch, later: edited ? EDITED : programs, drift: drift as Drift };
  });

function drifted(state: AccountState, drift: Drift): AccountState {
  const dayLater = (t: string | null) => (t === null ? null : toIso(Date.parse(t) + 86_400_000));
  switch (drift) {
    case 'none':
      return state;
    case 'completion':
      return { ...state, onboardingCompletedAt: dayLater(state.onboardingCompletedAt) };
    case 'phase-time':
      return { ...state, phaseChangedAt: dayLater(state.phaseChangedAt) };
    case 'pending':
      return { ...state, pendingUsage: [`${toIso(START_MS)}|c-0|login`] };
    case 'empty-pending':
      return { ...state, pendingUsage: [] };
    case 'no-enrollment': {
      const { enrollment: _, ...rest } = state;
      return rest;
    }
    case 'program-id':
      return state.enrollment === undefined ? { ...state, programId: 'enterprise' } : state;
    case 'reonboarding': {
      const contacts = Object.fromEntries(
        Object.entries(state.contacts).map(([id, c]) => [
          id,
          c.reonboarding === 'done' ? c : { ...c, reonboarding: c.reonboarding === 'none' ? 'pending' : 'none' },
        ]),
      );
      return { ...state, contacts } as AccountState;
    }
    case 'next-due':
      return {
        ...state,
        cadence: { ...state.cadence, nextDueAt: state.cadence.nextDueAt === null ? toIso(START_MS) : null },
      };
    case 'phase':
      return state.phase === 'adoption' ? { ...state, phase: 'onboarding' } : state;
  }
}

const RUNS = { numRuns: 400 };

describe('the change flag of applying events', () => {
  it('is true exactly when the applied state differs from the stored one', () => {
    let seen = { changed: 0, unchanged: 0 };
    fc.assert(
      fc.property(scenario, ({ past, batch, later, drift }) => {
        const before = {
          ...drifted(applyAccountEvents(emptyAccountState('acc-1', 'default'), past, programs).state, drift),
          version: 3,
        };
        const result = applyAccountEvents(before, batch, later);
        expect(result.changed).toBe(differs(before, result.state));
        seen = result.changed ? { ...seen, changed: seen.changed + 1 } : { ...seen, unchanged: seen.unchanged + 1 };
      }),
      RUNS,
    );
    // Both answers must be met often, or the property proves little about one of them.
    expect(seen.changed).toBeGreaterThan(RUNS.numRuns / 8);
    expect(seen.unchanged).toBeGreaterThan(RUNS.numRuns / 8);
  });

  it('is true for the first events of an account, and false when the same batch comes again', () => {
    fc.assert(
      fc.property(scenario, ({ past }) => {
        const first = applyAccountEvents(emptyAccountState('acc-1', 'default'), past, programs);
        expect(first.changed).toBe(differs(emptyAccountState('acc-1', 'default'), first.state));
        expect(applyAccountEvents(first.state, past, programs).changed).toBe(false);
      }),
      { numRuns: 100 },
    );
  });
});

/** Catalogs with a tip for every feature, so planned runs send feature tips as well as skip. */
function catalogsOf(program: Program): Catalogs {
  return {
    ...EMPTY_CATALOGS,
    features: program.features.map((f) => ({
      feature: f.id,
      title: { ja: 't', en: 't' },
      tip: { ja: 't', en: 't' },
      link: 'https://help.example.com/t',
    })),
  };
}

describe('the change flag of planning', () => {
  it('is true exactly when the planned state differs, over runs at the times the planner asks for and again at the same time', () => {
    let seen = { changed: 0, unchanged: 0 };
    fc.assert(
      fc.property(
        scenario,
        fc.array(fc.integer({ min: 0, max: 90 }), { minLength: 1, maxLength: 10 }),
        ({ past, batch }, lateMinutes) => {
          const events = [
            ...past,
            ...batch,
            onboardingCompleted('acc-1', toIso(START_MS + 3 * 86_400_000), { id: 'done' }),
          ];
          let state = applyAccountEvents(emptyAccountState('acc-1', 'default'), events, programs).state;
          let now = state.cadence.nextDueAt;
          for (const late of lateMinutes) {
            if (now === null) break;
            const program =
              programs.find((p) => p.id === state.programId) ?? (programs[programs.length - 1] as Program);
            const catalogs = catalogsOf(program);
            const plan = planTouches(state, now, program, catalogs);
            expect(plan.changed).toBe(differs(state, plan.state));
            const again = planTouches(plan.state, now, program, catalogs);
            expect(again.changed).toBe(differs(plan.state, again.state));
            for (const flag of [plan.changed, again.changed])
              seen = flag ? { ...seen, changed: seen.changed + 1 } : { ...seen, unchanged: seen.unchanged + 1 };
            state = plan.state;
            const due = state.cadence.nextDueAt;
            now = due === null ? null : toIso(Date.parse(due) + late * 60_000);
          }
        },
      ),
      { numRuns: 150 },
    );
    expect(seen.changed).toBeGreaterThan(100);
    expect(seen.unchanged).toBeGreaterThan(100);
  });
});
