import { describe, expect, it } from 'vitest';
import { applyEvents } from '../../functions/core/apply-events.js';
import { cadenceSlotAt, deriveNextDueAt, dueCadenceSlot } from '../../functions/core/cadence.js';
import type { Catalogs, SuccessStory } from '../../functions/core/catalogs.js';
import type { Decision, SkipReason } from '../../functions/core/decisions.js';
import { planTouches, TOUCH_HISTORY_LIMIT } from '../../functions/core/plan-touches.js';
import { isInsideWindow } from '../../functions/core/send-window.js';
import type { AccountState, ContactState, TouchRecord } from '../../functions/core/state.js';
import { addDays, addHours } from '../../functions/core/time.js';
import {
  type AccountBuilder,
  anAccount,
  contactUpserted,
  defaultProgram,
  everyFeatureUsed,
  featureTipCatalogs,
  programWith,
} from '../fixtures/builders.js';

const program = defaultProgram();
const TIPS: Catalogs = featureTipCatalogs(program);
// Onboarding completes Monday 2026-01-19 09:00 JST, so cadence slot 0 is Monday 2026-01-26 09:00 JST.
const ONBOARDED = '2026-01-19';
const SLOT_0 = '2026-01-26T00:00:00.000Z';
/** Day 14 of adoption, a Monday: the default grace period (DEFAULT_GRACE_DAYS) is over. */
const AFTER_GRACE = '2026-02-02T00:00:00.000Z';

function tokyoAccount(): AccountBuilder {
  return anAccount('acc-1')
    .withProfile({ timeZone: 'Asia/Tokyo', locale: 'ja' })
    .withContact('c-owner', { role: 'owner' })
    .withContact('c-member', { role: 'member' });
}

function patchContact(state: AccountState, id: string, patch: Partial<ContactState>): AccountState {
  return { ...state, contacts: { ...state.contacts, [id]: { ...(state.contacts[id] as ContactState), ...patch } } };
}

const reasonOf = (d: Decision | undefined): SkipReason | null => (d?.outcome === 'skipped' ? d.reason : null);
const byContact = (decisions: readonly Decision[], id: string) => decisions.find((d) => d.contactId === id);
const touchAt = (at: string, kind: TouchRecord['kind'] = 'feature-tip', subject = 'x'): TouchRecord => ({
  touchId: `${kind}:${at}`,
  kind,
  subject,
  at,
});

describe('planTouches at a due cadence slot', () => {
  const state = tokyoAccount().onboardedOn(ONBOARDED).state(program);
  const result = planTouches(state, SLOT_0, program, TIPS);

  it('sends one touch to every reachable contact, each with its best message', () => {
    // The first milestone is due on this very day: it is nudged only once the day has passed.
    expect(result.touches.map((t) => [t.contactId, t.kind, t.template])).toEqual([
      ['c-member', 'feature-tip', 'feature-tip/ja'],
      ['c-owner', 'feature-tip', 'feature-tip/ja'],
    ]);
    expect(result.decisions.map((d) => d.outcome)).toEqual(['sent', 'sent']);
  });

  it('records the touch in the contact’s history and advances the cadence', () => {
    const owner = result.state.contacts['c-owner'] as ContactState;
    expect(owner.touches).toEqual([
      { touchId: result.touches[1]?.touchId, kind: 'feature-tip', subject: 'dashboard', at: SLOT_0 },
    ]);
    expect(result.state.cadence.step).toBe(1);
    expect(result.state.cadence.retryAt).toBeNull();
    expect(result.state.cadence.nextDueAt).toBe(deriveNextDueAt(result.state, program));
  });

  it('nudges an overdue milestone after its due day has passed, not on the due day itself', () => {
    const dueDay = planTouches(state, '2026-01-26T06:00:00.000Z', program, TIPS);
    expect(dueDay.touches.find((t) => t.contactId === 'c-owner')?.kind).toBe('feature-tip');
    const next = planTouches(result.state, '2026-02-02T00:00:00.000Z', program, TIPS);
    expect(next.touches.find((t) => t.contactId === 'c-owner')?.content).toEqual({
      kind: 'milestone-nudge',
      milestoneId: 'dashboard-understood',
      dueAt: SLOT_0,
    });
  });

  it('stores the health assessment it planned with', () => {
    expect(result.state.health?.at).toBe(SLOT_0);
  });

  it('gives the same touch ids for the same state and time, and distinct ones per contact', () => {
    const again = planTouches(state, SLOT_0, program, TIPS);
    expect(again.touches.map((t) => t.touchId)).toEqual(result.touches.map((t) => t.touchId));
    expect(new Set(result.touches.map((t) => t.touchId)).size).toBe(2);
    for (const t of result.touches) expect(t.touchId).toMatch(/^[a-z-]+\.[0-9a-f]{32}$/);
  });

  it('plans nothing new when run again at the same time from the returned state', () => {
    const again = planTouches(result.state, SLOT_0, program, TIPS);
    expect(again.touches).toEqual([]);
    expect(again.decisions).toEqual([]);
    expect(again.signals).toEqual([]);
  });
});

