// The phases after adoption: retention while the contract runs, renewal from its window until the
// renewal, a new term after `Contract Renewed`, re-onboarding in every live phase, and the property
// that the phase only ever moves along the allowed moves.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEvents } from '../../functions/core/apply-events.js';
import type { Catalogs } from '../../functions/core/catalogs.js';
import type { ProductEvent } from '../../functions/core/events.js';
import { PHASE_MOVES } from '../../functions/core/phase-change.js';
import { planTouches } from '../../functions/core/plan-touches.js';
import type { Program } from '../../functions/core/program.js';
import type { Signal } from '../../functions/core/signals.js';
import type { AccountState, Phase } from '../../functions/core/state.js';
import { addDays } from '../../functions/core/time.js';
import {
  anAccount,
  contactUpserted,
  contractEnded,
  contractRenewed,
  defaultProgram,
  featureTipCatalogs,
  programWith,
} from '../fixtures/builders.js';

const program = defaultProgram();
const TIPS: Catalogs = featureTipCatalogs(program);
// Onboarding completes 2026-01-19 (JST day); adoption ends six months later, on 2026-07-19 09:00 JST.
const ONBOARDED = '2026-01-19';
const RENEWAL_DATE = '2027-01-05';
// 60 days before 2027-01-05 is 2026-11-06: the planner looks at its send window's opening, 09:00 JST.
const WINDOW_OPENS = '2026-11-06T00:00:00.000Z';

function account(profile: { renewalDate?: string; arr?: number; currency?: string } = { renewalDate: RENEWAL_DATE }) {
  return anAccount('acc-1')
    .withProfile({ timeZone: 'Asia/Tokyo', locale: 'ja', ...profile })
    .withContact('c-owner', { role: 'owner' })
    .withContact('c-member', { role: 'member' })
    .onboardedOn(ONBOARDED);
}

interface Run {
  readonly state: AccountState;
  readonly signals: Signal[];
  /** Each phase moved to, when. */
  readonly phases: { at: string; phase: Phase }[];
  readonly sends: { at: string; phase: Phase; contactId: string; kind: string }[];
  /** The owner's decisions (a touch or why none): one per cadence slot, whatever content was left. */
  readonly looks: { at: string; phase: Phase; outcome: string }[];
}

/** The planner run as the schedule runs it: at each next due time, up to `until`. */
function runUntil(start: AccountState, until: string, p: Program = program, run?: Run): Run {
  let state = start;
  const signals = run?.signals ?? [];
  const phases = run?.phases ?? [];
  const sends = run?.sends ?? [];
  const looks = run?.looks ?? [];
  let phase = start.phase;
  for (let i = 0; i < 500; i++) {
    const due = state.cadence.nextDueAt;
    if (due === null || due > until) break;
    const result = planTouches(state, due, p, TIPS);
    state = result.state;
    signals.push(...result.signals);
    if (state.phase !== phase) phases.push({ at: due, phase: state.phase });
    phase = state.phase;
    for (const t of result.touches) sends.push({ at: due, phase: state.phase, contactId: t.contactId, kind: t.kind });
    for (const d of result.decisions) {
      // A value review or a celebration is an occasion of its own, not a cadence slot.
      const occasion = d.outcome === 'sent' && (d.touch.kind === 'value-review' || d.touch.kind === 'celebration');
      if (d.contactId === 'c-owner' && !occasion) looks.push({ at: due, phase: state.phase, outcome: d.outcome });
    }
  }
  return { state, signals, phases, sends, looks };
}

function apply(state: AccountState, ...events: ProductEvent[]): AccountState {
  return applyEvents(state, events, program).state;
}

