// Webinar invitations: live sessions only while the reader is awake, once per series.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Webinar } from '../../functions/core/catalogs.js';
import { pickWebinar } from '../../functions/core/content-catalog.js';
import { chooseContent } from '../../functions/core/content-choice.js';
import { DEFAULT_WAKING_HOURS } from '../../functions/core/program.js';
import type { ContactState } from '../../functions/core/state.js';
import { anAccount, defaultProgram } from '../fixtures/builders.js';

const NOW = '2026-12-01T00:00:00.000Z';
const ZONES = ['Asia/Tokyo', 'Europe/London', 'America/Los_Angeles', 'Australia/Sydney', 'UTC'] as const;

/** The local hour in `timeZone`, read with Intl directly (not with the code under test). */
function hourIn(iso: string, timeZone: string): number {
  const hour = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
  return Number(hour);
}

const webinar = (id: string, startsAt: string, extra: Partial<Webinar> = {}): Webinar => ({
  id,
  title: id,
  startsAt,
  durationMin: 60,
  stage: 'basic',
  locale: 'en',
  registrationUrl: 'https://events.example.com/r',
  ...extra,
});

const webinars = fc.array(
  fc.record({
    hoursAhead: fc.integer({ min: 1, max: 40 * 24 }),
    recorded: fc.boolean(),
    series: fc.constantFrom(undefined, 's-1', 's-2'),
  }),
  { maxLength: 8 },
);

describe('pickWebinar', () => {
  it('never offers a live session outside the waking hours of the recipient zone, unless it is recorded', () => {
    fc.assert(
      fc.property(
        webinars,
        fc.constantFrom(...ZONES),
        fc.subarray(['s-1', 's-2', 'w-0', 'w-1']),
        (list, zone, invited) => {
          const catalog = list.map((w, i) =>
            webinar(`w-${i}`, new Date(Date.parse(NOW) + w.hoursAhead * 3_600_000).toISOString(), {
              ...(w.series === undefined ? {} : { series: w.series }),
              ...(w.recorded ? { recordingUrl: 'https://events.example.com/rec' } : {}),
            }),
          );
          const pick = pickWebinar(catalog, {
            now: NOW,
            locale: 'en',
            stage: 'basic',
            invited: new Set(invited),
            timeZone: zone,
            wakingHours: DEFAULT_WAKING_HOURS,
          });
          if ('reason' in pick) return;
          const hour = hourIn(pick.startsAt, zone);
          expect(pick.recordingUrl !== undefined || (hour >= 8 && hour < 21)).toBe(true);
          expect(invited).not.toContain(pick.series ?? pick.id);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('skips a session at 03:00 for the reader and offers the recorded one', () => {
    // 10:00 in Los Angeles is 03:00 the next day in Tokyo.
    const live = webinar('w-live', '2026-12-10T18:00:00.000Z');
    const recorded = webinar('w-rec', '2026-12-11T18:00:00.000Z', { recordingUrl: 'https://events.example.com/rec' });
    const wanted = {
      now: NOW,
      locale: 'en' as const,
      stage: 'basic' as const,
      invited: new Set<string>(),
      wakingHours: DEFAULT_WAKING_HOURS,
    };
    expect(pickWebinar([live, recorded], { ...wanted, timeZone: 'Asia/Tokyo' })).toBe(recorded);
    expect(pickWebinar([live, recorded], { ...wanted, timeZone: 'America/Los_Angeles' })).toBe(live);
    expect(pickWebinar([live], { ...wanted, timeZone: 'Asia/Tokyo' })).toEqual({ reason: 'no-upcoming-webinar' });
  });
});

describe('webinar invitations in the content choice', () => {
  const program = defaultProgram();

  function stateWith(timeZone?: string) {
    const b = anAccount('acc-1')
      .withProfile({ timeZone: 'Asia/Tokyo', locale: 'en' })
      .withContact('c-1', { role: 'member', ...(timeZone === undefined ? {} : { timeZone }) })
      .onboardedOn('2026-11-02');
    for (const f of program.features) b.withUsage('c-1', f.action, '2026-11-03T01:00:00Z');
    return b.state(program);
  }

  it("follows the contact's zone, and counts a series once", () => {
    const catalogs = {
      features: [],
      stories: [],
      webinars: [
        webinar('intro-dec', '2026-12-10T18:00:00.000Z', { series: 'intro', stage: 'new' }),
        webinar('intro-jan', '2027-01-05T01:00:00.000Z', { series: 'intro', stage: 'new' }),
      ],
    };
    const choose = (state: ReturnType<typeof stateWith>) =>
      chooseContent({
        state,
        contact: state.contacts['c-1'] as ContactState,
        locale: 'en',
        now: NOW,
        program,
        catalogs,
        health: {
          at: NOW,
          score: 90,
          atRisk: false,
          usageDrop: false,
          dauMau: 0.5,
          activeDays30: 20,
          previousActiveDays30: 20,
        },
      });
    // 18:00 UTC is 03:00 in Tokyo and 10:00 in Los Angeles: Tokyo gets the January session (10:00 JST).
    expect(choose(stateWith()).chosen).toEqual({
      content: { kind: 'webinar-invite', webinarId: 'intro-jan' },
      subject: 'intro',
    });
    const inLa = stateWith('America/Los_Angeles');
    const chosen = choose(inLa).chosen;
    expect(chosen).toEqual({ content: { kind: 'webinar-invite', webinarId: 'intro-dec' }, subject: 'intro' });
    const invited = {
      ...inLa,
      contacts: {
        'c-1': {
          ...(inLa.contacts['c-1'] as ContactState),
          touches: [{ touchId: 't', kind: 'webinar-invite' as const, subject: 'intro', at: NOW }],
        },
      },
    };
    const again = choose(invited);
    expect(again.chosen?.content.kind).not.toBe('webinar-invite');
    expect(again.passedOver.find((p) => p.kind === 'webinar-invite')?.reason).toBe('already-sent');
  });
});