describe('why a contact gets nothing', () => {
  const due = (builder: AccountBuilder) => builder.onboardedOn(ONBOARDED);
  const cases: [string, (s: AccountState) => AccountState, AccountBuilder, SkipReason][] = [
    [
      'an unsubscribed contact',
      (s) => patchContact(s, 'c-owner', { suppressed: { reason: 'unsubscribed', at: '2026-01-20T00:00:00.000Z' } }),
      tokyoAccount(),
      { code: 'unsubscribed' },
    ],
    [
      'a bounced address',
      (s) => patchContact(s, 'c-owner', { suppressed: { reason: 'bounced', at: '2026-01-20T00:00:00.000Z' } }),
      tokyoAccount(),
      { code: 'bounced' },
    ],
    [
      'a complaint',
      (s) => patchContact(s, 'c-owner', { suppressed: { reason: 'complained', at: '2026-01-20T00:00:00.000Z' } }),
      tokyoAccount(),
      { code: 'complained' },
    ],
    [
      'a removed contact',
      (s) => s,
      tokyoAccount().removingContact('c-owner', { at: '2026-01-20T00:00:00Z' }),
      { code: 'removed' },
    ],
    [
      'a high-touch account',
      (s) => s,
      anAccount('acc-1').withProfile({ touchModel: 'high' }).withContact('c-owner', { role: 'owner' }),
      { code: 'high-touch' },
    ],
    [
      'a touch within the minimum gap',
      (s) => patchContact(s, 'c-owner', { touches: [touchAt('2026-01-25T00:00:00.000Z')] }),
      tokyoAccount(),
      { code: 'capped', until: '2026-01-28T00:00:00.000Z' },
    ],
    [
      'the monthly ceiling reached',
      (s) =>
        patchContact(s, 'c-owner', {
          touches: [0, 4, 8, 12, 16, 20].map((d) => touchAt(addDays('2025-12-31T00:00:00.000Z', d))),
        }),
      tokyoAccount(),
      { code: 'capped', until: '2026-01-30T00:00:00.000Z' },
    ],
    [
      'nothing left to say',
      (s) => ({
        ...everyFeatureUsed(s, program),
        // Reached over a week ago, so no celebration is left either.
        milestones: Object.fromEntries(program.milestones.map((m) => [m.id, '2026-01-18T00:00:00.000Z'])),
        celebrated: program.milestones.map((m) => m.id).sort(),
      }),
      tokyoAccount(),
      { code: 'nothing-eligible' },
    ],
  ];
  it.each(cases)('skips %s with its reason', (_name, patch, builder, reason) => {
    const result = planTouches(patch(due(builder).state(program)), SLOT_0, program, TIPS);
    expect(reasonOf(byContact(result.decisions, 'c-owner'))).toEqual(reason);
    expect(result.touches.some((t) => t.contactId === 'c-owner')).toBe(false);
  });

  it('still advances the cadence when every contact was skipped (the slot was handled)', () => {
    const state = anAccount('acc-1')
      .withProfile({ touchModel: 'high' })
      .withContact('c-owner', { role: 'owner' })
      .onboardedOn(ONBOARDED)
      .state(program);
    expect(planTouches(state, SLOT_0, program, TIPS).state.cadence.step).toBe(1);
  });
});