describe('a term after adoption', () => {
  const first = runUntil(account().state(program), '2026-12-31T00:00:00.000Z');

  it('goes from adoption to retention when adoption ends, and to renewal when the window opens', () => {
    expect(first.phases.map((p) => p.phase)).toEqual(['retention', 'renewal']);
    // Adoption ends on Sunday 2026-07-19; Monday is Marine Day: the next sending day's opening.
    expect(first.phases[0]?.at).toBe('2026-07-21T00:00:00.000Z');
    expect(first.phases[1]?.at).toBe(WINDOW_OPENS);
    expect(
      first.signals.filter((s) => s.type === 'Phase Changed').map((s) => s.type === 'Phase Changed' && s.to),
    ).toEqual(['retention', 'renewal']);
  });

  it('touches a retention account every 30 days from the end of adoption, and goes on in renewal', () => {
    const after = first.looks.filter((s) => s.phase !== 'adoption');
    expect(after.map((s) => s.phase)).toEqual(['retention', 'retention', 'retention', 'renewal', 'renewal']);
    const since = first.state.cadence.since as string;
    expect(since).toBe(first.phases[0]?.at);
    // Each slot is `since` + 30 days × n, moved to the next send window's opening (2026's Silver
    // Week holidays put the second one off from Saturday 09-19 to Thursday 09-24).
    after.forEach((s, n) => {
      const slot = addDays(since, 30 * (n + 1));
      expect([s.at, s.at >= slot && s.at < addDays(slot, 6)]).toEqual([s.at, true]);
    });
  });

  it('raises Renewal Approaching once, when the window opens, with health, days left and the use figures', () => {
    const approaching = first.signals.filter((s) => s.type === 'Renewal Approaching');
    expect(approaching).toHaveLength(1);
    expect(approaching[0]).toMatchObject({
      accountId: 'acc-1',
      at: WINDOW_OPENS,
      renewalDate: RENEWAL_DATE,
      daysToRenewal: 60,
      termStartedAt: '2026-01-04T15:00:00.000Z',
      activePeople: 0,
      milestonesReached: 0,
    });
    expect(approaching[0]).not.toHaveProperty('arr');
  });

  it('gives the contract’s value in the signal when the profile names it', () => {
    const valued = runUntil(
      account({ renewalDate: RENEWAL_DATE, arr: 1_200_000, currency: 'JPY' }).state(program),
      '2026-12-31T00:00:00.000Z',
    );
    expect(valued.signals.find((s) => s.type === 'Renewal Approaching')).toMatchObject({
      arr: 1_200_000,
      currency: 'JPY',
    });
  });

  it('starts a new term on Contract Renewed: back to retention, the cadence restarting from the renewal', () => {
    const renewedAt = '2026-12-21T02:00:00.000Z';
    const renewed = apply(first.state, contractRenewed('acc-1', renewedAt, '2027-12-21'));
    expect(renewed.cadence.nextDueAt).toBe(renewedAt);
    const next = runUntil(renewed, '2027-03-01T00:00:00.000Z');
    expect(next.phases).toEqual([{ at: renewedAt, phase: 'retention' }]);
    expect(next.state.cadence.since).toBe('2026-12-21T02:00:00.000Z');
    expect(next.looks[0]?.at).toBe(addDays(renewedAt, 30));
    expect(next.signals.filter((s) => s.type === 'Renewal Approaching')).toEqual([]);
    // The next term's window opens 60 days before 2027-12-21: renewal again, with a signal for that term.
    const later = runUntil(next.state, '2027-11-01T00:00:00.000Z');
    expect(later.phases.map((p) => p.phase)).toEqual(['renewal']);
    expect(later.signals.filter((s) => s.type === 'Renewal Approaching')).toMatchObject([
      { renewalDate: '2027-12-21' },
    ]);
  });

  it('stays in renewal past an unrenewed renewal date, and ends with the contract', () => {
    const overdue = runUntil(first.state, '2027-02-15T00:00:00.000Z');
    expect(overdue.state.phase).toBe('renewal');
    expect(overdue.looks.filter((l) => l.at > '2027-01-05').length).toBeGreaterThan(0);
    const ended = apply(overdue.state, contractEnded('acc-1', '2027-02-16T00:00:00.000Z', 'price'));
    const after = runUntil(ended, '2027-12-31T00:00:00.000Z');
    expect(after.sends).toEqual([]);
    expect(after.looks.every((l) => l.outcome === 'skipped')).toBe(true);
    expect(after.state.phase).toBe('renewal');
    expect(after.signals).toEqual([]);
  });
});

