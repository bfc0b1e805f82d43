import { describe, expect, it } from 'vitest';
import { assessAccount, featureUse } from '../../functions/core/assess.js';
import type { Program } from '../../functions/core/program.js';
import { addCalendarDays } from '../../functions/core/time.js';
import { type AccountBuilder, anAccount, defaultProgram, programWith } from '../fixtures/builders.js';

const program = defaultProgram();
const NOW = '2026-04-30T12:00:00.000Z';
const TODAY = '2026-04-30';

/** The shipped program scored on one component only, so each rule is seen on its own. */
function scoredOn(component: 'activity' | 'milestones' | 'features' | 'breadth'): Program {
  const weights = { activity: 0, milestones: 0, features: 0, breadth: 0, [component]: 1 };
  return programWith({ health: { weights, atRiskBelow: 40 } });
}

/** `count` consecutive local days ending `daysAgo` days before today. */
function daysEnding(daysAgo: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${addCalendarDays(TODAY, -daysAgo - i)}T03:00:00Z`);
}

/** An account in UTC, onboarded early in the year, with a reachable owner. */
function account(): AccountBuilder {
  return anAccount()
    .withProfile({ timeZone: 'UTC', contractStart: '2026-01-05' })
    .withContact('c-1', { role: 'owner' })
    .onboardedOn('2026-01-19');
}

describe('assessAccount: health score', () => {
  it.each([
    ['no active day', 0, 0],
    ['10 active days in the last 30', 10, 50],
    ['20 active days in the last 30', 20, 100],
    ['more than 20 active days (capped)', 28, 100],
  ])('scores activity on %s', (_, activeDays, score) => {
    const state = account()
      .withUsage('c-1', 'login', ...daysEnding(0, activeDays))
      .state(program);
    expect(assessAccount(state, scoredOn('activity'), NOW).score).toBe(score);
  });

  it('counts only the last 30 local days, today included, as activity', () => {
    const state = account()
      .withUsage('c-1', 'login', ...daysEnding(30, 20), `${addCalendarDays(TODAY, 1)}T03:00:00Z`)
      .state(program);
    expect(assessAccount(state, scoredOn('activity'), NOW).score).toBe(0);
  });

  it.each([
    ['no adoption milestone is due yet', '2026-01-20T00:00:00.000Z', [], 100],
    ['two of the five due milestones are reached', NOW, ['report.create', 'member.invite'], 40],
    ['a milestone reached before it was due counts', '2026-01-20T12:00:00.000Z', ['member.invite'], 100],
  ])('scores milestones when %s', (_, now, actions, score) => {
    const b = account();
    for (const action of actions) b.withUsage('c-1', action, '2026-01-20T03:00:00Z');
    expect(assessAccount(b.state(program), scoredOn('milestones'), now).score).toBe(score);
  });

  it('scores onboarding milestones while the account is onboarding', () => {
    const state = anAccount()
      .withProfile({ timeZone: 'UTC', contractStart: '2026-01-05' })
      .withUsage('c-1', 'login', '2026-01-06T03:00:00Z')
      .state(program);
    expect(state.phase).toBe('onboarding');
    expect(assessAccount(state, scoredOn('milestones'), '2026-01-20T00:00:00.000Z').score).toBe(50);
  });

  it.each([
    ['no feature is used', [], 0],
    ['half the basic features are used', ['dashboard.view', 'report.create'], 50],
    ['every basic feature is used', ['dashboard.view', 'daily_report.create', 'report.create', 'member.invite'], 100],
    [
      'every basic and one advanced feature are used (measured against both stages)',
      ['dashboard.view', 'daily_report.create', 'report.create', 'member.invite', 'api.export'],
      63,
    ],
  ])('scores features when %s', (_, actions, score) => {
    const b = account();
    for (const action of actions) b.withUsage('c-1', action, '2026-04-20T03:00:00Z');
    expect(assessAccount(b.state(program), scoredOn('features'), NOW).score).toBe(score);
  });

  it('counts a feature as used only from its first use on', () => {
    const state = account().withUsage('c-1', 'api.export', '2026-05-01T03:00:00Z').state(program);
    expect(featureUse(state, program, NOW).advanced).toEqual({ used: 0, total: 4 });
    expect(featureUse(state, program, '2026-05-02T00:00:00.000Z').advanced).toEqual({ used: 1, total: 4 });
  });

  it.each([
    ['one of two reachable contacts is active', (b: AccountBuilder) => b.withContact('c-2'), 50],
    [
      'a removed contact is not counted',
      (b: AccountBuilder) => b.withContact('c-2').removingContact('c-2', { at: '2026-02-01T00:00:00Z' }),
      100,
    ],
    [
      'an active contact without a known address counts',
      (b: AccountBuilder) => b.withContact('c-2').withUsage('c-9', 'login', '2026-04-29T03:00:00Z'),
      67,
    ],
  ])('scores breadth when %s', (_, shape, score) => {
    const state = shape(account().withUsage('c-1', 'login', '2026-04-29T03:00:00Z')).state(program);
    expect(assessAccount(state, scoredOn('breadth'), NOW).score).toBe(score);
  });

  it('weighs the components by the program weights', () => {
    const state = account()
      .withUsage('c-1', 'login', ...daysEnding(0, 10))
      .withContact('c-2')
      .state(program);
    const parts = (['activity', 'milestones', 'features', 'breadth'] as const).map(
      (c) => assessAccount(state, scoredOn(c), NOW).score / 100,
    );
    const w = program.health.weights;
    const expected = Math.round(
      100 * (w.activity * parts[0]! + w.milestones * parts[1]! + w.features * parts[2]! + w.breadth * parts[3]!),
    );
    expect(Math.abs(assessAccount(state, program, NOW).score - expected)).toBeLessThanOrEqual(1);
  });
});

describe('assessAccount: usage drop, DAU/MAU and risk', () => {
  it.each([
    ['active days down 30 %', { previous: 10, current: 7 }, true],
    ['active days down exactly 20 %', { previous: 10, current: 8 }, true],
    ['active days down 10 %', { previous: 10, current: 9 }, false],
    ['too few active days before to judge', { previous: 3, current: 0 }, false],
  ])('sees a usage drop when %s', (_, { previous, current }, drop) => {
    const state = account()
      .withUsage('c-1', 'login', ...daysEnding(0, current), ...daysEnding(30, previous))
      .state(program);
    const health = assessAccount(state, program, NOW);
    expect(health.usageDrop).toBe(drop);
    expect([health.previousActiveDays30, health.activeDays30]).toEqual([previous, current]);
  });

  it('sees a usage drop in active contact-days even when the active days hold', () => {
    const state = account()
      .withUsage('c-1', 'login', ...daysEnding(0, 10), ...daysEnding(30, 10))
      .withUsage('c-2', 'login', ...daysEnding(30, 10))
      .state(program);
    expect(assessAccount(state, program, NOW).usageDrop).toBe(true);
  });

  it('measures DAU/MAU as average daily active contacts over monthly active contacts', () => {
    const state = account()
      .withUsage('c-1', 'login', ...daysEnding(0, 30))
      .withUsage('c-2', 'login', ...daysEnding(0, 15))
      .state(program);
    expect(assessAccount(state, program, NOW).dauMau).toBeCloseTo(0.75, 10);
  });

  it('gives DAU/MAU 0 to an account nobody used this month', () => {
    expect(assessAccount(account().state(program), program, NOW).dauMau).toBe(0);
  });

  it.each([
    ['a low score in adoption', account(), true],
    ['a low score while onboarding', anAccount().withProfile({ timeZone: 'UTC' }), false],
  ])('puts an account at risk on %s', (_, b, atRisk) => {
    const health = assessAccount(b.state(program), program, NOW);
    expect(health.score).toBeLessThan(program.health.atRiskBelow);
    expect(health.atRisk).toBe(atRisk);
  });

  it('puts a healthy account in adoption at risk when its usage drops', () => {
    const lenient = programWith({ health: { weights: program.health.weights, atRiskBelow: 0 } });
    const state = account()
      .withUsage('c-1', 'login', ...daysEnding(0, 5), ...daysEnding(30, 20))
      .state(program);
    const health = assessAccount(state, lenient, NOW);
    expect(health.usageDrop).toBe(true);
    expect(health.atRisk).toBe(true);
  });

  it('is a function of state, program and now only', () => {
    const state = account()
      .withUsage('c-1', 'login', ...daysEnding(0, 12))
      .state(program);
    const first = assessAccount(state, program, NOW);
    expect(first.at).toBe(NOW);
    expect(assessAccount(structuredClone(state), program, NOW)).toEqual(first);
  });
});