describe('the send window', () => {
  // Onboarding at Friday 21:00 JST puts every slot on a Friday evening.
  const lateState = tokyoAccount().onboardedOn('2026-01-23T12:00:00Z').state(program);
  const slot = cadenceSlotAt('2026-01-23T12:00:00.000Z', 0, program.cadence);
  const waiting = planTouches(lateState, slot, program, TIPS);

  it('skips every contact outside the window, saying when the next window opens', () => {
    expect(waiting.touches).toEqual([]);
    expect(waiting.decisions.map(reasonOf)).toEqual([
      { code: 'outside-window', nextWindowAt: '2026-02-02T00:00:00.000Z' },
      { code: 'outside-window', nextWindowAt: '2026-02-02T00:00:00.000Z' },
    ]);
  });

  it('keeps the step and retries at the next window start, so no touch is lost', () => {
    expect(waiting.state.cadence).toEqual({
      step: 0,
      retryAt: '2026-02-02T00:00:00.000Z',
      nextDueAt: '2026-02-02T00:00:00.000Z',
    });
    const sent = planTouches(waiting.state, '2026-02-02T00:00:00.000Z', program, TIPS);
    expect(sent.touches).toHaveLength(2);
    expect(sent.state.cadence.step).toBe(1);
    expect(sent.state.cadence.retryAt).toBeNull();
  });

  it.each([
    ['Culture Day 2026', '2026-10-27T03:00:00Z', '2026-11-04T00:00:00.000Z'],
    ["New Year's Day 2027", '2026-12-25T01:00:00Z', '2027-01-04T00:00:00.000Z'],
  ])('holds the touch over %s in Asia/Tokyo', (_name, onboardedAt, nextWindowAt) => {
    const state = tokyoAccount().onboardedOn(onboardedAt).state(program);
    const result = planTouches(state, addDays(new Date(onboardedAt).toISOString(), 7), program, TIPS);
    expect(result.decisions.map(reasonOf)).toEqual([
      { code: 'holiday', nextWindowAt },
      { code: 'holiday', nextWindowAt },
    ]);
    expect(result.state.cadence.retryAt).toBe(nextWindowAt);
  });

  it('sends on Culture Day in America/New_York, where it is a normal Tuesday', () => {
    const state = anAccount('acc-1')
      .withProfile({ timeZone: 'America/New_York', locale: 'en' })
      .withContact('c-owner', { role: 'owner' })
      .onboardedOn('2026-10-27T15:00:00Z')
      .state(program);
    const result = planTouches(state, '2026-11-03T15:00:00.000Z', program, TIPS);
    // The dashboard milestone is due that day (nudged only the day after): a tip goes.
    expect(result.touches.map((t) => t.template)).toEqual(['feature-tip/en']);
  });
});

describe('re-onboarding', () => {
  const program0 = program;
  const atSlot = planTouches(tokyoAccount().onboardedOn(ONBOARDED).state(program0), SLOT_0, program0, TIPS).state;
  // The daily health check runs shortly before the newcomer shows up.
  const before = planTouches(atSlot, '2026-01-28T11:00:00.000Z', program0, TIPS).state;
  // A new owner appears on Wednesday at 21:00 JST, after the window closed.
  const appearedAt = '2026-01-28T12:00:00.000Z';
  const withNewOwner = applyEvents(
    before,
    [contactUpserted('acc-1', 'c-new', { role: 'owner' }, { at: appearedAt })],
    program0,
  ).state;

  it('makes the planner due at the next send window opening after a new owner appears, without waiting for the cadence', () => {
    expect(withNewOwner.contacts['c-new']?.reonboarding).toBe('pending');
    // Thursday 09:00 JST, not Wednesday 21:00 when the owner appeared: one look, not a look and a retry.
    expect(withNewOwner.cadence.nextDueAt).toBe('2026-01-29T00:00:00.000Z');
  });

  it('sends re-onboarding to a new owner within the next send window, and to that contact only', () => {
    const first = planTouches(withNewOwner, appearedAt, program0, TIPS);
    expect(first.decisions.map((d) => [d.contactId, reasonOf(d)])).toEqual([
      ['c-new', { code: 'outside-window', nextWindowAt: '2026-01-29T00:00:00.000Z' }],
    ]);
    const nextAt = first.state.cadence.nextDueAt as string;
    expect(nextAt).toBe('2026-01-29T00:00:00.000Z');

    const second = planTouches(first.state, nextAt, program0, TIPS);
    expect(second.touches.map((t) => [t.contactId, t.kind])).toEqual([['c-new', 're-onboarding']]);
    expect(isInsideWindow(nextAt, 'Asia/Tokyo', program0.sendWindow)).toBe(true);
    expect(second.state.contacts['c-new']?.reonboarding).toBe('done');
    expect(second.state.cadence.step).toBe(before.cadence.step);
  });

  it('gives re-onboarding the same touch id whichever run plans it', () => {
    const atWindow = planTouches(withNewOwner, '2026-01-29T00:00:00.000Z', program0, TIPS).touches[0];
    const withSlot = planTouches(
      { ...withNewOwner, cadence: { ...withNewOwner.cadence, step: 0 } },
      '2026-01-29T00:00:00.000Z',
      program0,
      TIPS,
    );
    expect(withSlot.touches.find((t) => t.contactId === 'c-new')?.touchId).toBe(atWindow?.touchId);
  });
});

