// Signal cases: acknowledge and resolve as events, the at-risk raise held back while a person handles
// it, and Account Recovered once health is back.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEvents } from '../../functions/core/apply-events.js';
import type { Catalogs } from '../../functions/core/catalogs.js';
import type { HandledSignalType, ProductEvent } from '../../functions/core/events.js';
import { planTouches } from '../../functions/core/plan-touches.js';
import type { Program } from '../../functions/core/program.js';
import { caseStatus } from '../../functions/core/signal-cases.js';
import type { Signal } from '../../functions/core/signals.js';
import type { AccountState } from '../../functions/core/state.js';
import { addDays } from '../../functions/core/time.js';
import { anAccount, defaultProgram, featureTipCatalogs, programWith } from '../fixtures/builders.js';

// No grace and no ramp: an idle account is at risk from its first check (the ramp has its own tests).
const program = programWith({ health: { ...defaultProgram().health, graceDays: 0, rampDays: 0 } });
const TIPS: Catalogs = featureTipCatalogs(program);
// Onboarding completes Monday 2026-01-19 09:00 JST; cadence slot 0 is Monday 2026-01-26 09:00 JST.
const ONBOARDED = '2026-01-19';
const SLOT_0 = '2026-01-26T00:00:00.000Z';

function handled(
  detailType: 'Signal Acknowledged' | 'Signal Resolved',
  at: string,
  options: { id?: string; signalType?: HandledSignalType; by?: string; outcome?: string } = {},
): ProductEvent {
  const detail = {
    accountId: 'acc-1',
    signalType: options.signalType ?? 'Account At Risk',
    by: options.by ?? 'csm@example.com',
    at,
    ...(options.outcome === undefined ? {} : { outcome: options.outcome }),
  };
  const id = options.id ?? `${detailType === 'Signal Acknowledged' ? 'ack' : 'res'}:${at}`;
  return detailType === 'Signal Acknowledged'
    ? { id, source: 'com.example.product', time: at, detailType, detail }
    : { id, source: 'com.example.product', time: at, detailType, detail };
}

/** An account with no usage: at risk (low health) from its first check in adoption. */
function idleAccount(p: Program = program): AccountState {
  return anAccount('acc-1')
    .withProfile({ timeZone: 'Asia/Tokyo', locale: 'ja' })
    .withContact('c-owner', { role: 'owner' })
    .onboardedOn(ONBOARDED)
    .state(p);
}

/** As if the account had been healthy at its last check: the next at-risk check is a new one. */
function flapped(state: AccountState): AccountState {
  return state.health === null ? state : { ...state, health: { ...state.health, atRisk: false } };
}

const atRisk = (signals: readonly Signal[]) => signals.filter((s) => s.type === 'Account At Risk');
const apply = (state: AccountState, ...events: ProductEvent[]) => applyEvents(state, events, program).state;

describe('acknowledging an Account At Risk', () => {
  const raised = planTouches(idleAccount(), SLOT_0, program, TIPS);

  it('opens a case when the signal is raised', () => {
    expect(atRisk(raised.signals)).toHaveLength(1);
    expect(raised.state.signalCases?.['Account At Risk']).toEqual({
      raisedAt: SLOT_0,
      raised: 1,
      raisedScore: raised.state.health?.score,
      raisedReasons: ['low-health'],
    });
    expect(caseStatus(raised.state.signalCases?.['Account At Risk'], SLOT_0, 30)).toBe('open');
  });

  it('is raised again on a new at-risk check plays.reRaiseDays after the raise when nobody acknowledged it', () => {
    const again = planTouches(flapped(raised.state), addDays(SLOT_0, 14), program, TIPS);
    expect(atRisk(again.signals)).toHaveLength(1);
    expect(again.state.signalCases?.['Account At Risk']?.raised).toBe(2);
  });

  it('is held back, and counted, while acknowledged', () => {
    const acked = apply(raised.state, handled('Signal Acknowledged', addDays(SLOT_0, 1)));
    expect(caseStatus(acked.signalCases?.['Account At Risk'], addDays(SLOT_0, 2), 30)).toBe('acknowledged');
    const again = planTouches(flapped(acked), addDays(SLOT_0, 7), program, TIPS);
    expect(atRisk(again.signals)).toEqual([]);
    expect(again.state.signalCases?.['Account At Risk']).toMatchObject({ raised: 1, heldBack: 1 });
    expect(again.changed).toBe(true);
  });

  it('is raised again once the acknowledgement is older than plays.acknowledgedDays', () => {
    const short = programWith({ ...program, plays: { acknowledgedDays: 10 } });
    const first = planTouches(idleAccount(short), SLOT_0, short, TIPS);
    const acked = applyEvents(first.state, [handled('Signal Acknowledged', addDays(SLOT_0, 1))], short).state;
    const held = planTouches(flapped(acked), addDays(SLOT_0, 7), short, TIPS);
    expect(atRisk(held.signals)).toEqual([]);
    // Still at risk when the acknowledgement lapses: raised once more, then not again.
    const lapsed = planTouches(held.state, addDays(SLOT_0, 12), short, TIPS);
    expect(atRisk(lapsed.signals)).toHaveLength(1);
    const after = planTouches(lapsed.state, addDays(SLOT_0, 13), short, TIPS);
    expect(atRisk(after.signals)).toEqual([]);
  });

  it('is raised again after it was resolved', () => {
    const acked = apply(raised.state, handled('Signal Acknowledged', addDays(SLOT_0, 1)));
    const resolved = apply(acked, handled('Signal Resolved', addDays(SLOT_0, 2), { outcome: 'trained' }));
    expect(caseStatus(resolved.signalCases?.['Account At Risk'], addDays(SLOT_0, 3), 30)).toBe('resolved');
    expect(resolved.signalCases?.['Account At Risk']?.resolved).toMatchObject({
      by: 'csm@example.com',
      outcome: 'trained',
    });
    const again = planTouches(flapped(resolved), addDays(SLOT_0, 7), program, TIPS);
    expect(atRisk(again.signals)).toHaveLength(1);
  });

  it('keeps the latest handling whatever the order, and a redelivery changes nothing', () => {
    const early = handled('Signal Acknowledged', addDays(SLOT_0, 1), { by: 'a@example.com' });
    const late = handled('Signal Acknowledged', addDays(SLOT_0, 2), { by: 'b@example.com' });
    const one = applyEvents(raised.state, [early, late], program);
    const other = applyEvents(applyEvents(raised.state, [late], program).state, [early], program);
    expect(other.state.signalCases).toEqual(one.state.signalCases);
    expect(one.state.signalCases?.['Account At Risk']?.acknowledged?.by).toBe('b@example.com');
    const again = applyEvents(one.state, [late], program);
    expect(again.changed).toBe(false);
    expect(again.ignored.duplicate).toBe(1);
  });
});

