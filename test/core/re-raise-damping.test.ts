// The damping of a repeated Account At Risk: an account that falls into risk again soon after a raise
// nobody acknowledged is not raised again unless the fall is news (plays.reRaiseDays, reRaiseMargin,
// recoveredDays), and a damped fall still at risk when the damping ends is raised then, once.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEvents } from '../../functions/core/apply-events.js';
import type { Catalogs } from '../../functions/core/catalogs.js';
import { planTouches } from '../../functions/core/plan-touches.js';
import type { Program } from '../../functions/core/program.js';
import type { Signal } from '../../functions/core/signals.js';
import type { AccountState, SignalCase } from '../../functions/core/state.js';
import { addDays, DAY_MS } from '../../functions/core/time.js';
import { anAccount, defaultProgram, featureTipCatalogs, programWith } from '../fixtures/builders.js';

// No grace and no ramp: an idle account is at risk (low health) from its first check.
const program = programWith({ health: { ...defaultProgram().health, graceDays: 0, rampDays: 0 } });
// The same account is not at risk under this program: health is back, Account Recovered is due.
const lenient = programWith({ health: { ...defaultProgram().health, graceDays: 0, rampDays: 0, atRiskBelow: 0 } });
const TIPS: Catalogs = featureTipCatalogs(program);
const SLOT_0 = '2026-01-26T00:00:00.000Z';

function idleAccount(p: Program = program): AccountState {
  return anAccount('acc-1')
    .withProfile({ timeZone: 'Asia/Tokyo', locale: 'ja' })
    .withContact('c-owner', { role: 'owner' })
    .onboardedOn('2026-01-19')
    .state(p);
}

/** As if health had been above the threshold at the last check: the next at-risk check is a new fall. */
function flapped(state: AccountState): AccountState {
  return state.health === null ? state : { ...state, health: { ...state.health, atRisk: false } };
}

function withAtRiskCase(state: AccountState, change: Partial<SignalCase>): AccountState {
  const held = state.signalCases?.['Account At Risk'] ?? {};
  return { ...state, signalCases: { ...state.signalCases, 'Account At Risk': { ...held, ...change } } };
}

const atRisk = (signals: readonly Signal[]) => signals.filter((s) => s.type === 'Account At Risk');
const recovered = (signals: readonly Signal[]) => signals.filter((s) => s.type === 'Account Recovered');
const atRiskCase = (state: AccountState) => state.signalCases?.['Account At Risk'];

describe('re-raise damping', () => {
  const raised = planTouches(idleAccount(), SLOT_0, program, TIPS);

  it('does not raise a fall within plays.reRaiseDays of the raise, and counts it', () => {
    const again = planTouches(flapped(raised.state), addDays(SLOT_0, 7), program, TIPS);
    expect(atRisk(again.signals)).toEqual([]);
    expect(atRiskCase(again.state)).toMatchObject({ raised: 1, damped: 1, dampedAt: addDays(SLOT_0, 7) });
  });

  it('raises a damped fall once when the damping ends with the account still at risk', () => {
    const damped = planTouches(flapped(raised.state), addDays(SLOT_0, 7), program, TIPS).state;
    const before = planTouches(damped, addDays(SLOT_0, 13), program, TIPS);
    expect(atRisk(before.signals)).toEqual([]);
    const ended = planTouches(before.state, addDays(SLOT_0, 14), program, TIPS);
    expect(atRisk(ended.signals)).toHaveLength(1);
    expect(atRiskCase(ended.state)?.raised).toBe(2);
    const after = planTouches(ended.state, addDays(SLOT_0, 15), program, TIPS);
    expect(atRisk(after.signals)).toEqual([]);
  });

  it('raises a fall within the damping when health fell reRaiseMargin points below the raised score', () => {
    const score = raised.state.health?.score ?? 0;
    const higher = withAtRiskCase(flapped(raised.state), { raisedScore: score + 10 });
    expect(atRisk(planTouches(higher, addDays(SLOT_0, 7), program, TIPS).signals)).toHaveLength(1);
    const notEnough = withAtRiskCase(flapped(raised.state), { raisedScore: score + 9 });
    expect(atRisk(planTouches(notEnough, addDays(SLOT_0, 7), program, TIPS).signals)).toEqual([]);
  });

  it('raises a fall within the damping for a reason the raise did not carry', () => {
    const other = withAtRiskCase(flapped(raised.state), { raisedReasons: ['usage-drop'] });
    expect(atRisk(planTouches(other, addDays(SLOT_0, 7), program, TIPS).signals)).toHaveLength(1);
  });

  it('raises a fall after the account recovered and stayed so recoveredDays, not sooner', () => {
    const back = planTouches(raised.state, addDays(SLOT_0, 1), lenient, TIPS);
    expect(recovered(back.signals)).toHaveLength(1);
    expect(atRisk(planTouches(back.state, addDays(SLOT_0, 8), program, TIPS).signals)).toHaveLength(1);
    expect(atRisk(planTouches(back.state, addDays(SLOT_0, 7), program, TIPS).signals)).toEqual([]);
  });

  it('raises a fall after the raise was resolved', () => {
    const resolution = {
      id: 'res-1',
      source: 'com.example.product',
      time: addDays(SLOT_0, 1),
      detailType: 'Signal Resolved' as const,
      detail: {
        accountId: 'acc-1',
        signalType: 'Account At Risk' as const,
        by: 'csm@example.com',
        at: addDays(SLOT_0, 1),
      },
    };
    const resolved = applyEvents(raised.state, [resolution], program).state;
    expect(atRisk(planTouches(flapped(resolved), addDays(SLOT_0, 3), program, TIPS).signals)).toHaveLength(1);
  });

  it('raises every fall with plays.reRaiseDays 0', () => {
    const off = programWith({ ...program, plays: { reRaiseDays: 0 } });
    const first = planTouches(idleAccount(off), SLOT_0, off, TIPS);
    expect(atRisk(planTouches(flapped(first.state), addDays(SLOT_0, 3), off, TIPS).signals)).toHaveLength(1);
  });
});