describe('signals', () => {
  it('raises Account At Risk once, when the account becomes at risk after the grace period, with the reason', () => {
    const state = tokyoAccount().onboardedOn(ONBOARDED).state(program);
    const first = planTouches(state, AFTER_GRACE, program, TIPS);
    expect(first.signals).toEqual([
      {
        type: 'Account At Risk',
        accountId: 'acc-1',
        at: AFTER_GRACE,
        score: first.state.health?.score,
        reasons: ['low-health'],
      },
    ]);
    const next = planTouches(first.state, addDays(AFTER_GRACE, 1), program, TIPS);
    expect(next.signals).toEqual([]);
  });

  it('counts the at-risk signals of the first 14 days of adoption for the report, and only those', () => {
    const fromDayOne = programWith({ health: { ...program.health, graceDays: 0, rampDays: 0 } });
    const state = tokyoAccount().onboardedOn(ONBOARDED).state(fromDayOne);
    const early = planTouches(state, SLOT_0, fromDayOne, TIPS);
    expect(early.signals.map((s) => s.type)).toContain('Account At Risk');
    expect(early.state.earlyRisks).toBe(1);
    const late = planTouches(state, AFTER_GRACE, fromDayOne, TIPS);
    expect(late.signals.map((s) => s.type)).toContain('Account At Risk');
    expect(late.state.earlyRisks).toBeUndefined();
  });

  it('raises no Account At Risk in the grace period for a lack of activity alone', () => {
    const state = tokyoAccount().onboardedOn(ONBOARDED).state(program);
    const result = planTouches(state, SLOT_0, program, TIPS);
    expect(result.signals).toEqual([]);
    expect(result.state.health?.atRisk).toBe(false);
  });

  it('gives a high-touch account signals but no email', () => {
    const state = anAccount('acc-1')
      .withProfile({ touchModel: 'high' })
      .withContact('c-owner', { role: 'owner' })
      .onboardedOn(ONBOARDED)
      .state(program);
    const result = planTouches(state, AFTER_GRACE, program, TIPS);
    expect(result.touches).toEqual([]);
    expect(result.signals.map((s) => s.type)).toEqual(['Account At Risk']);
  });

  it('moves an account that meets the expansion rule to expansion-ready, then follows the retention cadence', () => {
    const lenient = programWith({ expansionReady: { allMilestones: true, minAdvancedFeatures: 2, minHealth: 0 } });
    const base = tokyoAccount().onboardedOn(ONBOARDED).state(lenient);
    const state: AccountState = {
      ...base,
      milestones: Object.fromEntries(lenient.milestones.map((m) => [m.id, '2026-01-22T00:00:00.000Z'])),
      // The milestones' celebrations were looked at when they were reached.
      celebrated: lenient.milestones.map((m) => m.id).sort(),
      actionsFirstSeen: {
        'report.schedule_monthly': '2026-01-22T00:00:00.000Z',
        'dashboard.customize': '2026-01-22T00:00:00.000Z',
      },
    };
    const result = planTouches(state, SLOT_0, lenient, TIPS);
    expect(result.signals).toContainEqual({
      type: 'Phase Changed',
      accountId: 'acc-1',
      at: SLOT_0,
      from: 'adoption',
      to: 'expansion-ready',
    });
    expect(result.touches).toEqual([]);
    expect(result.state.phase).toBe('expansion-ready');
    expect(result.state.cadence).toMatchObject({ step: 0, since: SLOT_0 });
    // The retention slot 30 days on, or a health check before it (health is judged in every live phase).
    expect(dueCadenceSlot(result.state, lenient)).toBe(addDays(SLOT_0, 30));
    expect((result.state.cadence.nextDueAt ?? '') <= addDays(SLOT_0, 30)).toBe(true);
  });

  it('raises Account At Risk when an expansion-ready account collapses', () => {
    const base = tokyoAccount().onboardedOn(ONBOARDED).state(program);
    const ready: AccountState = {
      ...base,
      phase: 'expansion-ready',
      phaseChangedAt: '2026-03-02T00:00:00.000Z',
      health: {
        at: '2026-03-02T00:00:00.000Z',
        score: 90,
        atRisk: false,
        usageDrop: false,
        dauMau: 0.5,
        activeDays30: 20,
        previousActiveDays30: 20,
      },
    };
    // No usage at all since: two months into adoption, activity, breadth and milestones are all low.
    const at = '2026-03-16T00:00:00.000Z';
    const result = planTouches(ready, at, program, TIPS);
    expect(result.signals).toContainEqual(expect.objectContaining({ type: 'Account At Risk', accountId: 'acc-1', at }));
    expect(result.state.phase).toBe('expansion-ready');
    expect(result.touches).toEqual([]);
  });

  it('moves to retention at adoption’s end date, whose cadence starts there', () => {
    const base = tokyoAccount().onboardedOn(ONBOARDED).state(program);
    const state = { ...base, cadence: { step: 12, retryAt: null, nextDueAt: null } };
    const result = planTouches(state, '2026-07-20T01:00:00.000Z', program, TIPS);
    expect(result.signals).toContainEqual({
      type: 'Phase Changed',
      accountId: 'acc-1',
      at: '2026-07-20T01:00:00.000Z',
      from: 'adoption',
      to: 'retention',
    });
    expect(result.touches).toEqual([]);
    expect(dueCadenceSlot(result.state, program)).toBe('2026-08-19T01:00:00.000Z');
    expect((result.state.cadence.nextDueAt ?? '') <= '2026-08-19T01:00:00.000Z').toBe(true);
  });
});

