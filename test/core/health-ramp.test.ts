// Health judged against the ramp expected for the account's day of adoption, with a grace period
// before activity alone can flag it, and in every live phase (assess.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessAccount, expectedActivityShare, isRiskJudged } from '../../functions/core/assess.js';
import type { Program } from '../../functions/core/program.js';
import type { AccountState } from '../../functions/core/state.js';
import { addCalendarDays, addDays } from '../../functions/core/time.js';
import { anAccount, defaultProgram, programWith } from '../fixtures/builders.js';

const program = defaultProgram();
const ONBOARDED = '2026-04-01';
/** An action no milestone or feature reads: only activity and breadth see it. */
const ACTIVITY = 'app.open';

/** Scored on activity alone, so the ramp and the grace are seen on their own. */
function activityOnly(health: Partial<Program['health']> = {}): Program {
  return programWith({
    health: {
      ...program.health,
      weights: { activity: 1, milestones: 0, features: 0, breadth: 0 },
      ...health,
    },
  });
}

/** One local day (UTC) of usage per entry, `day` days after onboarding. */
function usageOnDays(days: readonly number[]): string[] {
  return days.map((d) => `${addCalendarDays(ONBOARDED, d)}T03:00:00Z`);
}

function onboardedWith(days: readonly number[], p: Program = program): AccountState {
  return anAccount()
    .withProfile({ timeZone: 'UTC', contractStart: '2026-03-20' })
    .withContact('c-1', { role: 'owner' })
    .withUsage('c-1', ACTIVITY, ...usageOnDays(days))
    .onboardedOn(ONBOARDED)
    .state(p);
}

/** Noon on day `day` of adoption. */
const dayOf = (day: number) => addDays(`${ONBOARDED}T12:00:00.000Z`, day);

describe('expectedActivityShare', () => {
  it.each([
    [null, 30, 1],
    [0, 30, 0],
    [3, 30, 0.1],
    [15, 30, 0.5],
    [45, 30, 1],
    [3, 0, 1],
  ] as const)('expects after %s days of adoption, with a %i-day ramp, a share of %s', (days, rampDays, share) => {
    expect(expectedActivityShare(days, programWith({ health: { ...program.health, rampDays } }))).toBeCloseTo(share);
  });
});