describe('the renewal window and the phases', () => {
  it('keeps an account without a renewal date in retention', () => {
    const run = runUntil(account({}).state(program), '2027-06-30T00:00:00.000Z');
    expect(run.phases.map((p) => p.phase)).toEqual(['retention']);
    expect(run.signals.some((s) => s.type === 'Renewal Approaching')).toBe(false);
    expect(run.looks.filter((s) => s.phase === 'retention').length).toBeGreaterThan(8);
  });

  it('goes from adoption straight to renewal when adoption ends inside the window', () => {
    const run = runUntil(account({ renewalDate: '2026-08-20' }).state(program), '2026-08-01T00:00:00.000Z');
    expect(run.phases.map((p) => p.phase)).toEqual(['renewal']);
    expect(run.signals.filter((s) => s.type === 'Renewal Approaching')).toHaveLength(1);
  });

  it('follows the program’s own window and retention cadence', () => {
    const p = programWith({ renewal: { windowDays: 30 }, retention: { everyDays: 14 } });
    const run = runUntil(account().state(p), '2026-12-31T00:00:00.000Z', p);
    // 30 days before 2027-01-05 is 2026-12-06, starting at 15:00 UTC the day before.
    expect(run.phases.at(-1)).toEqual({ at: '2026-12-07T00:00:00.000Z', phase: 'renewal' });
    const since = run.state.cadence.since as string;
    const owner = run.looks.filter((s) => s.phase !== 'adoption');
    const firstLook = owner[0]?.at ?? '';
    expect(firstLook >= addDays(since, 14) && firstLook < addDays(since, 18)).toBe(true);
  });

  it('keeps an expansion-ready account expansion-ready, enters renewal near the date and retention after it', () => {
    const ready: AccountState = {
      ...account().state(program),
      phase: 'expansion-ready',
      phaseChangedAt: '2026-04-01T00:00:00.000Z',
    };
    const withSince = runUntil(
      { ...ready, cadence: { ...ready.cadence, nextDueAt: '2026-04-01T00:00:00.000Z' } },
      '2026-12-31T00:00:00.000Z',
    );
    expect(withSince.phases.map((p) => p.phase)).toEqual(['renewal']);
    expect(withSince.looks.some((s) => s.phase === 'expansion-ready')).toBe(true);
    const renewedAt = '2026-12-24T02:00:00.000Z';
    const renewed = runUntil(
      apply(withSince.state, contractRenewed('acc-1', renewedAt, '2027-12-24')),
      '2027-01-31T00:00:00.000Z',
    );
    expect(renewed.phases).toEqual([{ at: renewedAt, phase: 'retention' }]);
  });

  it('restarts the retention cadence for a renewal before the window opened, with no phase change', () => {
    const inRetention = runUntil(account().state(program), '2026-09-01T00:00:00.000Z').state;
    expect(inRetention.phase).toBe('retention');
    const renewedAt = '2026-09-09T02:00:00.000Z';
    const run = runUntil(
      apply(inRetention, contractRenewed('acc-1', renewedAt, '2027-09-09')),
      '2026-12-31T00:00:00.000Z',
    );
    expect(run.signals.filter((s) => s.type === 'Phase Changed')).toEqual([]);
    expect(run.state.cadence.since).toBe(renewedAt);
    expect(run.looks[0]?.at).toBe(addDays(renewedAt, 30));
  });

  it('leaves an ended account ended: no move, no touch, never due', () => {
    const state: AccountState = {
      ...account().state(program),
      phase: 'ended',
      phaseChangedAt: '2026-07-20T00:00:00.000Z',
    };
    const result = planTouches(state, '2026-11-10T01:00:00.000Z', program, TIPS);
    expect(result.state.phase).toBe('ended');
    expect(result.touches).toEqual([]);
    expect(result.signals.filter((s) => s.type !== 'Account At Risk')).toEqual([]);
    expect(result.state.cadence.nextDueAt).toBeNull();
  });
});

