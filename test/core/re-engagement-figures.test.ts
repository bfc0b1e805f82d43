// A re-engagement email quotes the figures that showed the drop: the measure that fired, never a
// flat or rising one, and a percentage at least the program's trigger.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessAccount, usageDropFigures } from '../../functions/core/assess.js';
import { chooseContent } from '../../functions/core/content-choice.js';
import { dropPercentOf } from '../../functions/core/email/touch-variables.js';
import type { ContactState } from '../../functions/core/state.js';
import { addCalendarDays } from '../../functions/core/time.js';
import { anAccount, defaultProgram } from '../fixtures/builders.js';

const program = defaultProgram();
const NOW = '2026-04-30T12:00:00.000Z';
const TODAY = '2026-04-30';
const CONTACTS = ['c-1', 'c-2', 'c-3'] as const;

/** Which of the last 60 local days each contact was active on. */
const usage = fc.tuple(
  ...CONTACTS.map(() => fc.uniqueArray(fc.integer({ min: 0, max: 59 }), { maxLength: 60 })),
) as fc.Arbitrary<number[][]>;

function stateWith(daysAgoPerContact: readonly (readonly number[])[]) {
  const b = anAccount()
    .withProfile({ timeZone: 'UTC', contractStart: '2026-01-05' })
    .withContact('c-1', { role: 'owner' })
    .withContact('c-2', { role: 'admin' })
    .withContact('c-3')
    .onboardedOn('2026-01-19');
  CONTACTS.forEach((id, i) => {
    const days = daysAgoPerContact[i] ?? [];
    if (days.length > 0) b.withUsage(id, 'login', ...days.map((d) => `${addCalendarDays(TODAY, -d)}T03:00:00Z`));
  });
  return b.state(program);
}

describe('re-engagement figures', () => {
  it('always show a drop of at least the trigger, in the measure that fired', () => {
    fc.assert(
      fc.property(usage, (days) => {
        const state = stateWith(days);
        const health = assessAccount(state, program, NOW);
        const contact = state.contacts['c-1'] as ContactState;
        const choice = chooseContent({
          state,
          contact,
          locale: 'en',
          now: NOW,
          program,
          catalogs: { features: [], webinars: [], stories: [] },
          health,
        });
        const content = choice.chosen?.content;
        if (content?.kind !== 're-engagement') {
          // No drop shown means no note: a drop is either quotable or not sent.
          expect(usageDropFigures(health, program.usageDrop)).toBeNull();
          return;
        }
        expect(health.usageDrop).toBe(true);
        expect(content.activeDays30).toBeLessThan(content.previousActiveDays30);
        expect(dropPercentOf(content.activeDays30, content.previousActiveDays30)).toBeGreaterThanOrEqual(
          program.usageDrop.percent,
        );
        const expected =
          content.measure === 'active-days'
            ? [health.activeDays30, health.previousActiveDays30]
            : [health.personDays30, health.previousPersonDays30];
        expect([content.activeDays30, content.previousActiveDays30]).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('quotes person-days when the active days held but fewer people used it', () => {
    const within = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
    const state = stateWith([[...within(0, 10), ...within(30, 10)], within(30, 10), []]);
    const health = assessAccount(state, program, NOW);
    expect([health.activeDays30, health.previousActiveDays30]).toEqual([10, 10]);
    expect(usageDropFigures(health, program.usageDrop)).toEqual({ measure: 'person-days', current: 10, previous: 20 });
  });

  it.each([
    [20, 16, 20],
    [20, 21, 0],
    [20, 20, 0],
    [51, 41, 19],
  ])('rounds the percentage down: %i before, %i now is %i %% fewer', (previous, current, percent) => {
    expect(dropPercentOf(current, previous)).toBe(percent);
  });
});
