// Health checks are put off while no check could find anything new (cadence.ts, healthCheckDue): the
// planner, run only when the account says it is due, must raise the same signals on the same days as
// one that also checks the account at every sending day's opening.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEvents } from '../../functions/core/apply-events.js';
import { deriveNextDueAt, HEALTH_LOOKAHEAD_DAYS } from '../../functions/core/cadence.js';
import type { Catalogs } from '../../functions/core/catalogs.js';
import { closedDaysIn } from '../../functions/core/closed-days.js';
import type { ProductEvent } from '../../functions/core/events.js';
import { planTouches } from '../../functions/core/plan-touches.js';
import { isSendingDay } from '../../functions/core/send-window.js';
import type { AccountState } from '../../functions/core/state.js';
import { addCalendarDays, DAY_MS, HOUR_MS, localDate, toIso, toMs, zonedTime } from '../../functions/core/time.js';
import { anAccount, contactUpserted, defaultProgram, featureTipCatalogs, usage } from '../fixtures/builders.js';

const program = defaultProgram();
const CATALOGS: Catalogs = featureTipCatalogs(program);
const ACTIONS = program.features.map((f) => f.action);
const DAYS = 84;

/** Stretches of days each with its own chance of a contact being active: habits, lulls and returns. */
const scenarioArb = fc.record({
  timeZone: fc.constantFrom('Asia/Tokyo', 'America/New_York'),
  onboardedDay: fc.integer({ min: 0, max: 300 }),
  onboardedHour: fc.integer({ min: 0, max: 23 }),
  contacts: fc.integer({ min: 1, max: 4 }),
  stretches: fc.array(
    fc.record({ days: fc.integer({ min: 3, max: 30 }), percent: fc.constantFrom(0, 0, 10, 40, 70, 95) }),
    { minLength: 2, maxLength: 6 },
  ),
  /** Actions first used on these days (advanced ones move the stage, and may make the account expansion-ready). */
  actions: fc.array(fc.record({ day: fc.integer({ min: 0, max: DAYS - 1 }), action: fc.constantFrom(...ACTIONS) }), {
    maxLength: 8,
  }),
  /** Sets up scheduled reports, invites the team and tries two advanced features soon after onboarding. */
  keen: fc.boolean(),
  /** What the active people do each day: the basic features, whose use reaches the adoption milestones. */
  daily: fc.subarray(['dashboard.view', 'daily_report.create', 'report.create'], { minLength: 1 }),
  /** A new member shows up on this day (more people for breadth), when set. */
  newcomerDay: fc.option(fc.integer({ min: 0, max: DAYS - 1 }), { nil: undefined }),
  seed: fc.integer({ min: 1, max: 2 ** 30 }),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

/** The scenario's events, all in working hours after the send window opened (see the first test). */
function eventsOf(s: Scenario, startMs: number): ProductEvent[] {
  let x = s.seed;
  const random = () => ((x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 100;
  const firstDay = localDate(toIso(startMs), s.timeZone);
  const at = (day: number, hour: number) => zonedTime(addCalendarDays(firstDay, day), hour, s.timeZone);
  const events: ProductEvent[] = [];
  let day = 0;
  for (const stretch of s.stretches) {
    for (let d = 0; d < stretch.days && day < DAYS; d++, day++) {
      for (let c = 0; c < s.contacts; c++) {
        const action = s.daily[day % s.daily.length] as string;
        if (random() < stretch.percent) events.push(usage('acc-h', `c-${c}`, action, at(day, 10 + c)));
      }
    }
  }
  const keen = s.keen
    ? ['member.invite', 'report.schedule_monthly', 'dashboard.customize', 'approval.configure'].map((action, i) => ({
        day: 22 + i,
        action,
      }))
    : [];
  for (const a of [...s.actions, ...keen]) events.push(usage('acc-h', 'c-0', a.action, at(a.day, 15)));
  if (s.newcomerDay !== undefined)
    events.push(contactUpserted('acc-h', 'c-new', { role: 'member' }, { at: at(s.newcomerDay, 11) }));
  return events.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
}

interface Said {
  readonly signals: string[];
  readonly touches: string[];
  /** When the planner ran. */
  readonly runs: number[];
}

/**
 * Plays the events and runs the planner when the account is due; with `alsoAt`, also at every sending
 * day's opening and at each of those instants (the runs of the play it is compared with).
 */
function play(s: Scenario, alsoAt: readonly number[] | null): Said {
  const onboardedMs = Date.parse('2026-01-05T00:00:00Z') + s.onboardedDay * DAY_MS + s.onboardedHour * HOUR_MS;
  const builder = anAccount('acc-h').withProfile({ timeZone: s.timeZone }, { at: toIso(onboardedMs - 40 * DAY_MS) });
  for (let c = 0; c < s.contacts; c++)
    builder.withContact(`c-${c}`, { role: c === 0 ? 'owner' : 'member' }, { at: toIso(onboardedMs - 40 * DAY_MS) });
  let state: AccountState = builder.onboardedOn(toIso(onboardedMs)).state(program);
  const startMs = onboardedMs - 20 * DAY_MS;
  const endMs = onboardedMs + (DAYS - 20) * DAY_MS;
  const events = eventsOf(s, startMs).filter((e) => toMs(e.time) > onboardedMs);
  const openings: number[] = [];
  // The planner's calendar: national holidays and the program's closed days (Tokyo's year-end break).
  const closed = closedDaysIn(s.timeZone, program.closedDays, undefined);
  if (alsoAt !== null) {
    for (
      let date = localDate(toIso(onboardedMs), s.timeZone);
      toMs(`${date}T00:00:00Z`) < endMs;
      date = addCalendarDays(date, 1)
    ) {
      if (isSendingDay(date, s.timeZone, program.sendWindow, closed))
        openings.push(toMs(zonedTime(date, program.sendWindow.startHour, s.timeZone)));
    }
    openings.push(...alsoAt);
    openings.sort((x, y) => x - y);
  }
  const said: Said = { signals: [], touches: [], runs: [] };
  let nextEvent = 0;
  let nextOpening = 0;
  // The clock: an account due in the past (its facts moved) is planned at once, never back in time.
  let nowMs = onboardedMs;
  let lastRunMs = onboardedMs - 1;
  for (;;) {
    const due =
      state.cadence.nextDueAt === null
        ? Number.POSITIVE_INFINITY
        : Math.max(toMs(state.cadence.nextDueAt), nowMs, lastRunMs + 1);
    while (nextOpening < openings.length && (openings[nextOpening] as number) <= lastRunMs) nextOpening++;
    const opening =
      nextOpening < openings.length ? Math.max(openings[nextOpening] as number, nowMs) : Number.POSITIVE_INFINITY;
    const eventMs =
      nextEvent < events.length ? toMs((events[nextEvent] as ProductEvent).time) : Number.POSITIVE_INFINITY;
    const runMs = Math.min(due, opening);
    if (Math.min(runMs, eventMs) >= endMs) return said;
    if (eventMs <= runMs) {
      state = applyEvents(state, [events[nextEvent] as ProductEvent], program).state;
      nowMs = Math.max(nowMs, eventMs);
      nextEvent++;
      continue;
    }
    const plan = planTouches(state, toIso(runMs), program, CATALOGS);
    said.runs.push(runMs);
    nowMs = runMs;
    said.signals.push(...plan.signals.map((sig) => `${sig.type} ${sig.at}`));
    said.touches.push(...plan.touches.map((t) => `${t.touchId} ${t.plannedAt}`));
    state = plan.state;
    lastRunMs = runMs;
  }
}

// A check put off is one that would have found nothing: checking as well at every sending day's
// opening (and whenever the account was due) changes no signal and no touch. The projection leaves a
// day's usage out of that day's opening, so the scenarios' usage comes after the opening; usage before
// it that changes the day's verdict is seen one sending day later than a daily check would.
describe('health checks put off while nothing can change', () => {
  it('raise the same signals and send the same touches as checks at every sending day besides', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const due = play(s, null);
        const daily = play(s, due.runs);
        expect(due.signals).toEqual(daily.signals);
        expect(due.touches).toEqual(daily.touches);
      }),
      { numRuns: 60 },
    );
  });

  it('meet at-risk signals, recoveries and expansion, with fewer planner runs than daily checks', () => {
    const seen = { atRisk: 0, expansion: 0, dueRuns: 0, dailyRuns: 0 };
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const due = play(s, null);
        const daily = play(s, due.runs);
        seen.atRisk += due.signals.filter((x) => x.startsWith('Account At Risk')).length;
        seen.expansion += due.signals.filter((x) => x.startsWith('Phase Changed')).length;
        seen.dueRuns += due.runs.length;
        seen.dailyRuns += daily.runs.length;
      }),
      { numRuns: 60, seed: 20261128 },
    );
    expect(seen.atRisk).toBeGreaterThan(10);
    expect(seen.expansion).toBeGreaterThan(2);
    expect(seen.dueRuns).toBeLessThan(seen.dailyRuns / 2);
  });

  it('looks at a steadily active, healthy account next at its next cadence slot, not every day', () => {
    const builder = anAccount('acc-s')
      .withProfile({ timeZone: 'Asia/Tokyo' })
      .withContact('c-0', { role: 'owner' })
      .onboardedOn('2026-01-06');
    for (let d = 0; d < 45; d++)
      builder.withEvents(
        usage(
          'acc-s',
          'c-0',
          ['dashboard.view', 'daily_report.create', 'report.create'][d % 3] as string,
          toIso(Date.parse('2025-12-10T01:00:00Z') + d * DAY_MS),
        ),
      );
    const planned = planTouches(builder.state(program), '2026-01-13T00:00:00.000Z', program, CATALOGS);
    expect(planned.touches.length).toBe(1);
    expect(planned.state.health?.atRisk).toBe(false);
    // Checked on Tuesday 2026-01-13 at its first slot; the second is Tuesday 2026-01-20, 09:00 JST.
    expect(planned.state.cadence.nextDueAt).toBe('2026-01-20T00:00:00.000Z');
  });

  it(`checks at least every ${HEALTH_LOOKAHEAD_DAYS} sending days, whatever the projection says`, () => {
    const steady = anAccount('acc-s')
      .withProfile({ timeZone: 'Asia/Tokyo' })
      .withContact('c-0', { role: 'owner' })
      .onboardedOn('2026-01-05')
      .state(program);
    // Late in adoption (monthly slots), assessed on Monday 2026-04-06 at 09:00 JST, with nothing to change.
    const state: AccountState = {
      ...steady,
      cadence: { ...steady.cadence, step: 9 },
      health: {
        at: '2026-04-06T00:00:00.000Z',
        score: 90,
        atRisk: true,
        usageDrop: false,
        dauMau: 0,
        activeDays30: 0,
        previousActiveDays30: 0,
      },
      activeDays: {},
    };
    // At risk and nothing will bring it back: looked at again on Monday, a week of sending days later.
    expect(deriveNextDueAt(state, program)).toBe('2026-04-13T00:00:00.000Z');
  });
});