describe('re-onboarding in every live phase', () => {
  const NOW = '2026-11-10T01:00:00.000Z';
  function withNewOwner(phase: Phase): AccountState {
    const base = account().state(program);
    const inPhase: AccountState = {
      ...base,
      phase,
      phaseChangedAt: '2026-11-01T00:00:00.000Z',
      cadence: { step: 0, retryAt: null, since: '2026-11-01T00:00:00.000Z', nextDueAt: null },
    };
    return apply(inPhase, contactUpserted('acc-1', 'c-new', { role: 'owner' }, { at: '2026-11-09T03:00:00Z' }));
  }

  it.each(['adoption', 'expansion-ready', 'retention', 'renewal'] as const)(
    'welcomes a new owner of an account in %s',
    (phase) => {
      const state = withNewOwner(phase);
      expect(state.contacts['c-new']?.reonboarding).toBe('pending');
      expect(state.cadence.nextDueAt).not.toBeNull();
      const result = planTouches(state, NOW, program, TIPS);
      expect(result.touches.map((t) => [t.contactId, t.kind])).toContainEqual(['c-new', 're-onboarding']);
    },
  );

  it('welcomes nobody at an ended account', () => {
    const state = withNewOwner('ended');
    expect(state.cadence.nextDueAt).toBeNull();
    expect(planTouches(state, NOW, program, TIPS).touches).toEqual([]);
  });
});

describe('property: the phase moves only along the allowed moves', () => {
  const DAY_MS = 86_400_000;
  const START = Date.parse('2026-01-20T00:00:00Z');
  const step = fc.oneof(
    fc.record({ kind: fc.constant('plan' as const), days: fc.integer({ min: 1, max: 120 }) }),
    fc.record({
      kind: fc.constant('renew' as const),
      days: fc.integer({ min: 1, max: 60 }),
      termDays: fc.integer({ min: 20, max: 400 }),
    }),
    fc.record({
      kind: fc.constant('date' as const),
      days: fc.integer({ min: 1, max: 60 }),
      ahead: fc.integer({ min: -30, max: 400 }),
    }),
  );

  it('never makes a move PHASE_MOVES does not list, and a second look at the same time moves nothing', () => {
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 0, max: 500 }),
        (steps, renewalIn) => {
          const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);
          let state = account({ renewalDate: date(START + renewalIn * DAY_MS) }).state(program);
          let t = START;
          let n = 0;
          for (const s of steps) {
            t += s.days * DAY_MS;
            const at = new Date(t).toISOString();
            n += 1;
            if (s.kind === 'renew') state = apply(state, contractRenewed('acc-1', at, date(t + s.termDays * DAY_MS)));
            else if (s.kind === 'date') {
              const profile = {
                timeZone: 'Asia/Tokyo',
                locale: 'ja' as const,
                renewalDate: date(t + s.ahead * DAY_MS),
              };
              state = apply(
                state,
                anAccount('acc-1')
                  .withProfile(profile, { at, id: `p-${n}` })
                  .events()[0] as ProductEvent,
              );
            } else {
              const before = state.phase;
              const result = planTouches(state, at, program, TIPS);
              const moves = result.signals.filter((x) => x.type === 'Phase Changed');
              let from = before;
              for (const m of moves) {
                if (m.type !== 'Phase Changed') continue;
                expect(m.from).toBe(from);
                expect(PHASE_MOVES[m.from]).toContain(m.to);
                from = m.to;
              }
              expect(result.state.phase).toBe(from);
              // Settled: a second look at the same time moves nothing.
              const again = planTouches(result.state, at, program, TIPS);
              expect(
                again.signals.filter((x) => x.type === 'Phase Changed' || x.type === 'Renewal Approaching'),
              ).toEqual([]);
              state = result.state;
            }
          }
        },
      ),
      { numRuns: 120 },
    );
  });
});
