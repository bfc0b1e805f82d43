// The contract: its fields and events parsed, applied in any order, and what an ended account gets.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEvents } from '../../functions/core/apply-events.js';
import { deriveNextDueAt } from '../../functions/core/cadence.js';
import type { Catalogs } from '../../functions/core/catalogs.js';
import { contractOf, isContractEnded } from '../../functions/core/contract.js';
import { type ProductEvent, parseProductEvent } from '../../functions/core/events.js';
import { planTouches } from '../../functions/core/plan-touches.js';
import { recipientOf } from '../../functions/core/send-eligibility.js';
import { type AccountState, emptyAccountState } from '../../functions/core/state.js';
import { addDays, addHours } from '../../functions/core/time.js';
import {
  accountUpserted,
  anAccount,
  aPlannedTouch,
  contactUpserted,
  contractEnded,
  contractRenewed,
  defaultProgram,
  onboardingCompleted,
  usage,
} from '../fixtures/builders.js';

const program = defaultProgram();
const TIPS: Catalogs = {
  features: program.features.map((f) => ({
    feature: f.id,
    title: { ja: 't', en: 't' },
    tip: { ja: 't', en: 't' },
    link: 'https://help.example.com/t',
  })),
  webinars: [],
  stories: [],
};
// Onboarding completes Monday 2026-01-19 09:00 JST: cadence slot 0 is 2026-01-26 09:00 JST.
const SLOT_0 = '2026-01-26T00:00:00.000Z';

const raw = (detailType: string, detail: object) => ({
  id: 'e-1',
  source: 'com.example.product',
  'detail-type': detailType,
  time: '2026-03-01T00:00:00Z',
  detail,
});

function liveAccount() {
  return anAccount('acc-1')
    .withProfile({ timeZone: 'Asia/Tokyo', locale: 'ja', renewalDate: '2027-01-05', arr: 1_200_000, currency: 'JPY' })
    .withContact('c-owner', { role: 'owner' })
    .withContact('c-member', { role: 'member' })
    .onboardedOn('2026-01-19T00:00:00Z');
}

const apply = (state: AccountState, events: ProductEvent[]) => applyEvents(state, events, program).state;

describe('parsing the contract', () => {
  it('accepts an Account Upserted without the contract fields, as before', () => {
    const event = accountUpserted('acc-1');
    const result = parseProductEvent(raw('Account Upserted', event.detail));
    expect(result.kind).toBe('ok');
  });

  it.each([
    ['a renewal date and a value', { renewalDate: '2027-01-05', arr: 1_200_000, currency: 'JPY' }, 'ok'],
    ['a renewal date alone', { renewalDate: '2027-01-05' }, 'ok'],
    ['a currency alone', { currency: 'USD' }, 'ok'],
    ['a value of zero', { arr: 0, currency: 'EUR' }, 'ok'],
    ['a value without its currency', { arr: 10 }, 'detail.currency: expected an ISO 4217 currency code'],
    ['a negative value', { arr: -5, currency: 'JPY' }, 'detail.arr: expected must not be negative'],
    ['a value past the bound', { arr: 2e12, currency: 'JPY' }, 'detail.arr: expected must be at most'],
    ['a currency in lower case', { arr: 1, currency: 'jpy' }, 'detail.currency: expected must be an ISO 4217'],
    ['a renewal date that does not exist', { renewalDate: '2027-02-29' }, 'detail.renewalDate'],
  ])('Account Upserted with %s', (_, fields, expected) => {
    const result = parseProductEvent(raw('Account Upserted', { ...accountUpserted('acc-1').detail, ...fields }));
    if (expected === 'ok') expect(result.kind === 'rejected' ? result.reason : 'ok').toBe('ok');
    else expect(result.kind === 'rejected' && result.reason).toContain(expected);
  });

  it.each([
    ['Contract Renewed', { accountId: 'a', renewedAt: '2026-02-01T00:00:00+09:00', renewalDate: '2027-02-01' }, 'ok'],
    [
      'Contract Renewed',
      { accountId: 'a', renewedAt: '2026-02-01T00:00:00Z', renewalDate: '2027-02-01', arr: 5, currency: 'USD' },
      'ok',
    ],
    ['Contract Renewed', { accountId: 'a', renewedAt: '2026-02-01T00:00:00Z' }, 'detail.renewalDate'],
    ['Contract Ended', { accountId: 'a', endedAt: '2026-02-01T00:00:00Z' }, 'ok'],
    ['Contract Ended', { accountId: 'a', endedAt: '2026-02-01T00:00:00Z', reason: 'product-fit' }, 'ok'],
    ['Contract Ended', { accountId: 'a', endedAt: '2026-02-01T00:00:00Z', reason: 'angry' }, 'detail.reason'],
    ['Contract Ended', { accountId: 'a', endedAt: '2026-02-01' }, 'detail.endedAt'],
  ])('%s %j', (type, detail, expected) => {
    const result = parseProductEvent(raw(type, detail));
    if (expected === 'ok') expect(result.kind === 'rejected' ? result.reason : 'ok').toBe('ok');
    else expect(result.kind === 'rejected' && result.reason).toContain(expected);
  });

  it('normalises renewedAt to UTC and refuses one far in the future', () => {
    const detail = { accountId: 'a', renewedAt: '2026-02-01T09:00:00+09:00', renewalDate: '2027-02-01' };
    const ok = parseProductEvent(raw('Contract Renewed', detail));
    expect(ok.kind === 'ok' && ok.event.detail).toMatchObject({ renewedAt: '2026-02-01T00:00:00.000Z' });
    const ahead = parseProductEvent(raw('Contract Ended', { accountId: 'a', endedAt: '2026-03-05T00:00:00Z' }), {
      receivedAt: '2026-03-01T00:00:00Z',
    });
    expect(ahead.kind === 'rejected' && ahead.reason).toContain('detail.endedAt: expected an instant at most 86400');
  });
});

