import { afterEach, describe, expect, it } from 'vitest';
import { SendWindow } from '../../functions/core/program.js';
import { checkSendWindow, isInsideWindow, nextDayOpening, nextWindowStart } from '../../functions/core/send-window.js';

const DEFAULT = SendWindow.parse({});
const TOKYO = 'Asia/Tokyo';
const NEW_YORK = 'America/New_York';

describe('send window in Asia/Tokyo (09:00–18:00 JST, business days)', () => {
  it.each([
    ['opens at 09:00 local', '2026-11-02T00:00:00Z', { kind: 'open' }],
    ['is still open at 17:59 local', '2026-11-02T08:59:00Z', { kind: 'open' }],
    [
      'is closed at 08:59 local and opens at 09:00 the same day',
      '2026-11-01T23:59:00Z',
      { kind: 'outside-window', nextWindowAt: '2026-11-02T00:00:00.000Z' },
    ],
    [
      'closes at 18:00 local and reopens the next business day',
      '2026-11-04T09:00:00Z',
      { kind: 'outside-window', nextWindowAt: '2026-11-05T00:00:00.000Z' },
    ],
    [
      'after a Friday evening reopens on Monday',
      '2026-11-06T10:00:00Z',
      { kind: 'outside-window', nextWindowAt: '2026-11-09T00:00:00.000Z' },
    ],
    [
      'is closed on Saturday',
      '2026-11-07T02:00:00Z',
      { kind: 'outside-window', nextWindowAt: '2026-11-09T00:00:00.000Z' },
    ],
    [
      'is closed on Culture Day (2026-11-03) at noon',
      '2026-11-03T03:00:00Z',
      { kind: 'holiday', nextWindowAt: '2026-11-04T00:00:00.000Z' },
    ],
    // 03:00 JST on the holiday is still 2026-11-02 in UTC: the check must use the local date.
    [
      'knows Culture Day at 03:00 JST, while UTC still says Monday',
      '2026-11-02T18:00:00Z',
      { kind: 'holiday', nextWindowAt: '2026-11-04T00:00:00.000Z' },
    ],
    [
      'skips Culture Day when Monday evening closes',
      '2026-11-02T09:30:00Z',
      { kind: 'outside-window', nextWindowAt: '2026-11-04T00:00:00.000Z' },
    ],
    [
      "is closed on New Year's Day 2027 and reopens Monday 4 January",
      '2027-01-01T01:00:00Z',
      { kind: 'holiday', nextWindowAt: '2027-01-04T00:00:00.000Z' },
    ],
    [
      'crosses Golden Week 2026 from Friday 1 May to Thursday 7 May',
      '2026-05-01T10:00:00Z',
      { kind: 'outside-window', nextWindowAt: '2026-05-07T00:00:00.000Z' },
    ],
  ])('%s', (_name, now, expected) => {
    expect(checkSendWindow(now, TOKYO, DEFAULT)).toEqual(expected);
  });
});

describe('send window in America/New_York, across daylight saving time', () => {
  it.each([
    ['opens at 09:00 EST (14:00 UTC) in winter', '2026-01-05T14:00:00Z', { kind: 'open' }],
    [
      'is closed at 08:59 EST',
      '2026-01-05T13:59:00Z',
      { kind: 'outside-window', nextWindowAt: '2026-01-05T14:00:00.000Z' },
    ],
    ['opens at 09:00 EDT (13:00 UTC) in summer', '2026-07-06T13:00:00Z', { kind: 'open' }],
    [
      'moves the Monday start an hour earlier in UTC over the spring-forward weekend',
      '2026-03-06T23:00:00Z',
      { kind: 'outside-window', nextWindowAt: '2026-03-09T13:00:00.000Z' },
    ],
    [
      'moves the Monday start an hour later in UTC over the fall-back weekend',
      '2026-10-30T22:00:00Z',
      { kind: 'outside-window', nextWindowAt: '2026-11-02T14:00:00.000Z' },
    ],
    [
      'ignores Japanese holidays outside Asia/Tokyo (Culture Day is a Tuesday like any other)',
      '2026-11-03T15:00:00Z',
      { kind: 'open' },
    ],
    [
      'ignores Japanese holidays on New Year 2027 too (not a business-day rule there)',
      '2027-01-01T15:00:00Z',
      { kind: 'open' },
    ],
  ])('%s', (_name, now, expected) => {
    expect(checkSendWindow(now, NEW_YORK, DEFAULT)).toEqual(expected);
  });
});

