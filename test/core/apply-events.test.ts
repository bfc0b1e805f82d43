import { describe, expect, it } from 'vitest';
import { actionsOfDay } from '../../functions/core/action-counts.js';
import { activeDayRetention, applyEvents, MAX_TRACKED_ACTIONS } from '../../functions/core/apply-events.js';
import type { ProductEvent } from '../../functions/core/events.js';
import { type AccountState, emptyAccountState } from '../../functions/core/state.js';
import { addCalendarDays } from '../../functions/core/time.js';
import {
  accountUpserted,
  anAccount,
  contactRemoved,
  contactUpserted,
  defaultProgram,
  onboardingCompleted,
  usage,
} from '../fixtures/builders.js';

const program = defaultProgram();
const fresh = (): AccountState => emptyAccountState('acc-1', program.id);
const apply = (events: ProductEvent[], state: AccountState = fresh()) => applyEvents(state, events, program).state;

describe('applyEvents: the account', () => {
  it('ignores events of another account without failing', () => {
    const state = apply([accountUpserted('acc-2'), usage('acc-2', 'c-1', 'login', '2026-01-19T01:00:00Z')]);
    expect(state.profile).toBeNull();
    expect(state.contacts).toEqual({});
    expect(state.lastEventAt).toBeNull();
  });

  it.each([
    [
      'the later event time wins',
      { at: '2026-01-06T00:00:00Z', id: 'a' },
      { at: '2026-01-05T00:00:00Z', id: 'b' },
      'first',
    ],
    [
      'on equal times the larger event id wins',
      { at: '2026-01-05T00:00:00Z', id: 'a' },
      { at: '2026-01-05T00:00:00Z', id: 'b' },
      'second',
    ],
  ])('keeps the last written profile: %s', (_, first, second, winner) => {
    const events = [
      accountUpserted('acc-1', { plan: 'first' }, first),
      accountUpserted('acc-1', { plan: 'second' }, second),
    ];
    expect(apply(events).profile?.plan).toBe(winner);
    expect(apply([...events].reverse()).profile?.plan).toBe(winner);
  });

  it('keeps the local day of the latest event, as the start of that day in the account time zone', () => {
    const state = apply([
      usage('acc-1', 'c-1', 'login', '2026-01-20T01:00:00Z'),
      accountUpserted('acc-1', { timeZone: 'Asia/Tokyo' }, { at: '2026-01-21T00:00:00Z' }),
    ]);
    // 2026-01-21 09:00 in Tokyo: the day started at 2026-01-20 15:00 UTC.
    expect(state.lastEventAt).toBe('2026-01-20T15:00:00.000Z');
  });

  it("changes only the day's action count for more events on the account's latest local day", () => {
    const before = apply([
      accountUpserted('acc-1', { timeZone: 'Asia/Tokyo' }),
      contactUpserted('acc-1', 'c-1', {}, { at: '2026-01-20T01:00:00Z' }),
      usage('acc-1', 'c-1', 'login', '2026-01-20T02:00:00Z'),
    ]);
    const more = usage('acc-1', 'c-1', 'login', '2026-01-20T08:59:00Z');
    const result = applyEvents(before, [more], program);
    expect(result.changed).toBe(true);
    const { actionCounts: after, ...rest } = result.state;
    const { actionCounts: held, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
    expect(actionsOfDay(after?.['2026-01-20'] ?? [])).toBe(actionsOfDay(held?.['2026-01-20'] ?? []) + 1);
    // The same event again changes nothing.
    expect(applyEvents(result.state, [more], program).changed).toBe(false);
  });
});

describe('applyEvents: contacts', () => {
  it('creates a contact from Contact Upserted with its email, name, role and locale', () => {
    const state = apply([
      contactUpserted('acc-1', 'c-1', { email: 'aiko@example.com', name: 'Aiko', role: 'admin', locale: 'en' }),
    ]);
    expect(state.contacts['c-1']).toMatchObject({
      email: 'aiko@example.com',
      name: 'Aiko',
      role: 'admin',
      locale: 'en',
      removed: false,
    });
  });

  it('leaves the locale null when the product gives none, so the account locale applies', () => {
    expect(apply([contactUpserted('acc-1', 'c-1')]).contacts['c-1']?.locale).toBeNull();
  });

  it.each([
    ['an older upsert after a newer one changes nothing', ['new', 'old'], 'admin'],
    ['a newer upsert after an older one replaces it', ['old', 'new'], 'admin'],
  ])('%s', (_, order, role) => {
    const byName = {
      old: contactUpserted('acc-1', 'c-1', { role: 'member' }, { at: '2026-01-05T00:00:00Z' }),
      new: contactUpserted('acc-1', 'c-1', { role: 'admin' }, { at: '2026-01-06T00:00:00Z' }),
    } as const;
    const state = apply(order.map((k) => byName[k as keyof typeof byName]));
    expect(state.contacts['c-1']?.role).toBe(role);
  });

  it('marks a removed contact removed and forgets its personal details', () => {
    const state = apply([
      contactUpserted('acc-1', 'c-1', { role: 'owner' }),
      contactRemoved('acc-1', 'c-1', { at: '2026-02-01T00:00:00Z' }),
    ]);
    expect(state.contacts['c-1']).toMatchObject({ removed: true, email: null, name: null, role: null });
  });

  it('does not bring a removed contact back with an upsert older than the removal, whatever the order', () => {
    const removal = contactRemoved('acc-1', 'c-1', { at: '2026-02-01T00:00:00Z' });
    const older = contactUpserted('acc-1', 'c-1', {}, { at: '2026-01-05T00:00:00Z' });
    expect(apply([removal, older]).contacts['c-1']).toEqual(apply([older, removal]).contacts['c-1']);
    expect(apply([removal, older]).contacts['c-1']?.removed).toBe(true);
  });

  it('brings a removed contact back with a newer upsert', () => {
    const state = apply([
      contactRemoved('acc-1', 'c-1', { at: '2026-02-01T00:00:00Z' }),
      contactUpserted('acc-1', 'c-1', {}, { at: '2026-03-01T00:00:00Z' }),
    ]);
    expect(state.contacts['c-1']).toMatchObject({ removed: false, email: 'c-1@example.com' });
  });

  it('creates a placeholder without an address for usage from an unknown contact, and counts its activity', () => {
    const state = apply([
      accountUpserted('acc-1', { timeZone: 'Asia/Tokyo' }),
      usage('acc-1', 'c-9', 'login', '2026-01-19T01:00:00Z'),
    ]);
    expect(state.contacts['c-9']).toMatchObject({ email: null, role: null, lastActiveAt: '2026-01-18T15:00:00.000Z' });
    expect(state.activeDays['2026-01-19']).toEqual(['c-9']);
  });

  it('keeps the earliest time a contact was seen and the day of its latest usage', () => {
    const state = apply([
      accountUpserted('acc-1', { timeZone: 'UTC' }),
      usage('acc-1', 'c-1', 'login', '2026-01-20T01:00:00Z'),
      contactUpserted('acc-1', 'c-1', {}, { at: '2026-01-10T00:00:00Z' }),
      usage('acc-1', 'c-1', 'login', '2026-01-25T01:00:00Z'),
      usage('acc-1', 'c-1', 'login', '2026-01-22T01:00:00Z'),
    ]);
    expect(state.contacts['c-1']).toMatchObject({
      firstSeenAt: '2026-01-10T00:00:00.000Z',
      lastActiveAt: '2026-01-25T00:00:00.000Z',
    });
  });

  it("moves a contact's last-seen day when the usage falls on a later local day of the account, not before", () => {
    // 23:00 and 23:59 in Tokyo on 01-19, then 00:30 on 01-20.
    const late = apply([
      accountUpserted('acc-1', { timeZone: 'Asia/Tokyo' }),
      usage('acc-1', 'c-1', 'login', '2026-01-19T14:00:00Z'),
    ]);
    const sameDay = applyEvents(late, [usage('acc-1', 'c-1', 'report.create', '2026-01-19T14:59:00Z')], program);
    expect(sameDay.state.contacts['c-1']?.lastActiveAt).toBe('2026-01-18T15:00:00.000Z');
    const nextDay = applyEvents(sameDay.state, [usage('acc-1', 'c-1', 'login', '2026-01-19T15:30:00Z')], program);
    expect(nextDay.state.contacts['c-1']?.lastActiveAt).toBe('2026-01-19T15:00:00.000Z');
  });

  it('reads a contact stored with its exact last usage time (before last-seen was kept to the day) as an instant on that day', () => {
    const current = apply([
      accountUpserted('acc-1', { timeZone: 'Asia/Tokyo' }),
      usage('acc-1', 'c-1', 'login', '2026-01-20T02:00:00Z'),
    ]);
    const contact = current.contacts['c-1'];
    if (contact === undefined) throw new Error('fixture: no c-1');
    const stored: AccountState = {
      ...current,
      lastEventAt: '2026-01-20T06:00:00.000Z',
      contacts: { 'c-1': { ...contact, lastActiveAt: '2026-01-20T06:00:00.000Z' } },
    };
    // More usage that day, earlier or later than the stored time, changes nothing.
    const sameDay = applyEvents(
      stored,
      [usage('acc-1', 'c-1', 'login', '2026-01-20T04:00:00Z'), usage('acc-1', 'c-1', 'login', '2026-01-20T08:00:00Z')],
      program,
    );
    expect(sameDay.state.contacts['c-1']?.lastActiveAt).toBe('2026-01-20T06:00:00.000Z');
    expect(sameDay.state.lastEventAt).toBe('2026-01-20T06:00:00.000Z');
    // The next local day's usage moves both to that day's start, as for an item written now.
    const nextDay = applyEvents(stored, [usage('acc-1', 'c-1', 'login', '2026-01-21T01:00:00Z')], program).state;
    expect(nextDay.contacts['c-1']?.lastActiveAt).toBe('2026-01-20T15:00:00.000Z');
    expect(nextDay.lastEventAt).toBe('2026-01-20T15:00:00.000Z');
    expect(nextDay).toEqual(
      applyEvents(current, [usage('acc-1', 'c-1', 'login', '2026-01-21T01:00:00Z')], program).state,
    );
  });
});

describe('applyEvents: usage', () => {
  it.each([
    ['Asia/Tokyo', '2026-01-19T16:00:00Z', '2026-01-20'],
    ['America/New_York', '2026-01-19T03:00:00Z', '2026-01-18'],
    ['UTC', '2026-01-19T23:59:00Z', '2026-01-19'],
  ])('counts a day of activity on the local day of the account time zone (%s, %s)', (timeZone, at, day) => {
    const state = apply([accountUpserted('acc-1', { timeZone }), usage('acc-1', 'c-1', 'login', at)]);
    expect(Object.keys(state.activeDays)).toEqual([day]);
  });

  it('keeps each day as a sorted set of contact ids', () => {
    const state = apply([
      accountUpserted('acc-1'),
      ...['c-3', 'c-1', 'c-2', 'c-1'].map((c, i) => usage('acc-1', c, 'login', `2026-01-19T0${i}:00:00Z`)),
    ]);
    expect(state.activeDays['2026-01-19']).toEqual(['c-1', 'c-2', 'c-3']);
  });

  it('keeps active days only for the rolling window counted back from the latest day', () => {
    const retention = activeDayRetention(program);
    const latest = '2026-06-30';
    const state = apply([
      accountUpserted('acc-1', { timeZone: 'UTC' }),
      usage('acc-1', 'c-1', 'login', `${latest}T10:00:00Z`),
      usage('acc-1', 'c-1', 'login', `${addCalendarDays(latest, 1 - retention)}T10:00:00Z`),
      usage('acc-1', 'c-1', 'login', `${addCalendarDays(latest, -retention)}T10:00:00Z`),
    ]);
    expect(Object.keys(state.activeDays)).toEqual([addCalendarDays(latest, 1 - retention), latest]);
  });

  it('keeps the first distinct days of an action up to what the milestones need', () => {
    const needed = Math.max(
      ...program.milestones.flatMap((m) =>
        m.requires.filter((r) => r.action === 'daily_report.create').map((r) => r.days),
      ),
    );
    const days = Array.from({ length: needed + 3 }, (_, i) => addCalendarDays('2026-01-19', i));
    const state = apply([
      accountUpserted('acc-1', { timeZone: 'UTC' }),
      ...[...days].reverse().map((d) => usage('acc-1', 'c-1', 'daily_report.create', `${d}T10:00:00Z`)),
    ]);
    expect(state.actionDays['daily_report.create']).toEqual(days.slice(0, needed));
  });

  it('keeps only the first day of an action no milestone counts', () => {
    const state = apply([
      accountUpserted('acc-1', { timeZone: 'UTC' }),
      usage('acc-1', 'c-1', 'ai_summary.generate', '2026-01-21T10:00:00Z'),
      usage('acc-1', 'c-1', 'ai_summary.generate', '2026-01-20T10:00:00Z'),
    ]);
    expect(state.actionDays['ai_summary.generate']).toEqual(['2026-01-20']);
  });

  it('keeps the first time each action was seen', () => {
    const state = apply([
      usage('acc-1', 'c-1', 'api.export', '2026-01-21T10:00:00Z'),
      usage('acc-1', 'c-2', 'api.export', '2026-01-20T10:00:00Z'),
    ]);
    expect(state.actionsFirstSeen['api.export']).toBe('2026-01-20T10:00:00.000Z');
  });

  it(`remembers at most ${MAX_TRACKED_ACTIONS} actions, the earliest seen`, () => {
    const count = MAX_TRACKED_ACTIONS + 10;
    const events = Array.from({ length: count }, (_, i) =>
      usage(
        'acc-1',
        'c-1',
        `custom.action-${String(i).padStart(4, '0')}`,
        new Date(Date.UTC(2026, 0, 19) + i * 60_000).toISOString(),
      ),
    );
    const state = apply([...events].reverse());
    const kept = Object.keys(state.actionsFirstSeen).sort();
    expect(kept).toHaveLength(MAX_TRACKED_ACTIONS);
    expect(kept.at(-1)).toBe(`custom.action-${String(MAX_TRACKED_ACTIONS - 1).padStart(4, '0')}`);
    expect(Object.keys(state.actionDays).every((a) => a in state.actionsFirstSeen)).toBe(true);
  });

  it("counts a usage event's count in its day's actions only: a day of use is a day of use", () => {
    const once = apply([accountUpserted('acc-1'), usage('acc-1', 'c-1', 'login', '2026-01-19T01:00:00Z')]);
    const many = apply([
      accountUpserted('acc-1'),
      usage('acc-1', 'c-1', 'login', '2026-01-19T01:00:00Z', { count: 40 }),
    ]);
    const { actionCounts: manyCounts, ...manyRest } = many;
    const { actionCounts: onceCounts, ...onceRest } = once;
    expect(manyRest).toEqual(onceRest);
    const day = Object.keys(once.activeDays)[0] as string;
    expect(actionsOfDay(onceCounts?.[day] ?? [])).toBe(1);
    expect(actionsOfDay(manyCounts?.[day] ?? [])).toBe(40);
  });
});

describe('applyEvents: usage before the profile', () => {
  const early = [
    usage('acc-1', 'c-1', 'login', '2026-01-19T16:00:00Z'),
    usage('acc-1', 'c-1', 'dashboard.view', '2026-01-20T16:37:00Z'),
  ];

  it('holds day-keyed facts until the time zone is known, and last-seen times to the quarter-hour', () => {
    const state = apply(early);
    expect(state.activeDays).toEqual({});
    expect(state.pendingUsage).toHaveLength(2);
    expect(state.contacts['c-1']?.lastActiveAt).toBe('2026-01-20T16:30:00.000Z');
    expect(state.lastEventAt).toBe('2026-01-20T16:30:00.000Z');
  });

  it('turns last-seen times held to the quarter-hour into the start of their local day once the profile arrives', () => {
    const later = apply(
      [accountUpserted('acc-1', { timeZone: 'Asia/Tokyo' }, { at: '2026-01-20T00:00:00Z' })],
      apply(early),
    );
    // 16:37 UTC on 01-20 is 01:37 on 01-21 in Tokyo.
    expect(later.contacts['c-1']?.lastActiveAt).toBe('2026-01-20T15:00:00.000Z');
    expect(later.lastEventAt).toBe('2026-01-20T15:00:00.000Z');
  });

  it('keys held usage in the account time zone once the profile arrives, as if it had come first', () => {
    const later = apply([accountUpserted('acc-1', { timeZone: 'Asia/Tokyo' })], apply(early));
    const first = apply([accountUpserted('acc-1', { timeZone: 'Asia/Tokyo' }), ...early]);
    expect(later).toEqual(first);
    expect(later.pendingUsage).toBeUndefined();
    expect(Object.keys(later.activeDays)).toEqual(['2026-01-20', '2026-01-21']);
  });
});

describe('applyEvents: next due time', () => {
  it('gives an account that just entered adoption a time to be looked at', () => {
    const state = anAccount()
      .withProfile()
      .withContact('c-1', { role: 'owner' })
      .onboardedOn('2026-01-19')
      .state(program);
    expect(state.phase).toBe('adoption');
    expect(state.cadence.nextDueAt).not.toBeNull();
  });

  it('makes an account due at once when a new key contact needs re-onboarding', () => {
    const checked = anAccount()
      .withProfile()
      .onboardedOn('2026-01-19')
      // Six weekly slots done and a health check today: the cadence would wait until the next slot.
      .patched((s) => ({
        ...s,
        cadence: { ...s.cadence, step: 6 },
        health: {
          at: '2026-03-02T00:00:00.000Z',
          score: 80,
          atRisk: false,
          usageDrop: false,
          dauMau: 0.3,
          activeDays30: 20,
          previousActiveDays30: 20,
        },
      }))
      .state(program);
    const before = apply([], checked).cadence.nextDueAt;
    const state = apply(
      [contactUpserted('acc-1', 'c-new', { role: 'admin' }, { at: '2026-03-02T03:00:00Z' })],
      checked,
    );
    expect(state.contacts['c-new']?.reonboarding).toBe('pending');
    expect(before! > '2026-03-02T03:00:00.000Z').toBe(true);
    expect(state.cadence.nextDueAt).toBe('2026-03-02T03:00:00.000Z');
  });

  it('leaves an account without a profile with nothing due', () => {
    expect(apply([onboardingCompleted('acc-1', '2026-01-19')]).cadence.nextDueAt).toBeNull();
  });
});
