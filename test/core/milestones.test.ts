import { describe, expect, it } from 'vitest';
import { applyEvents } from '../../functions/core/apply-events.js';
import type { ProductEvent } from '../../functions/core/events.js';
import {
  actionDayLimits,
  inferredOnboardingCompletion,
  milestoneDueAt,
  milestoneReachedDay,
} from '../../functions/core/milestones.js';
import type { Milestone } from '../../functions/core/program.js';
import { type AccountState, emptyAccountState } from '../../functions/core/state.js';
import {
  accountUpserted,
  anAccount,
  contactUpserted,
  defaultProgram,
  onboardingCompleted,
  programWith,
  usage,
} from '../fixtures/builders.js';

const program = defaultProgram();
const milestone = (id: string): Milestone => program.milestones.find((m) => m.id === id) as Milestone;
const tokyo = accountUpserted('acc-1', { timeZone: 'Asia/Tokyo', contractStart: '2026-01-05' });
const run = (events: ProductEvent[], state: AccountState = emptyAccountState('acc-1', program.id)) =>
  applyEvents(state, events, program);
/** Onboarding done by usage: login on Jan 6, basic settings on Jan 7 (Tokyo). */
const onboardingByUsage = [
  usage('acc-1', 'c-1', 'login', '2026-01-06T01:00:00Z'),
  usage('acc-1', 'c-1', 'settings.basic_complete', '2026-01-07T02:00:00Z'),
];

describe('milestone rules', () => {
  it('needs as many days of an action as its most demanding requirement, and one for any other action', () => {
    const limits = actionDayLimits(program);
    expect(limits.get('daily_report.create')).toBe(5);
    expect(limits.get('dashboard.view')).toBe(2);
    expect(limits.get('ai_summary.generate')).toBeUndefined();
  });

  it.each([
    [
      'all requirements met: the day the last one was met',
      { 'dashboard.view': ['2026-01-20', '2026-01-22'] },
      '2026-01-22',
    ],
    ['too few distinct days', { 'dashboard.view': ['2026-01-20'] }, null],
    ['action never seen', {}, null],
  ])('reaches a milestone when %s', (_, actionDays, expected) => {
    expect(milestoneReachedDay(milestone('dashboard-understood'), actionDays)).toBe(expected);
  });

  it('does not count five events on four days as five days of daily reports', () => {
    const days = ['2026-01-20', '2026-01-21', '2026-01-22', '2026-01-23', '2026-01-23'];
    const { state } = run([
      tokyo,
      ...days.map((d, i) => usage('acc-1', 'c-1', 'daily_report.create', `${d}T0${i}:00:00Z`)),
    ]);
    expect(state.milestones['daily-report-week']).toBeUndefined();
  });

  it('dates a reached milestone at the start of the local day its last requirement was met', () => {
    const { state } = run([
      tokyo,
      usage('acc-1', 'c-1', 'dashboard.view', '2026-01-20T01:00:00Z'),
      usage('acc-1', 'c-2', 'dashboard.view', '2026-01-22T20:00:00Z'),
    ]);
    // 2026-01-22T20:00Z is Jan 23 in Tokyo, whose day starts at 2026-01-22T15:00Z.
    expect(state.milestones['dashboard-understood']).toBe('2026-01-22T15:00:00.000Z');
  });

  it('keeps a reached milestone reached when the program later asks for more', () => {
    const { state } = run([tokyo, usage('acc-1', 'c-1', 'report.create', '2026-01-20T01:00:00Z')]);
    const stricter = programWith({
      milestones: program.milestones.map((m) =>
        m.id === 'first-report' ? { ...m, requires: [{ action: 'report.create', days: 3 }] } : m,
      ),
    });
    expect(applyEvents(state, [], stricter).state.milestones['first-report']).toBe(state.milestones['first-report']);
  });

  it.each([
    [
      'onboarding milestones count from the local start of the contract date',
      'first-login',
      null,
      '2026-01-11T15:00:00.000Z',
    ],
    [
      'adoption milestones count from onboarding completion',
      'team-invited',
      '2026-01-19T00:00:00.000Z',
      '2026-02-18T00:00:00.000Z',
    ],
    ['adoption milestones have no due time before completion', 'team-invited', null, null],
  ])('is due by its due day: %s', (_, id, completedAt, dueAt) => {
    const state = { profile: run([tokyo]).state.profile, onboardingCompletedAt: completedAt };
    expect(milestoneDueAt(milestone(id), state)).toBe(dueAt);
  });
});

