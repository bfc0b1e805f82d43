import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { effectSettingsOf, Program, valueMilestoneOf } from '../../functions/core/program.js';

// The default program: the last of the shipped file's programs.
const shipped = (
  parse(readFileSync(new URL('../../templates/program.yaml', import.meta.url), 'utf8')) as {
    programs: Record<string, unknown>[];
  }
).programs.at(-1) as Record<string, unknown>;

describe('Program', () => {
  it('accepts the shipped default program modelled on the 1-week / 2-week / 1-month example', () => {
    const program = Program.parse(shipped);
    const dueDays = program.milestones.filter((m) => m.phase === 'adoption').map((m) => m.dueDay);
    expect(new Set(dueDays)).toEqual(new Set([7, 14, 30]));
    expect(program.cadence).toEqual({ weeklyWeeks: 8, monthlyEveryDays: 30, adoptionMonths: 6 });
    expect(valueMilestoneOf(program)).toBe('monthly-report-scheduled');
  });

  it('fills every setting left out with its documented default', () => {
    const minimal = Program.parse({
      id: 'p',
      milestones: [{ id: 'm', title: { ja: 'あ', en: 'a' }, dueDay: 7, requires: [{ action: 'login' }] }],
      features: [{ id: 'f', stage: 'basic', action: 'login' }],
    });
    expect(minimal.cap).toEqual({ minHoursBetween: 72, maxPer30Days: 6 });
    expect(minimal.sendWindow).toEqual({ startHour: 9, endHour: 18, businessDaysOnly: true });
    expect(minimal.usageDrop.percent).toBe(20);
    expect(minimal.milestones[0]?.requires[0]?.days).toBe(1);
    expect(valueMilestoneOf(minimal)).toBe('m');
  });

  it.each([
    ['a value milestone that does not exist', { valueMilestone: 'nope' }, 'valueMilestone'],
    ['an unknown field', { colour: 'blue' }, ''],
    [
      'health weights that do not add up to 1',
      { health: { weights: { activity: 0.5, milestones: 0.5, features: 0.5, breadth: 0 } } },
      'health.weights',
    ],
    ['a send window that closes before it opens', { sendWindow: { startHour: 18, endHour: 9 } }, 'sendWindow'],
    [
      'a duplicate milestone id',
      { milestones: [...(shipped.milestones as object[]), (shipped.milestones as object[])[2]] },
      'milestones.7.id',
    ],
  ])('rejects %s', (_case, change, path) => {
    const result = Program.safeParse({ ...shipped, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});

describe('the effect settings', () => {
  const base = {
    id: 'p',
    milestones: [
      { id: 'm', title: { ja: 'あ', en: 'a' }, dueDay: 7, requires: [{ action: 'login' }] },
      { id: 'o', phase: 'onboarding', title: { ja: 'い', en: 'b' }, dueDay: 3, requires: [{ action: 'login' }] },
    ],
    features: [{ id: 'f', stage: 'basic', action: 'login' }],
  };

  it('judges a program by time to value with a 20-point practical size unless it says otherwise', () => {
    expect(effectSettingsOf(Program.parse(base))).toEqual({ primary: 'time-to-value', practicalPoints: 20 });
    expect(Program.parse({ ...base, effect: {} }).effect).toEqual({ primary: 'time-to-value', practicalPoints: 20 });
    expect(
      Program.parse({ ...base, effect: { primary: { milestoneOnTime: 'm' }, practicalPoints: 10 } }).effect,
    ).toEqual({ primary: { milestoneOnTime: 'm' }, practicalPoints: 10 });
  });

  it('refuses a primary milestone that is not one of the program’s adoption milestones', () => {
    for (const id of ['nope', 'o']) {
      const result = Program.safeParse({ ...base, effect: { primary: { milestoneOnTime: id } } });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(['effect', 'primary', 'milestoneOnTime']);
    }
    expect(Program.safeParse({ ...base, effect: { primary: 'revenue' } }).success).toBe(false);
  });
});
