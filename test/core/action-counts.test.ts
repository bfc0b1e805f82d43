// Actions as the usage-drop rule's third measure: per-day counts that a redelivery leaves as they
// were (action-counts.ts), kept by applyEvents and read by assessAccount.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACTION_SAMPLE_SIZE,
  actionEventKey,
  actionsOfDay,
  withActionEvent,
} from '../../functions/core/action-counts.js';
import { applyEvents } from '../../functions/core/apply-events.js';
import { assessAccount, usageDropFigures } from '../../functions/core/assess.js';
import type { ProductEvent } from '../../functions/core/events.js';
import type { AccountState } from '../../functions/core/state.js';
import { addCalendarDays } from '../../functions/core/time.js';
import { anAccount, defaultProgram, usage } from '../fixtures/builders.js';

const program = defaultProgram();

function dayOf(events: readonly { id: string; count: number }[]): string[] {
  let entries: string[] | undefined;
  for (const e of events) entries = withActionEvent(entries, actionEventKey(e.id), e.count) ?? entries;
  return entries ?? [];
}

describe('action counts of one day', () => {
  it('sums the counts exactly up to the sample size, and counts a repeated event once', () => {
    const events = Array.from({ length: ACTION_SAMPLE_SIZE }, (_, i) => ({ id: `e-${i}`, count: (i % 3) + 1 }));
    const exact = events.reduce((n, e) => n + e.count, 0);
    expect(actionsOfDay(dayOf(events))).toBe(exact);
    expect(actionsOfDay(dayOf([...events, ...events.slice(0, 5)]))).toBe(exact);
    expect(withActionEvent(dayOf(events), actionEventKey('e-3'), 1)).toBeNull();
  });

  it('keeps at most one entry more than the sample size, the same whatever the order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 1, max: 2 ** 30 }),
        (ids, seed) => {
          const events = ids.map((id, i) => ({ id, count: (i % 4) + 1 }));
          let x = seed;
          const shuffled = [...events].sort(() => ((x = (x * 1_103_515_245 + 12_345) % 2 ** 31) % 2 === 0 ? -1 : 1));
          const a = dayOf(events);
          expect(a.length).toBeLessThanOrEqual(ACTION_SAMPLE_SIZE + 1);
          expect(dayOf(shuffled)).toEqual(a);
          expect(dayOf([...events, ...events])).toEqual(a);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('estimates a busy day from its sample, within a few percent over a month of days', () => {
    let estimated = 0;
    for (let day = 0; day < 30; day++) {
      const events = Array.from({ length: 200 }, (_, i) => ({ id: `acc-1:${day}:${i}`, count: 2 }));
      estimated += actionsOfDay(dayOf(events));
    }
    expect(Math.abs(estimated - 30 * 400) / (30 * 400)).toBeLessThan(0.1);
  });
});

describe('the usage-drop rule on actions', () => {
  const NOW = '2026-04-30T12:00:00.000Z';
  const TODAY = '2026-04-30';
  /** Four people signing in every day of two months, doing `perDay(d)` actions each on day d (0 = today). */
  function team(perDay: (daysAgo: number) => number): ProductEvent[] {
    const events: ProductEvent[] = [];
    for (let d = 0; d < 60; d++) {
      const at = `${addCalendarDays(TODAY, -d)}T03:00:00Z`;
      for (let c = 1; c <= 4; c++)
        for (let k = 0; k < perDay(d); k++)
          events.push(usage('acc-1', `c-${c}`, 'dashboard.view', at, { id: `u-${c}-${d}-${k}` }));
    }
    return events;
  }
  function account(events: readonly ProductEvent[]): AccountState {
    return anAccount()
      .withProfile({ timeZone: 'UTC', contractStart: '2026-01-05' })
      .withContact('c-1', { role: 'owner' })
      .onboardedOn('2026-01-19')
      .withEvents(...events)
      .state(program);
  }

  it('raises a usage drop when people still sign in daily but do 4 actions a day each, then 1', () => {
    const health = assessAccount(account(team((d) => (d < 30 ? 1 : 4))), program, NOW);
    expect(health.activeDays30).toBe(health.previousActiveDays30);
    expect(health.personDays30).toBe(health.previousPersonDays30);
    expect(health.usageDrop).toBe(true);
    expect(health.atRisk).toBe(true);
    expect(usageDropFigures(health, program.usageDrop)).toEqual({ measure: 'actions', current: 120, previous: 480 });
  });

  it('raises nothing when the actions hold', () => {
    const health = assessAccount(account(team(() => 3)), program, NOW);
    expect(health.usageDrop).toBe(false);
  });

  it('counts the `count` of each event, once even when the event comes again', () => {
    const events = [
      usage('acc-1', 'c-1', 'dashboard.view', '2026-04-29T03:00:00Z', { id: 'u-1', count: 5 }),
      usage('acc-1', 'c-1', 'dashboard.view', '2026-04-29T04:00:00Z', { id: 'u-2', count: 2 }),
    ];
    const once = account(events);
    const twice = applyEvents(once, events, program);
    expect(twice.changed).toBe(false);
    expect(actionsOfDay(once.actionCounts?.['2026-04-29'] ?? [])).toBe(7);
  });

  it('keeps action counts for the days the active days keep, and no others', () => {
    const old = usage('acc-1', 'c-1', 'dashboard.view', '2026-01-02T03:00:00Z', { id: 'u-old' });
    const kept = account([old, ...team(() => 1)]);
    expect(kept.actionCounts?.['2026-01-02']).toBeUndefined();
    expect(Object.keys(kept.actionCounts ?? {}).sort()).toEqual(Object.keys(kept.activeDays).sort());
  });
});
