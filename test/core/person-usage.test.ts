// Usage per person: first use of each program feature, the activity level, promotion and the
// signals about who runs the account.
import { describe, expect, it } from 'vitest';
import { applyEvents } from '../../functions/core/apply-events.js';
import type { ProductEvent } from '../../functions/core/events.js';
import {
  ACTIVITY_THRESHOLDS,
  activityLevel,
  activityLevelOf,
  colleaguesUsing,
} from '../../functions/core/person-usage.js';
import type { Feature } from '../../functions/core/program.js';
import { type AccountState, type ContactState, emptyAccountState } from '../../functions/core/state.js';
import {
  accountUpserted,
  contactRemoved,
  contactUpserted,
  defaultProgram,
  onboardingCompleted,
  usage,
} from '../fixtures/builders.js';

const program = defaultProgram();
const apply = (events: ProductEvent[], state: AccountState = emptyAccountState('acc-1', program.id)) =>
  applyEvents(state, events, program);
const contact = (state: AccountState, id: string) => state.contacts[id] as ContactState;
const dashboard = program.features.find((f) => f.id === 'dashboard') as Feature;

describe('usage per person', () => {
  const events = [
    accountUpserted('acc-1', { timeZone: 'Asia/Tokyo' }),
    contactUpserted('acc-1', 'c-1', { role: 'owner' }),
    contactUpserted('acc-1', 'c-2', { role: 'member' }),
    usage('acc-1', 'c-1', 'dashboard.view', '2026-01-20T01:00:00Z'),
    usage('acc-1', 'c-1', 'dashboard.view', '2026-01-19T01:00:00Z'),
    usage('acc-1', 'c-2', 'report.create', '2026-01-21T01:00:00Z'),
    usage('acc-1', 'c-2', 'login', '2026-01-21T02:00:00Z'),
  ];

  it('keeps each person’s first use of each program feature, and nothing of other actions', () => {
    const { state } = apply(events);
    expect(contact(state, 'c-1').featuresFirstUsed).toEqual({ 'dashboard.view': '2026-01-19T01:00:00.000Z' });
    expect(contact(state, 'c-2').featuresFirstUsed).toEqual({ 'report.create': '2026-01-21T01:00:00.000Z' });
  });

  it('gives the same per-person facts whatever the order of the events, and changes nothing on redelivery', () => {
    const forward = apply(events).state;
    const backward = apply([...events].reverse()).state;
    expect(backward.contacts).toEqual(forward.contacts);
    expect(apply(events, forward).changed).toBe(false);
  });

  it('counts the colleagues who already use a feature, not the person asked', () => {
    const { state } = apply([...events, usage('acc-1', 'c-2', 'dashboard.view', '2026-01-22T01:00:00Z')]);
    expect(colleaguesUsing(state, 'c-1', dashboard, '2026-02-01T00:00:00.000Z')).toBe(1);
    expect(colleaguesUsing(state, 'c-3', dashboard, '2026-02-01T00:00:00.000Z')).toBe(2);
    expect(colleaguesUsing(state, 'c-3', dashboard, '2026-01-20T00:00:00.000Z')).toBe(1);
  });

  it.each([
    [0, 'light'],
    [ACTIVITY_THRESHOLDS.regularFrom - 1, 'light'],
    [ACTIVITY_THRESHOLDS.regularFrom, 'regular'],
    [ACTIVITY_THRESHOLDS.powerFrom - 1, 'regular'],
    [ACTIVITY_THRESHOLDS.powerFrom, 'power'],
    [30, 'power'],
  ] as const)('calls %i active days in the last 30 %s', (days, level) => {
    expect(activityLevelOf(days)).toBe(level);
  });

  it('derives the activity level from the person’s own active days in the last 30', () => {
    const days = Array.from({ length: 12 }, (_, i) => `2026-01-${String(10 + i).padStart(2, '0')}T01:00:00Z`);
    const { state } = apply([
      accountUpserted('acc-1', { timeZone: 'Asia/Tokyo' }),
      ...days.map((d) => usage('acc-1', 'c-1', 'login', d)),
      ...days.slice(0, 5).map((d) => usage('acc-1', 'c-2', 'login', d)),
    ]);
    const now = '2026-01-25T00:00:00.000Z';
    expect(activityLevel(state, 'c-1', now)).toBe('power');
    expect(activityLevel(state, 'c-2', now)).toBe('regular');
    expect(activityLevel(state, 'c-3', now)).toBe('light');
    // Forty days on, the same days are out of the window.
    expect(activityLevel(state, 'c-1', '2026-03-05T00:00:00.000Z')).toBe('light');
  });
});

