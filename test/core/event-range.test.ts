// Every event the contract accepts is one the core can compute with: over the whole accepted range of
// instants, dates and time zones, applying the events and planning touches over the result never throws.
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadContentFile } from '../../functions/adapters/content-file.js';
import { contractOf } from '../../functions/core/contract.js';
import { applyAccountEvents } from '../../functions/core/enrollment.js';
import { CONTRACT_YEARS, type ProductEvent, parseProductEvent } from '../../functions/core/events.js';
import { planTouches } from '../../functions/core/plan-touches.js';
import { accountProgram } from '../../functions/core/programs.js';
import { emptyAccountState } from '../../functions/core/state.js';
import { addDays, maxIso } from '../../functions/core/time.js';
import { TIME_ZONES } from '../../functions/core/time-zones.js';

const content = loadContentFile(resolve(import.meta.dirname, '../../dist/content.json'));
const FIRST_MS = Date.UTC(CONTRACT_YEARS.first, 0, 1);
const LAST_MS = Date.UTC(CONTRACT_YEARS.last + 1, 0, 1) - 1;
const ACTIONS = [
  ...new Set(content.programs.flatMap((p) => p.milestones.flatMap((m) => m.requires.map((r) => r.action)))),
];

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** `ms` written with an offset of `offsetMin` minutes, as a producer in that zone would write it. */
function withOffset(ms: number, offsetMin: number): string {
  const local = new Date(ms + offsetMin * 60_000).toISOString().slice(0, 23);
  return offsetMin === 0
    ? `${local}Z`
    : `${local}${offsetMin < 0 ? '-' : '+'}${pad(Math.trunc(offsetMin / 60))}:${pad(offsetMin % 60)}`;
}

// The edges of the range weigh as much as the inside: that is where years roll over.
const instantMsArb = fc.oneof(
  fc.integer({ min: FIRST_MS, max: LAST_MS }),
  fc.constantFrom(FIRST_MS, LAST_MS, FIRST_MS + 86_399_999, LAST_MS - 86_399_999),
);
const instantArb = fc
  .tuple(
    instantMsArb,
    fc.oneof(
      fc.constant(0),
      fc.integer({ min: -14 * 4, max: 14 * 4 }).map((q) => q * 15),
    ),
  )
  .map(([ms, offset]) => withOffset(ms, offset))
  // An offset can write an instant of the range with a year outside it: the contract refuses those.
  .filter((s) => /^20\d\d-/.test(s));
const dateArb = instantMsArb.map((ms) => new Date(ms).toISOString().slice(0, 10));

const envelope = (id: string, type: string, time: string, detail: Record<string, unknown>) => ({
  id,
  source: 'com.example.product',
  'detail-type': type,
  time,
  detail,
});

const eventsArb = fc
  .record({
    timeZone: fc.constantFrom(...TIME_ZONES),
    contractStart: dateArb,
    touchModel: fc.constantFrom('tech', 'low', 'high'),
    locale: fc.constantFrom('ja', 'en'),
    times: fc.array(instantArb, { minLength: 5, maxLength: 5 }),
    consentAt: instantArb,
    completedAt: instantArb,
    renewalDate: dateArb,
    renewedAt: instantArb,
    endedAt: instantArb,
    usage: fc.array(fc.record({ at: instantArb, action: fc.constantFrom(...ACTIONS) }), { minLength: 1, maxLength: 6 }),
  })
  .map((s) => [
    envelope('e-1', 'Account Upserted', s.times[0]!, {
      accountId: 'acc-1',
      name: 'Range KK',
      plan: 'standard',
      industry: 'retail',
      employees: 40,
      timeZone: s.timeZone,
      locale: s.locale,
      contractStart: s.contractStart,
      touchModel: s.touchModel,
      renewalDate: s.renewalDate,
      arr: 1_000_000,
      currency: 'JPY',
    }),
    envelope('e-2', 'Contact Upserted', s.times[1]!, {
      accountId: 'acc-1',
      contactId: 'c-1',
      email: 'owner@customer.example.jp',
      name: 'Owner',
      role: 'owner',
      consent: { basis: 'opt-in', at: s.consentAt, source: 'form' },
    }),
    envelope('e-3', 'Onboarding Completed', s.times[2]!, { accountId: 'acc-1', completedAt: s.completedAt }),
    envelope('e-4', 'Contract Renewed', s.times[3]!, {
      accountId: 'acc-1',
      renewedAt: s.renewedAt,
      renewalDate: s.renewalDate,
    }),
    envelope('e-5', 'Contract Ended', s.times[4]!, { accountId: 'acc-1', endedAt: s.endedAt, reason: 'other' }),
    ...s.usage.map((u, i) =>
      envelope(`e-u${i}`, 'Usage Recorded', s.times[3 + (i % 2)]!, {
        accountId: 'acc-1',
        contactId: 'c-1',
        action: u.action,
        occurredAt: u.at,
      }),
    ),
  ]);

describe('events across the whole accepted range', () => {
  it('are accepted, applied and planned over without an exception', () => {
    fc.assert(
      fc.property(eventsArb, fc.integer({ min: 0, max: 3 * 365 }), (raw, daysLater) => {
        const events: ProductEvent[] = raw.map((r) => {
          const parsed = parseProductEvent(r);
          if (parsed.kind === 'rejected') throw new Error(parsed.reason);
          return parsed.event;
        });
        const { state } = applyAccountEvents(
          emptyAccountState('acc-1', content.programs.at(-1)!.id),
          events,
          content.programs,
        );
        expect(contractOf(state)?.termStartedAt).toBeDefined();
        const latest = events.reduce<string | null>((at, e) => maxIso(at, e.time), null)!;
        // The planner runs at the latest event and up to three years on: cadence looks months ahead.
        for (const now of [latest, addDays(latest, daysLater)]) {
          const plan = planTouches(state, now, accountProgram(state, content.programs), content.catalogs);
          expect(plan).toBeDefined();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses the instants and dates just outside the range', () => {
    const at = (time: string) =>
      parseProductEvent(envelope('e-1', 'Contact Removed', time, { accountId: 'a', contactId: 'c' })).kind;
    expect(at('1999-12-31T23:59:59.999Z')).toBe('rejected');
    expect(at('2000-01-01T00:00:00.000Z')).toBe('ok');
    expect(at('2099-12-31T23:59:59.999Z')).toBe('ok');
    expect(at('2100-01-01T00:00:00.000Z')).toBe('rejected');
    expect(at('2000-01-01T08:59:00+09:00')).toBe('rejected');
  });
});

describe('the committed time zone list', () => {
  it('holds only zones the running Node can compute with', () => {
    const broken = TIME_ZONES.filter((zone) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', hour: 'numeric' }).format(
          new Date(LAST_MS),
        );
        return false;
      } catch {
        return true;
      }
    });
    expect(broken).toEqual([]);
  });

  it('accepts both spellings of a renamed zone and UTC', () => {
    for (const zone of ['Asia/Calcutta', 'Asia/Kolkata', 'Europe/Kiev', 'Europe/Kyiv', 'UTC', 'Asia/Tokyo'])
      expect(TIME_ZONES).toContain(zone);
  });
});