describe('after an outage', () => {
  it('sends one touch per contact and jumps over the missed slots instead of a burst', () => {
    const state = tokyoAccount().onboardedOn(ONBOARDED).state(program);
    const now = '2026-04-20T01:00:00.000Z';
    const result = planTouches(state, now, program, TIPS);
    expect(result.touches).toHaveLength(2);
    const step = result.state.cadence.step;
    expect(cadenceSlotAt('2026-01-19T00:00:00.000Z', step, program.cadence) > now).toBe(true);
    expect(cadenceSlotAt('2026-01-19T00:00:00.000Z', step - 1, program.cadence) <= now).toBe(true);
    expect(planTouches(result.state, addHours(now, 1), program, TIPS).touches).toEqual([]);
  });
});

describe('account-wide rules within one run', () => {
  const story: SuccessStory = {
    id: 's-1',
    company: 'c',
    industry: 'manufacturing',
    employees: 100,
    locale: 'ja',
    title: 't',
    summary: 's',
    link: 'https://stories.example.com/s',
  };

  it('tells a story to one contact only, never the same story twice to the account', () => {
    const base = anAccount('acc-1')
      .withProfile()
      .withContact('c-a', { role: 'member' })
      .withContact('c-b', { role: 'member' })
      .onboardedOn(ONBOARDED)
      .state(program);
    const state = everyFeatureUsed(base, program);
    const result = planTouches(state, SLOT_0, program, { ...TIPS, stories: [story] });
    expect(result.touches.map((t) => [t.contactId, t.kind])).toEqual([['c-a', 'success-story']]);
    const b = byContact(result.decisions, 'c-b');
    expect(reasonOf(b)).toEqual({ code: 'nothing-eligible' });
    expect(b?.passedOver).toContainEqual({ kind: 'success-story', reason: 'already-sent' });
  });

  it(`keeps only the last ${TOUCH_HISTORY_LIMIT} touches of a contact`, () => {
    const old = Array.from({ length: TOUCH_HISTORY_LIMIT }, (_, i) =>
      touchAt(addDays('2025-06-01T00:00:00.000Z', i), 'success-story', `old-${i}`),
    );
    const state = patchContact(tokyoAccount().onboardedOn(ONBOARDED).state(program), 'c-owner', { touches: old });
    const touches = (planTouches(state, SLOT_0, program, TIPS).state.contacts['c-owner'] as ContactState).touches;
    expect(touches).toHaveLength(TOUCH_HISTORY_LIMIT);
    expect(touches.at(-1)?.at).toBe(SLOT_0);
    expect(touches[0]).toEqual(old[1]);
  });

  it('leaves out people seen only in usage so far (no Contact Upserted yet)', () => {
    const state = tokyoAccount()
      .withUsage('c-ghost', 'login', '2026-01-20T01:00:00Z')
      .onboardedOn(ONBOARDED)
      .state(program);
    expect(state.contacts['c-ghost']).toBeDefined();
    const result = planTouches(state, SLOT_0, program, TIPS);
    expect(result.decisions.map((d) => d.contactId)).toEqual(['c-member', 'c-owner']);
  });

  it('plans nothing for an account whose profile is not known yet', () => {
    const state = anAccount('acc-1').withContact('c-owner', { role: 'owner' }).onboardedOn(ONBOARDED).state(program);
    const result = planTouches(state, SLOT_0, program, TIPS);
    expect(result).toEqual({
      state: { ...state, cadence: { ...state.cadence, nextDueAt: null } },
      decisions: [],
      touches: [],
      signals: [],
      changed: false,
    });
  });
});