describe('onboarding completion and phase', () => {
  it('infers completion when every onboarding milestone is reached, at the last one', () => {
    const { state } = run([tokyo, ...onboardingByUsage]);
    expect(state.onboardingCompletedAt).toBe('2026-01-06T15:00:00.000Z');
    expect(state.phase).toBe('adoption');
    expect(state.phaseChangedAt).toBe(state.onboardingCompletedAt);
  });

  it('stays in onboarding while an onboarding milestone is missing', () => {
    const { state } = run([tokyo, usage('acc-1', 'c-1', 'login', '2026-01-06T01:00:00Z')]);
    expect(state.onboardingCompletedAt).toBeNull();
    expect(state.phase).toBe('onboarding');
  });

  it.each([
    ['an explicit completion earlier than the milestones wins', '2026-01-06T00:00:00Z', '2026-01-06T00:00:00.000Z'],
    ['milestones earlier than an explicit completion win', '2026-02-01T00:00:00Z', '2026-01-06T15:00:00.000Z'],
  ])('completes onboarding at the earliest evidence: %s', (_, explicit, expected) => {
    const { state } = run([tokyo, ...onboardingByUsage, onboardingCompleted('acc-1', explicit)]);
    expect(state.onboardingCompletedAt).toBe(expected);
  });

  it('infers nothing from a program without onboarding milestones', () => {
    expect(
      inferredOnboardingCompletion(
        {},
        programWith({ milestones: program.milestones.filter((m) => m.phase === 'adoption') }),
      ),
    ).toBeNull();
  });

  it('never moves a phase backwards', () => {
    const ended = anAccount()
      .withProfile()
      .onboardedOn('2026-01-19')
      .patched((s) => ({ ...s, phase: 'ended' }))
      .state(program);
    expect(run([onboardingCompleted('acc-1', '2026-01-10')], ended).state.phase).toBe('ended');
  });
});

describe('re-onboarding', () => {
  const onboarded = () => run([tokyo, ...onboardingByUsage]).state; // completed on Jan 7 (Tokyo)

  it.each([
    ['an owner first seen after onboarding completed', 'owner', '2026-02-02T01:00:00Z', 'pending'],
    ['an admin first seen after onboarding completed', 'admin', '2026-02-02T01:00:00Z', 'pending'],
    ['a member first seen after onboarding completed', 'member', '2026-02-02T01:00:00Z', 'none'],
    ['an owner first seen on the day onboarding completed', 'owner', '2026-01-07T08:00:00Z', 'none'],
    ['an owner first seen before onboarding completed', 'owner', '2026-01-05T01:00:00Z', 'none'],
  ] as const)('marks %s as %s', (_, role, at, expected) => {
    const { state } = run([contactUpserted('acc-1', 'c-new', { role }, { at })], onboarded());
    expect(state.contacts['c-new']?.reonboarding).toBe(expected);
  });

  it('starts re-onboarding when a known member becomes an admin after completion', () => {
    const member = run(
      [contactUpserted('acc-1', 'c-new', { role: 'member' }, { at: '2026-02-02T01:00:00Z' })],
      onboarded(),
    ).state;
    const promoted = run(
      [contactUpserted('acc-1', 'c-new', { role: 'admin' }, { at: '2026-02-03T01:00:00Z' })],
      member,
    ).state;
    expect(promoted.contacts['c-new']?.reonboarding).toBe('pending');
  });

  it('keeps a re-onboarding that was done done', () => {
    const pending = run(
      [contactUpserted('acc-1', 'c-new', { role: 'owner' }, { at: '2026-02-02T01:00:00Z' })],
      onboarded(),
    ).state;
    const done = {
      ...pending,
      contacts: { ...pending.contacts, 'c-new': { ...pending.contacts['c-new']!, reonboarding: 'done' as const } },
    };
    const again = run(
      [contactUpserted('acc-1', 'c-new', { role: 'owner' }, { at: '2026-03-01T01:00:00Z' })],
      done,
    ).state;
    expect(again.contacts['c-new']?.reonboarding).toBe('done');
  });
});

describe('signals', () => {
  it('raises Milestone Reached once per newly reached milestone, dated when it was reached', () => {
    const { signals } = run([
      tokyo,
      usage('acc-1', 'c-1', 'report.create', '2026-01-20T01:00:00Z'),
      usage('acc-1', 'c-1', 'member.invite', '2026-01-21T01:00:00Z'),
    ]);
    expect(signals).toEqual([
      {
        type: 'Milestone Reached',
        accountId: 'acc-1',
        at: '2026-01-19T15:00:00.000Z',
        milestoneId: 'first-report',
        reachedAt: '2026-01-19T15:00:00.000Z',
      },
      {
        type: 'Milestone Reached',
        accountId: 'acc-1',
        at: '2026-01-20T15:00:00.000Z',
        milestoneId: 'team-invited',
        reachedAt: '2026-01-20T15:00:00.000Z',
      },
    ]);
  });

  it('raises Phase Changed once when onboarding ends', () => {
    const first = run([tokyo, ...onboardingByUsage]);
    expect(first.signals.filter((s) => s.type === 'Phase Changed')).toEqual([
      { type: 'Phase Changed', accountId: 'acc-1', at: '2026-01-06T15:00:00.000Z', from: 'onboarding', to: 'adoption' },
    ]);
    expect(run([onboardingCompleted('acc-1', '2026-01-06T00:00:00Z')], first.state).signals).toEqual([]);
  });

  it('raises nothing when the same events are applied again', () => {
    const events = [tokyo, ...onboardingByUsage, usage('acc-1', 'c-1', 'report.create', '2026-01-20T01:00:00Z')];
    const first = run(events);
    expect(first.signals.length).toBeGreaterThan(0);
    expect(run(events, first.state).signals).toEqual([]);
  });
});