describe('promotion and key contact changes', () => {
  const setUp = [
    accountUpserted('acc-1', { timeZone: 'Asia/Tokyo', contractStart: '2026-01-05' }),
    contactUpserted('acc-1', 'c-owner', { role: 'owner' }, { at: '2026-01-05T00:00:00Z' }),
    contactUpserted('acc-1', 'c-2', { role: 'member' }, { at: '2026-01-05T00:00:00Z' }),
    usage('acc-1', 'c-owner', 'login', '2026-01-06T01:00:00Z'),
  ];
  const onboarded = apply([...setUp, onboardingCompleted('acc-1', '2026-01-19T00:00:00Z')]).state;

  it('re-onboards a member promoted to admin after onboarding, like a new key contact', () => {
    const promoted = apply(
      [contactUpserted('acc-1', 'c-2', { role: 'admin' }, { at: '2026-02-02T00:00:00Z' })],
      onboarded,
    ).state;
    expect(contact(promoted, 'c-2').reonboarding).toBe('pending');
  });

  it('does not re-onboard someone promoted before onboarding completed: they were part of it', () => {
    const early = apply(
      [contactUpserted('acc-1', 'c-2', { role: 'admin' }, { at: '2026-01-10T00:00:00Z' })],
      apply(setUp).state,
    ).state;
    expect(contact(early, 'c-2').memberUntil).toBe('2026-01-05T00:00:00.000Z');
    expect(contact(early, 'c-2').reonboarding).toBe('none');
  });

  it('sees the promotion whatever order the two upserts arrive in', () => {
    const member = contactUpserted('acc-1', 'c-2', { role: 'member' }, { at: '2026-01-25T00:00:00Z' });
    const admin = contactUpserted('acc-1', 'c-2', { role: 'admin' }, { at: '2026-02-02T00:00:00Z' });
    const inOrder = apply([member, admin], onboarded).state;
    const reversed = apply([admin, member], onboarded).state;
    expect(contact(inOrder, 'c-2')).toEqual(contact(reversed, 'c-2'));
    expect(contact(reversed, 'c-2').reonboarding).toBe('pending');
  });

  it('tells the CS team when the last owner leaves, and when a new owner appears', () => {
    const left = apply([contactRemoved('acc-1', 'c-owner', { at: '2026-02-03T00:00:00Z' })], onboarded);
    expect(left.signals).toContainEqual({
      type: 'Key Contact Changed',
      accountId: 'acc-1',
      at: '2026-02-03T00:00:00.000Z',
      change: 'last-owner-left',
      contactId: 'c-owner',
    });
    const added = apply(
      [contactUpserted('acc-1', 'c-2', { role: 'owner' }, { at: '2026-02-04T00:00:00Z' })],
      left.state,
    );
    expect(added.signals).toContainEqual({
      type: 'Key Contact Changed',
      accountId: 'acc-1',
      at: '2026-02-04T00:00:00.000Z',
      change: 'owner-added',
      contactId: 'c-2',
    });
    // The same events again raise nothing.
    expect(apply([contactRemoved('acc-1', 'c-owner', { at: '2026-02-03T00:00:00Z' })], left.state).signals).toEqual([]);
  });

  it('raises nothing while one owner is left', () => {
    const two = apply(
      [contactUpserted('acc-1', 'c-3', { role: 'owner' }, { at: '2026-01-05T00:00:00Z' })],
      apply(setUp).state,
    ).state;
    const oneLeaves = apply([contactRemoved('acc-1', 'c-owner', { at: '2026-02-03T00:00:00Z' })], two);
    expect(oneLeaves.signals.filter((s) => s.type === 'Key Contact Changed')).toEqual([]);
  });
});
