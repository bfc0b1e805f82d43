import { afterEach, describe, expect, it } from 'vitest';
import { isJapaneseHoliday, observesJapaneseHolidays } from '../../functions/core/holidays.js';

describe('isJapaneseHoliday', () => {
  it.each([
    ['2026-11-03', true, 'Culture Day'],
    ['2027-01-01', true, "New Year's Day"],
    ['2026-05-06', true, 'substitute holiday for Constitution Day falling on a Sunday'],
    ['2026-01-12', true, 'Coming of Age Day (second Monday of January)'],
    ['2026-11-02', false, 'the Monday before Culture Day'],
    ['2026-11-04', false, 'the Wednesday after Culture Day'],
    ['2027-01-04', false, 'the first Monday of the year (a bank break, not a public holiday)'],
  ])('answers %s → %s (%s)', (date, expected) => {
    expect(isJapaneseHoliday(date)).toBe(expected);
  });

  describe('whatever the time zone of the process', () => {
    const original = process.env.TZ;
    afterEach(() => {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    });

    // Distinct dates per zone: answers are memoised by date, so reusing one date would test the cache.
    it.each([
      ['UTC', '2026-02-11', '2026-02-10'],
      ['Asia/Tokyo', '2026-02-23', '2026-02-24'],
      ['America/Los_Angeles', '2026-04-29', '2026-04-28'],
      ['Pacific/Kiritimati', '2026-07-20', '2026-07-21'],
      ['Pacific/Pago_Pago', '2026-09-21', '2026-09-24'],
    ])('in %s, names %s a holiday and %s not', (tz, holiday, workday) => {
      process.env.TZ = tz;
      expect(isJapaneseHoliday(holiday)).toBe(true);
      expect(isJapaneseHoliday(workday)).toBe(false);
    });
  });
});

describe('observesJapaneseHolidays', () => {
  it.each([
    ['Asia/Tokyo', true],
    ['America/New_York', false],
    ['UTC', false],
  ])('%s → %s', (tz, expected) => {
    expect(observesJapaneseHolidays(tz)).toBe(expected);
  });
});
