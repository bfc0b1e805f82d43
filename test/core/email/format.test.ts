import { describe, expect, it } from 'vitest';
import {
  formatCalendarDate,
  formatDate,
  formatDateTime,
  formatNumber,
  offsetLabel,
} from '../../../functions/core/email/format.js';

describe('formatDate', () => {
  it.each([
    ['2026-11-25T03:00:00Z', 'Asia/Tokyo', 'ja', '2026年11月25日'],
    ['2026-11-25T03:00:00Z', 'Asia/Tokyo', 'en', 'November 25, 2026'],
    // 16:00 UTC is already the next day in Tokyo and still the same day in Los Angeles.
    ['2026-11-24T16:00:00Z', 'Asia/Tokyo', 'ja', '2026年11月25日'],
    ['2026-11-24T16:00:00Z', 'America/Los_Angeles', 'en', 'November 24, 2026'],
  ] as const)('shows %s in %s (%s) as %s', (iso, tz, locale, expected) => {
    expect(formatDate(iso, tz, locale)).toBe(expected);
  });

  it('adds the weekday when asked', () => {
    expect(formatDate('2026-11-25T03:00:00Z', 'Asia/Tokyo', 'ja', { weekday: true })).toBe('2026年11月25日（水）');
    expect(formatDate('2026-11-25T03:00:00Z', 'Asia/Tokyo', 'en', { weekday: true })).toBe(
      'Wednesday, November 25, 2026',
    );
  });

  it('formats a calendar date without shifting it by a zone', () => {
    expect(formatCalendarDate('2026-01-01', 'ja')).toBe('2026年1月1日');
    expect(formatCalendarDate('2026-12-31', 'en')).toBe('December 31, 2026');
  });
});

describe('formatDateTime', () => {
  it('shows a Tokyo webinar in Japanese with 日本時間 and its end time', () => {
    expect(formatDateTime('2026-12-09T06:00:00Z', 'Asia/Tokyo', 'ja', 45)).toBe(
      '2026年12月9日（水）15:00〜15:45（日本時間）',
    );
  });

  it('shows the same webinar to an English reader in New York in their zone, with its offset', () => {
    expect(formatDateTime('2026-12-09T06:00:00Z', 'America/New_York', 'en', 60)).toBe(
      'Wednesday, December 9, 2026, 1:00 AM–2:00 AM (GMT-5)',
    );
  });

  it('names the offset for a Japanese reader outside Japan', () => {
    expect(formatDateTime('2027-04-15T17:00:00Z', 'America/Los_Angeles', 'ja')).toBe(
      '2027年4月15日（木）10:00（GMT-7）',
    );
  });
});

describe('offsetLabel', () => {
  it.each([
    ['Asia/Tokyo', 'GMT+9'],
    ['Asia/Kolkata', 'GMT+5:30'],
    ['UTC', 'GMT'],
    ['America/Los_Angeles', 'GMT-8'],
  ])('labels %s as %s in winter', (tz, label) => {
    expect(offsetLabel(Date.parse('2026-12-01T12:00:00Z'), tz)).toBe(label);
  });
});

describe('formatNumber', () => {
  it('groups digits in both locales', () => {
    expect(formatNumber(1200, 'ja')).toBe('1,200');
    expect(formatNumber(1234567, 'en')).toBe('1,234,567');
    expect(formatNumber(2.25, 'en')).toBe('2.3');
  });
});