describe('applying the contract', () => {
  it('reads the term, renewal date and value from the profile', () => {
    const state = liveAccount().state(program);
    expect(contractOf(state)).toEqual({
      termStartedAt: '2026-01-04T15:00:00.000Z',
      renewalDate: '2027-01-05',
      value: { arr: 1_200_000, currency: 'JPY' },
      ended: null,
    });
  });

  it('starts a new term at a renewal, with its renewal date and value', () => {
    const state = apply(liveAccount().state(program), [
      contractRenewed('acc-1', '2027-01-05T00:00:00Z', '2028-01-05', { arr: 1_500_000, currency: 'JPY' }),
    ]);
    expect(contractOf(state)).toMatchObject({
      termStartedAt: '2027-01-05T00:00:00.000Z',
      renewalDate: '2028-01-05',
      value: { arr: 1_500_000, currency: 'JPY' },
    });
  });

  it('lets a later profile restate the renewal date after a renewal', () => {
    const state = apply(liveAccount().state(program), [
      contractRenewed('acc-1', '2027-01-05T00:00:00Z', '2028-01-05'),
      accountUpserted('acc-1', { renewalDate: '2028-03-31' }, { at: '2027-02-01T00:00:00Z' }),
    ]);
    expect(contractOf(state)?.renewalDate).toBe('2028-03-31');
    expect(contractOf(state)?.termStartedAt).toBe('2027-01-05T00:00:00.000Z');
  });

  it('keeps the ending and its reason; a later renewal wins the account back', () => {
    const ended = apply(liveAccount().state(program), [contractEnded('acc-1', '2026-03-01T00:00:00Z', 'price')]);
    expect(isContractEnded(ended)).toBe(true);
    expect(contractOf(ended)?.ended).toEqual({ at: '2026-03-01T00:00:00.000Z', reason: 'price' });
    const back = apply(ended, [contractRenewed('acc-1', '2026-04-01T00:00:00Z', '2027-04-01')]);
    expect(isContractEnded(back)).toBe(false);
    expect(contractOf(back)).toMatchObject({ ended: null, termStartedAt: '2026-04-01T00:00:00.000Z' });
  });

  it('keeps an account ended by a renewal older than the ending', () => {
    const state = apply(liveAccount().state(program), [
      contractEnded('acc-1', '2026-03-01T00:00:00Z'),
      contractRenewed('acc-1', '2026-02-01T00:00:00Z', '2027-02-01'),
    ]);
    expect(isContractEnded(state)).toBe(true);
  });

  it('counts a redelivered ending as a duplicate and an older one as stale', () => {
    const ended = apply(liveAccount().state(program), [contractEnded('acc-1', '2026-03-01T00:00:00Z')]);
    const again = applyEvents(ended, [contractEnded('acc-1', '2026-03-01T00:00:00Z')], program);
    expect(again.changed).toBe(false);
    expect(again.ignored.duplicate).toBe(1);
    const older = applyEvents(
      ended,
      [contractEnded('acc-1', '2026-02-01T00:00:00Z', 'other', { at: '2026-02-01' })],
      program,
    );
    expect(older.ignored.stale).toBe(1);
    expect(older.state.contract).toEqual(ended.contract);
  });

  it('gives the same contract whatever the order of the events', () => {
    const events = [
      contractRenewed('acc-1', '2026-02-01T00:00:00Z', '2027-02-01', { arr: 9, currency: 'USD' }),
      contractEnded('acc-1', '2026-05-01T00:00:00Z', 'budget'),
      contractRenewed('acc-1', '2026-06-01T00:00:00Z', '2027-06-01'),
      contractEnded('acc-1', '2026-03-01T00:00:00Z', 'merged'),
    ];
    const base = liveAccount().state(program);
    const forward = apply(base, events);
    const backward = apply(base, [...events].reverse());
    const oneByOne = events.reduce((s, e) => apply(s, [e]), base);
    expect(backward.contract).toEqual(forward.contract);
    expect(oneByOne.contract).toEqual(forward.contract);
    expect(isContractEnded(forward)).toBe(false);
  });
});