describe('assessAccount: the activity ramp', () => {
  it('does not call a day-3 account with 2 active days low', () => {
    const state = onboardedWith([1, 2]);
    const health = assessAccount(state, activityOnly({ graceDays: 0 }), dayOf(3));
    expect(health.score).toBeGreaterThanOrEqual(80);
    expect(health.atRisk).toBe(false);
    // Measured against a whole month's activity, the same account is low.
    expect(assessAccount(state, activityOnly({ graceDays: 0, rampDays: 0 }), dayOf(3)).atRisk).toBe(true);
  });

  it('expects half of full activity on day 15, and all of it from day 30', () => {
    const tenDays = [5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
    // Midnight starting day 15: exactly 15 days of adoption, 10 active days expected.
    expect(assessAccount(onboardedWith(tenDays), activityOnly(), dayOf(14.5)).score).toBe(100);
    const later = tenDays.map((d) => d + 20);
    expect(assessAccount(onboardedWith(later), activityOnly(), dayOf(35)).score).toBe(50);
  });
});

describe('assessAccount: the grace period', () => {
  it('flags no account on activity alone inside the grace period, and does after it', () => {
    const idle = onboardedWith([]);
    expect(assessAccount(idle, activityOnly(), dayOf(13)).score).toBe(0);
    expect(assessAccount(idle, activityOnly(), dayOf(13)).atRisk).toBe(false);
    expect(assessAccount(idle, activityOnly(), dayOf(14)).atRisk).toBe(true);
    expect(assessAccount(idle, activityOnly({ graceDays: 0 }), dayOf(2)).atRisk).toBe(true);
  });

  it('still flags an account low on the other measures inside the grace period', () => {
    // No feature in use: a features-only score is 0, whatever the day.
    const featuresOnly = programWith({
      health: { ...program.health, weights: { activity: 0, milestones: 0, features: 1, breadth: 0 } },
    });
    expect(assessAccount(onboardedWith([1, 2, 3]), featuresOnly, dayOf(5)).atRisk).toBe(true);
  });

  it('judges a usage drop only after the grace period', () => {
    // Busy every day of the month before onboarding completed, then quiet: a drop against setup.
    const setup = Array.from({ length: 20 }, (_, i) => i - 25);
    const state = onboardedWith([...setup, 2, 3]);
    const inGrace = assessAccount(state, program, dayOf(10));
    expect(inGrace.usageDrop).toBe(false);
    expect(inGrace.atRisk).toBe(false);
    const after = assessAccount(state, program, dayOf(20));
    expect(after.usageDrop).toBe(true);
    expect(after.atRisk).toBe(true);
  });
});

describe('assessAccount: every live phase', () => {
  const idle = onboardedWith([]);
  it.each([
    ['adoption', true],
    ['expansion-ready', true],
    ['a phase added later (retention)', true],
    ['ended', false],
  ])('judges risk in %s: %s', (name, judged) => {
    const phase = name.startsWith('a phase') ? 'retention' : name;
    const state = { ...idle, phase } as unknown as AccountState;
    expect(isRiskJudged(state)).toBe(judged);
    expect(assessAccount(state, program, dayOf(60)).atRisk).toBe(judged);
  });

  it('does not judge risk while onboarding', () => {
    const onboarding = anAccount()
      .withProfile({ timeZone: 'UTC', contractStart: '2026-03-20' })
      .withContact('c-1', { role: 'owner' })
      .state(program);
    expect(onboarding.phase).toBe('onboarding');
    expect(assessAccount(onboarding, program, dayOf(60)).atRisk).toBe(false);
  });
});

describe('assessAccount: the grace period, for all activity', () => {
  const daysArb = fc.uniqueArray(fc.integer({ min: -40, max: 13 }), { maxLength: 40 });
  const graceDays = 14;

  it('gives the same verdict inside the grace period whatever the active days (no breadth weight)', () => {
    const noBreadth = programWith({
      health: { ...program.health, weights: { activity: 0.5, milestones: 0.3, features: 0.2, breadth: 0 }, graceDays },
    });
    fc.assert(
      fc.property(daysArb, daysArb, fc.integer({ min: 0, max: graceDays * 24 - 1 }), (a, b, hours) => {
        const at = addDays(`${ONBOARDED}T00:00:00.000Z`, hours / 24);
        const x = assessAccount(
          onboardedWith(
            a.filter((d) => d * 24 <= hours),
            noBreadth,
          ),
          noBreadth,
          at,
        );
        const y = assessAccount(
          onboardedWith(
            b.filter((d) => d * 24 <= hours),
            noBreadth,
          ),
          noBreadth,
          at,
        );
        expect(x.usageDrop).toBe(false);
        expect(x.atRisk).toBe(y.atRisk);
      }),
      { numRuns: 60 },
    );
  });

  it('never flags an account with every basic feature in use inside the grace period, whatever its activity', () => {
    const basics = program.features.filter((f) => f.stage === 'basic').map((f) => f.action);
    fc.assert(
      fc.property(daysArb, fc.integer({ min: 0, max: graceDays * 24 - 1 }), (days, hours) => {
        const at = addDays(`${ONBOARDED}T00:00:00.000Z`, hours / 24);
        const b = anAccount()
          .withProfile({ timeZone: 'UTC', contractStart: '2026-03-20' })
          .withContact('c-1', { role: 'owner' })
          .withUsage('c-1', ACTIVITY, ...usageOnDays(days.filter((d) => d * 24 <= hours)))
          .onboardedOn(ONBOARDED);
        for (const action of basics) b.withUsage('c-1', action, `${addCalendarDays(ONBOARDED, -30)}T03:00:00Z`);
        expect(assessAccount(b.state(program), program, at).atRisk).toBe(false);
      }),
      { numRuns: 60 },
    );
  });
});