describe('stalled onboarding', () => {
  // Contract Monday 2026-01-05 (JST): first sign-in and basic settings are due on the 12th.
  const onboarding = anAccount('acc-1')
    .withProfile({ timeZone: 'Asia/Tokyo', locale: 'ja', contractStart: '2026-01-05' })
    .withContact('c-owner', { role: 'owner' })
    .withContact('c-member', { role: 'member' })
    .state(program);
  const overdue = '2026-01-13T00:00:00.000Z'; // Tuesday 09:00 JST, the day after the due day

  it('waits for the due day to pass', () => {
    expect(onboarding.cadence.nextDueAt).toBe(overdue);
    const onDueDay = planTouches(onboarding, '2026-01-12T01:00:00.000Z', program, TIPS);
    expect(onDueDay.touches).toEqual([]);
    expect(onDueDay.signals.filter((s) => s.type === 'Onboarding Stalled')).toEqual([]);
  });

  it('nudges owners and admins once the due day has passed, and tells the CS team once', () => {
    const result = planTouches(onboarding, overdue, program, TIPS);
    expect(result.touches.map((t) => [t.contactId, t.content])).toEqual([
      ['c-owner', { kind: 'milestone-nudge', milestoneId: 'first-login', dueAt: '2026-01-11T15:00:00.000Z' }],
    ]);
    expect(result.decisions.map((d) => d.contactId)).toEqual(['c-owner']);
    expect(result.signals).toContainEqual({
      type: 'Onboarding Stalled',
      accountId: 'acc-1',
      at: overdue,
      milestoneIds: ['first-login', 'basic-settings'],
    });
    expect(result.state.stallsHandled).toEqual(['basic-settings', 'first-login']);
    const again = planTouches(result.state, '2026-01-20T00:00:00.000Z', program, TIPS);
    expect(again.signals.filter((s) => s.type === 'Onboarding Stalled')).toEqual([]);
    expect(again.touches).toEqual([]);
  });

  it('keeps a stall seen in a closed window for the next opening, not lost', () => {
    const evening = planTouches(onboarding, '2026-01-13T10:00:00.000Z', program, TIPS);
    expect(evening.touches).toEqual([]);
    expect(evening.signals.filter((s) => s.type === 'Onboarding Stalled')).toEqual([]);
    const next = planTouches(evening.state, '2026-01-14T00:00:00.000Z', program, TIPS);
    expect(next.touches.map((t) => t.kind)).toEqual(['milestone-nudge']);
    expect(next.signals.map((s) => s.type)).toContain('Onboarding Stalled');
  });
});

describe('the cap per company', () => {
  const crowded = () => {
    const builder = anAccount('acc-1').withProfile({ timeZone: 'Asia/Tokyo', locale: 'ja' });
    for (const id of ['m-1', 'm-2', 'm-3', 'm-4', 'm-5']) builder.withContact(id, { role: 'member' });
    builder.withContact('z-admin', { role: 'admin' }).withContact('z-owner', { role: 'owner' });
    return builder.onboardedOn(ONBOARDED).state(program);
  };

  it('sends at most its cap to one account, owners and admins first, and says why the others got nothing', () => {
    const result = planTouches(crowded(), SLOT_0, programWith({ accountCap: { maxPer7Days: 3 } }), TIPS);
    expect(result.touches.map((t) => t.contactId)).toEqual(['m-1', 'z-admin', 'z-owner']);
    const held = byContact(result.decisions, 'm-2');
    expect(reasonOf(held)).toEqual({ code: 'account-capped', until: '2026-02-02T00:00:00.000Z' });
    expect(held?.passedOver[0]).toEqual({ kind: 'feature-tip', reason: 'account-capped' });
  });

  it('defaults to five a week', () => {
    expect(planTouches(crowded(), SLOT_0, program, TIPS).touches).toHaveLength(5);
  });
});