describe('the next sending day opening (the daily check)', () => {
  it.each([
    [
      'is the next morning on a weekday, whatever the hour of the last look',
      '2026-11-04T08:59:00Z',
      '2026-11-05T00:00:00.000Z',
    ],
    [
      "counts a look at 00:30 JST, before the window opened, as that day's",
      '2026-11-04T15:30:00Z',
      '2026-11-06T00:00:00.000Z',
    ],
    ['is Monday after a Friday', '2026-11-06T01:00:00Z', '2026-11-09T00:00:00.000Z'],
    ['skips Culture Day in Asia/Tokyo', '2026-11-02T03:00:00Z', '2026-11-04T00:00:00.000Z'],
    ['crosses Golden Week 2026', '2026-05-01T03:00:00Z', '2026-05-07T00:00:00.000Z'],
  ])('%s', (_name, from, expected) => {
    expect(nextDayOpening(from, TOKYO, DEFAULT)).toBe(expected);
  });

  it('follows the local day in New York across the fall-back weekend', () => {
    expect(nextDayOpening('2026-10-30T16:00:00Z', NEW_YORK, DEFAULT)).toBe('2026-11-02T14:00:00.000Z');
  });

  it('is the next calendar day when businessDaysOnly is off', () => {
    const always = SendWindow.parse({ businessDaysOnly: false });
    expect(nextDayOpening('2026-11-06T01:00:00Z', TOKYO, always)).toBe('2026-11-07T00:00:00.000Z');
  });

  it('gives the same answers asked again (memoised, never stale)', () => {
    const first = [
      nextDayOpening('2026-11-06T01:00:00Z', TOKYO, DEFAULT),
      nextWindowStart('2026-11-06T10:00:00Z', TOKYO, DEFAULT),
    ];
    expect([
      nextDayOpening('2026-11-06T01:00:00Z', TOKYO, DEFAULT),
      nextWindowStart('2026-11-06T10:00:00Z', TOKYO, DEFAULT),
    ]).toEqual(first);
    expect(nextWindowStart('2026-11-06T10:00:00Z', TOKYO, SendWindow.parse({ businessDaysOnly: false }))).toBe(
      '2026-11-07T00:00:00.000Z',
    );
  });
});

describe('send window options', () => {
  it('sends on weekends and holidays when businessDaysOnly is off', () => {
    const always = SendWindow.parse({ businessDaysOnly: false });
    expect(isInsideWindow('2026-11-03T03:00:00Z', TOKYO, always)).toBe(true);
    expect(isInsideWindow('2026-11-07T03:00:00Z', TOKYO, always)).toBe(true);
  });

  it('keeps a window that ends at midnight open until 23:59 local', () => {
    const late = SendWindow.parse({ startHour: 20, endHour: 24 });
    expect(isInsideWindow('2026-11-04T14:59:00Z', TOKYO, late)).toBe(true);
    expect(nextWindowStart('2026-11-04T15:00:00Z', TOKYO, late)).toBe('2026-11-05T11:00:00.000Z');
  });

  it('answers now itself when already inside the window', () => {
    expect(nextWindowStart('2026-11-04T01:23:00.000Z', TOKYO, DEFAULT)).toBe('2026-11-04T01:23:00.000Z');
  });

  describe('whatever the time zone of the process', () => {
    const original = process.env.TZ;
    afterEach(() => {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    });

    it.each(['UTC', 'America/Los_Angeles', 'Asia/Tokyo'])(
      'holds the Japanese holiday on the JST date when the process runs in %s',
      (tz) => {
        process.env.TZ = tz;
        // 2027-03-21 is Vernal Equinox Day (a Sunday), so 2027-03-22 is its substitute holiday.
        expect(checkSendWindow('2027-03-22T00:30:00Z', TOKYO, DEFAULT)).toEqual({
          kind: 'holiday',
          nextWindowAt: '2027-03-23T00:00:00.000Z',
        });
        expect(checkSendWindow('2027-03-21T23:30:00Z', TOKYO, DEFAULT).kind).toBe('holiday');
      },
    );
  });
});