describe('the damping property', () => {
  type Move = 'fall' | 'stay' | 'recover';
  const stepArb = fc.record({
    days: fc.integer({ min: 1, max: 8 }),
    move: fc.constantFrom<Move>('fall', 'stay', 'recover'),
  });

  it('raises again within reRaiseDays only after a recovery held recoveredDays, and loses no fall', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 16 }), (steps) => {
        let state = planTouches(idleAccount(), SLOT_0, program, TIPS).state;
        const raises = [SLOT_0];
        const recoveries: string[] = [];
        const falls: string[] = [];
        let at = SLOT_0;
        for (const step of steps) {
          at = addDays(at, step.days);
          const before = step.move === 'fall' ? flapped(state) : state;
          const fell = before.health?.atRisk !== true && step.move !== 'recover';
          const plan = planTouches(before, at, step.move === 'recover' ? lenient : program, TIPS);
          const raisedNow = atRisk(plan.signals).length === 1;
          if (raisedNow) raises.push(at);
          if (recovered(plan.signals).length > 0) recoveries.push(at);
          if (fell) {
            falls.push(at);
            // Every fall is raised or counted as damped.
            const dampedBefore = atRiskCase(before)?.damped ?? 0;
            if (!raisedNow) expect(atRiskCase(plan.state)?.damped).toBe(dampedBefore + 1);
          }
          // A damped fall never outlives the damping unraised while the account is at risk.
          const c = atRiskCase(plan.state);
          if (plan.state.health?.atRisk === true && c?.dampedAt !== undefined && c.raisedAt !== undefined)
            if (c.dampedAt >= c.raisedAt) expect(Date.parse(at)).toBeLessThan(Date.parse(c.raisedAt) + 14 * DAY_MS);
          state = plan.state;
        }
        for (let i = 1; i < raises.length; i++) {
          const a = Date.parse(raises[i - 1] as string);
          const b = Date.parse(raises[i] as string);
          if (b - a >= 14 * DAY_MS) continue;
          // Within the damping: the account recovered after the raise and stayed so 7 days before this fall.
          const rec = recoveries.find((r) => Date.parse(r) > a && b - Date.parse(r) >= 7 * DAY_MS);
          expect(rec).toBeDefined();
          const fallsBetween = falls.filter((f) => Date.parse(f) > Date.parse(rec as string) && Date.parse(f) < b);
          expect(fallsBetween).toEqual([]);
        }
      }),
      { numRuns: 80 },
    );
  });

  it('raises fewer than the undamped engine on a flapping account', () => {
    const off = programWith({ ...program, plays: { reRaiseDays: 0 } });
    const count = (p: Program) => {
      let state = planTouches(idleAccount(p), SLOT_0, p, TIPS).state;
      let n = 1;
      for (let day = 2; day <= 28; day += 2) {
        const plan = planTouches(flapped(state), addDays(SLOT_0, day), p, TIPS);
        n += atRisk(plan.signals).length;
        state = plan.state;
      }
      return n;
    };
    expect(count(off)).toBe(15);
    expect(count(program)).toBe(3);
  });
});
