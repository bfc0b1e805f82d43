// The company calendar: closed days beyond weekends and national holidays.
import { describe, expect, it } from 'vitest';
import type { Catalogs } from '../../functions/core/catalogs.js';
import { ClosedDays, closedDaysIn, isClosedDay } from '../../functions/core/closed-days.js';
import { AccountUpserted } from '../../functions/core/events.js';
import { planTouches } from '../../functions/core/plan-touches.js';
import { checkSendWindow } from '../../functions/core/send-window.js';
import { anAccount, defaultProgram, featureTipCatalogs, programWith } from '../fixtures/builders.js';

const program = defaultProgram();
const TIPS: Catalogs = featureTipCatalogs(program);
// Wednesday 2026-12-30, 10:00 JST: a weekday and no national holiday, but the year-end break.
const DEC_30_10_JST = '2026-12-30T01:00:00.000Z';
// Monday 2027-01-04, 09:00 JST: the first open day after it.
const JAN_4_09_JST = '2027-01-04T00:00:00.000Z';

describe('closed days', () => {
  it.each([
    ['2026-12-28', false],
    ['2026-12-29', true],
    ['2026-12-31', true],
    ['2027-01-03', true],
    ['2027-01-04', false],
  ])('counts %s as closed: %s (the default year-end break in Asia/Tokyo)', (date, closed) => {
    expect(isClosedDay(date, closedDaysIn('Asia/Tokyo', undefined, undefined))).toBe(closed);
  });

  it('applies the default only to Asia/Tokyo, and nothing when the program lists none', () => {
    expect(closedDaysIn('Europe/London', undefined, undefined)).toEqual([]);
    expect(closedDaysIn('Asia/Tokyo', [], undefined)).toEqual([]);
  });

  it("adds the account's own days, every year or one date", () => {
    const closed = closedDaysIn('Europe/London', undefined, ['06-15', '2027-03-02']);
    expect(['2026-06-15', '2027-06-15', '2027-03-02'].map((d) => isClosedDay(d, closed))).toEqual([true, true, true]);
    expect(isClosedDay('2028-03-02', closed)).toBe(false);
  });

  it('moves a touch due on 12/30 JST to the window opening on the next open day', () => {
    const check = checkSendWindow(
      DEC_30_10_JST,
      'Asia/Tokyo',
      program.sendWindow,
      closedDaysIn('Asia/Tokyo', undefined, undefined),
    );
    expect(check).toEqual({ kind: 'holiday', nextWindowAt: JAN_4_09_JST });
  });

  it('plans nothing for a Tokyo account on 12/30 and waits for 1/4', () => {
    // Onboarded Wednesday 2026-12-23 09:00 JST: slot 0 is 2026-12-30 09:00 JST.
    const state = anAccount('acc-1')
      .withProfile({ timeZone: 'Asia/Tokyo', locale: 'ja', contractStart: '2026-12-01' })
      .withContact('c-1', { role: 'owner' })
      .onboardedOn('2026-12-23')
      .state(program);
    const held = planTouches(state, DEC_30_10_JST, program, TIPS);
    expect(held.touches).toEqual([]);
    expect(held.decisions.map((d) => (d.outcome === 'skipped' ? d.reason : null))).toEqual([
      { code: 'holiday', nextWindowAt: JAN_4_09_JST },
    ]);
    expect(held.state.cadence.nextDueAt).toBe(JAN_4_09_JST);
    expect(planTouches(held.state, JAN_4_09_JST, program, TIPS).touches).toHaveLength(1);
  });

  it("keeps an account's own closed day, and a program may lift the default", () => {
    const state = anAccount('acc-1')
      .withProfile({ timeZone: 'Asia/Tokyo', locale: 'ja', contractStart: '2026-12-01', closedDays: ['2027-01-04'] })
      .withContact('c-1', { role: 'owner' })
      .onboardedOn('2026-12-23')
      .state(program);
    const held = planTouches(state, DEC_30_10_JST, program, TIPS);
    expect(held.state.cadence.nextDueAt).toBe('2027-01-05T00:00:00.000Z');
    const open = programWith({ closedDays: [] });
    expect(planTouches(state, DEC_30_10_JST, open, TIPS).touches).toHaveLength(1);
  });

  it('refuses malformed days, too many days and a range in two forms, saying what is expected', () => {
    const base = {
      accountId: 'acc-1',
      name: 'A',
      plan: 'p',
      industry: 'i',
      employees: 10,
      timeZone: 'Asia/Tokyo',
      locale: 'ja',
      contractStart: '2026-01-05',
      touchModel: 'tech',
    };
    expect(AccountUpserted.safeParse({ ...base, closedDays: ['12-31'] }).success).toBe(true);
    const bad = AccountUpserted.safeParse({ ...base, closedDays: ['31-12'] });
    expect(bad.error?.issues[0]?.message).toMatch(/MM-DD/);
    const many = AccountUpserted.safeParse({ ...base, closedDays: Array.from({ length: 61 }, () => '01-01') });
    expect(many.error?.issues[0]?.message).toMatch(/at most 60/);
    expect(ClosedDays.safeParse({ from: '12-29', to: '2027-01-03' }).error?.issues[0]?.path).toEqual(['to']);
  });
});