describe('planning for an ended account', () => {
  const endedBeforeSlot = () =>
    apply(liveAccount().state(program), [contractEnded('acc-1', '2026-01-22T00:00:00Z', 'product-fit')]);

  it('plans nothing at a due slot, skips everyone as contract-ended once, then leaves the due index', () => {
    const state = endedBeforeSlot();
    expect(state.cadence.nextDueAt).toBe(SLOT_0);
    const plan = planTouches(state, SLOT_0, program, TIPS);
    expect(plan.touches).toEqual([]);
    expect(plan.signals).toEqual([]);
    expect(plan.decisions.map((d) => [d.contactId, d.outcome === 'skipped' && d.reason.code])).toEqual([
      ['c-member', 'contract-ended'],
      ['c-owner', 'contract-ended'],
    ]);
    expect(plan.changed).toBe(true);
    expect(plan.state.cadence.nextDueAt).toBeNull();
    expect(deriveNextDueAt(plan.state, program)).toBeNull();
  });

  it('stays out of the due index whatever usage and people follow', () => {
    const noted = planTouches(endedBeforeSlot(), SLOT_0, program, TIPS).state;
    const after = apply(noted, [
      contactUpserted('acc-1', 'c-new-owner', { role: 'owner' }, { at: '2026-02-02T00:00:00Z' }),
      usage('acc-1', 'c-owner', 'dashboard.view', '2026-02-03T01:00:00Z'),
    ]);
    expect(after.cadence.nextDueAt).toBeNull();
    expect(planTouches(after, '2026-02-09T01:00:00Z', program, TIPS).touches).toEqual([]);
  });

  it('plans again after a renewal (a win-back), jumping over the slots missed', () => {
    const noted = planTouches(endedBeforeSlot(), SLOT_0, program, TIPS).state;
    const back = apply(noted, [contractRenewed('acc-1', '2026-02-10T00:00:00Z', '2027-02-10')]);
    expect(back.cadence.nextDueAt).not.toBeNull();
    // The hourly planner, from the renewal on, at each due time.
    let state = back;
    let now = '2026-02-10T01:00:00.000Z';
    const touches = [];
    for (let run = 0; run < 6 && state.cadence.nextDueAt !== null && touches.length === 0; run++) {
      const due = state.cadence.nextDueAt;
      if (due > now) now = due;
      const plan = planTouches(state, now, program, TIPS);
      touches.push(...plan.touches);
      expect(plan.decisions.some((d) => d.outcome === 'skipped' && d.reason.code === 'contract-ended')).toBe(false);
      state = plan.state;
      now = addHours(now, 1);
    }
    expect(touches.length).toBeGreaterThan(0);
    // One touch per contact at the first step after the renewal, not one per slot missed.
    expect(new Set(touches.map((t) => t.contactId)).size).toBe(touches.length);
  });
});