describe('the acknowledgement property', () => {
  it('raises no Account At Risk while acknowledged, however the risk comes and goes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 * 24 }),
        fc.integer({ min: 1, max: 60 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }),
        (ackAfterHours, days, flaps) => {
          // No damping: without the acknowledgement every new fall raises it.
          const p = programWith({ ...program, plays: { acknowledgedDays: days, reRaiseDays: 0 } });
          const first = planTouches(idleAccount(p), SLOT_0, p, TIPS);
          const ackAt = new Date(Date.parse(SLOT_0) + ackAfterHours * 3_600_000).toISOString();
          let state = applyEvents(first.state, [handled('Signal Acknowledged', ackAt)], p).state;
          let unheld = planTouches(first.state, SLOT_0, p, TIPS).state;
          let at = ackAt;
          for (const flap of flaps) {
            at = addDays(at, 3);
            const withAck = planTouches(flap ? flapped(state) : state, at, p, TIPS);
            const withoutAck = planTouches(flap ? flapped(unheld) : unheld, at, p, TIPS);
            const held = Date.parse(at) < Date.parse(ackAt) + days * 86_400_000;
            if (held) expect(atRisk(withAck.signals)).toEqual([]);
            // Not vacuous: without the acknowledgement, each new at-risk check raises it.
            if (flap) expect(atRisk(withoutAck.signals)).toHaveLength(1);
            state = withAck.state;
            unheld = withoutAck.state;
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('applies acknowledgements and resolutions in any order to the same cases', () => {
    const handlingArb = fc.record({
      resolve: fc.boolean(),
      hour: fc.integer({ min: 0, max: 400 }),
      by: fc.constantFrom('a@example.com', 'Sato', 'b@example.com'),
      type: fc.constantFrom<HandledSignalType>('Account At Risk', 'Key Contact Changed', 'Onboarding Stalled'),
    });
    fc.assert(
      fc.property(fc.array(handlingArb, { maxLength: 8 }), fc.integer({ min: 0, max: 1000 }), (list, seed) => {
        const events = list.map((h, i) =>
          handled(
            h.resolve ? 'Signal Resolved' : 'Signal Acknowledged',
            new Date(Date.parse(SLOT_0) + h.hour * 3_600_000).toISOString(),
            { id: `h-${i}`, by: h.by, signalType: h.type },
          ),
        );
        const shuffled = [...events].sort(
          (a, b) => ((a.id.length * seed) % 7) - ((b.id.length * seed) % 7) || (a.id < b.id ? 1 : -1),
        );
        const base = idleAccount();
        const together = applyEvents(base, events, program).state;
        const oneByOne = shuffled.reduce((s, e) => applyEvents(s, [e, e], program).state, base);
        expect(oneByOne.signalCases).toEqual(together.signalCases);
      }),
      { numRuns: 80 },
    );
  });
});

describe('Account Recovered', () => {
  const lenient = programWith({ health: { atRiskBelow: 0 } });

  it('is raised once when health is back after an at-risk raise', () => {
    const raised = planTouches(idleAccount(), SLOT_0, program, TIPS).state;
    // The program's threshold moved below the account's score: it is no longer at risk.
    const recovered = planTouches(raised, addDays(SLOT_0, 1), lenient, TIPS);
    expect(recovered.signals.filter((s) => s.type === 'Account Recovered')).toEqual([
      {
        type: 'Account Recovered',
        accountId: 'acc-1',
        at: addDays(SLOT_0, 1),
        score: recovered.state.health?.score,
        atRiskSince: SLOT_0,
      },
    ]);
    const later = planTouches(recovered.state, addDays(SLOT_0, 2), lenient, TIPS);
    expect(later.signals.filter((s) => s.type === 'Account Recovered')).toEqual([]);
  });

  it('is not raised for an account that was never raised at risk, nor after the case was resolved', () => {
    const never = planTouches(idleAccount(lenient), SLOT_0, lenient, TIPS);
    expect(never.signals.filter((s) => s.type === 'Account Recovered')).toEqual([]);
    const raised = planTouches(idleAccount(), SLOT_0, program, TIPS).state;
    const resolved = apply(raised, handled('Signal Resolved', addDays(SLOT_0, 0.5)));
    const after = planTouches(resolved, addDays(SLOT_0, 1), lenient, TIPS);
    expect(after.signals.filter((s) => s.type === 'Account Recovered')).toEqual([]);
  });
});