describe('sending a touch planned before the contract ended', () => {
  it('does not send it: the recipient is refused as contract-ended, and is found again after a renewal', () => {
    const touch = aPlannedTouch({ kind: 'feature-tip', featureId: 'reports' }, { contactId: 'c-owner' });
    const live = liveAccount().state(program);
    expect(typeof recipientOf(live, touch, '2026-02-02T01:00:00Z')).toBe('object');
    const ended = apply(live, [contractEnded('acc-1', '2026-02-02T02:00:00Z')]);
    expect(recipientOf(ended, touch, '2026-02-02T03:00:00Z')).toBe('contract-ended');
    const back = apply(ended, [contractRenewed('acc-1', '2026-02-03T00:00:00Z', '2027-02-03')]);
    expect(typeof recipientOf(back, touch, '2026-02-03T01:00:00Z')).toBe('object');
  });
});

describe('property: nothing is planned for an ended account', () => {
  const laterEvent = fc.oneof(
    fc.record({
      kind: fc.constant('usage' as const),
      contact: fc.constantFrom('c-owner', 'c-member', 'c-x'),
      hours: fc.integer({ min: 0, max: 24 * 200 }),
    }),
    fc.record({
      kind: fc.constant('contact' as const),
      contact: fc.constantFrom('c-owner', 'c-member', 'c-y'),
      role: fc.constantFrom('owner', 'admin', 'member' as const),
      hours: fc.integer({ min: 0, max: 24 * 200 }),
    }),
    fc.record({ kind: fc.constant('onboarding' as const), hours: fc.integer({ min: 0, max: 24 * 200 }) }),
    fc.record({ kind: fc.constant('profile' as const), hours: fc.integer({ min: 0, max: 24 * 200 }) }),
    // A renewal dated before the ending does not win the account back.
    fc.record({ kind: fc.constant('old-renewal' as const), hours: fc.integer({ min: 1, max: 24 * 30 }) }),
  );

  it('whatever events follow and whenever the planner runs, unless a renewal comes after the end', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -24 * 10, max: 24 * 120 }),
        fc.array(laterEvent, { maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 24 * 20 }), { minLength: 1, maxLength: 10 }),
        (endHours, later, runGaps) => {
          const endedAt = addHours('2026-01-19T00:00:00.000Z', endHours);
          const events: ProductEvent[] = later.map((e, i) => {
            const at = addHours(endedAt, e.kind === 'old-renewal' ? -e.hours : e.hours);
            switch (e.kind) {
              case 'usage':
                return usage('acc-1', e.contact, 'report.create', at);
              case 'contact':
                return contactUpserted('acc-1', e.contact, { role: e.role }, { at, id: `c-${i}` });
              case 'onboarding':
                return onboardingCompleted('acc-1', at);
              case 'profile':
                return accountUpserted('acc-1', { touchModel: 'low' }, { at, id: `p-${i}` });
              case 'old-renewal':
                return contractRenewed('acc-1', at, '2027-01-01');
            }
          });
          let state = apply(liveAccount().state(program), [contractEnded('acc-1', endedAt), ...events]);
          let now = endedAt;
          let looks = 0;
          for (const gap of runGaps) {
            now = addHours(now, gap);
            const plan = planTouches(state, now, program, TIPS);
            expect(plan.touches).toEqual([]);
            expect(plan.signals).toEqual([]);
            for (const d of plan.decisions) expect(d.outcome === 'skipped' && d.reason.code).toBe('contract-ended');
            if (plan.decisions.length > 0) looks += 1;
            state = plan.state;
          }
          // The trail says why once; the account is then out of the due index.
          expect(looks).toBeLessThanOrEqual(1);
          expect(state.cadence.nextDueAt === null || state.contract?.endNoted === undefined).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('an ended account is never due again once noted, even across a year of planner runs', () => {
    const noted = planTouches(
      apply(liveAccount().state(program), [contractEnded('acc-1', '2026-01-20T00:00:00Z')]),
      addDays('2026-01-26T00:00:00.000Z', 0),
      program,
      TIPS,
    ).state;
    expect(noted.cadence.nextDueAt).toBeNull();
    let state = noted;
    for (let d = 1; d <= 365; d += 7) {
      const plan = planTouches(state, addDays('2026-01-26T00:00:00.000Z', d), program, TIPS);
      expect(plan.touches).toEqual([]);
      expect(plan.decisions).toEqual([]);
      state = plan.state;
    }
    expect(emptyAccountState('x', program.id).contract).toBeUndefined();
  });
});
