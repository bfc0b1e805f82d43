// Picking from the content catalogs: the next webinar for a contact, the closest success story for an account.
import { type SuccessStory, type Webinar, webinarSeries } from './catalogs.js';
import type { PassOverCode } from './decisions.js';
import type { Locale } from './events.js';
import type { FeatureStage, WakingHours } from './program.js';
import { DAY_MS, localParts, toMs } from './time.js';

/** Invitations go out for webinars starting within this many days; later ones wait for a later touch. */
export const WEBINAR_HORIZON_DAYS = 45;

type Picked<T> = T | { readonly reason: PassOverCode };

export interface WebinarWanted {
  readonly now: string;
  readonly locale: Locale;
  readonly stage: FeatureStage;
  /** Webinar series the contact was already invited to (a series is a webinar's own id by default). */
  readonly invited: ReadonlySet<string>;
  /** The recipient's time zone and waking hours: a live session outside them is offered only with a recording. */
  readonly timeZone: string;
  readonly wakingHours: WakingHours;
}

/** Whether the session starts within the waking hours of `timeZone` (from startHour:00 up to, not at, endHour:00). */
export function startsWhileAwake(startsAt: string, timeZone: string, hours: WakingHours): boolean {
  const hour = localParts(toMs(startsAt), timeZone).hour;
  return hour >= hours.startHour && hour < hours.endHour;
}

/**
 * The soonest upcoming webinar in the contact's locale and the account's stage, starting while the
 * contact is awake (or recorded), of a series the contact was not yet invited to.
 */
export function pickWebinar(webinars: readonly Webinar[], wanted: WebinarWanted): Picked<Webinar> {
  const nowMs = toMs(wanted.now);
  const horizonMs = nowMs + WEBINAR_HORIZON_DAYS * DAY_MS;
  const matching = webinars
    .filter((w) => w.locale === wanted.locale && w.stage === wanted.stage)
    .filter((w) => toMs(w.startsAt) > nowMs && toMs(w.startsAt) <= horizonMs)
    .filter((w) => w.recordingUrl !== undefined || startsWhileAwake(w.startsAt, wanted.timeZone, wanted.wakingHours))
    .sort((a, b) => toMs(a.startsAt) - toMs(b.startsAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (matching.length === 0) return { reason: 'no-upcoming-webinar' };
  // Invitations recorded before series existed name the session: either counts.
  return (
    matching.find((w) => !wanted.invited.has(webinarSeries(w)) && !wanted.invited.has(w.id)) ?? {
      reason: 'already-sent',
    }
  );
}

export interface StoryWanted {
  readonly locale: Locale;
  readonly industry: string;
  readonly employees: number;
  /** Story ids already sent to anyone at the account. */
  readonly told: ReadonlySet<string>;
}

function sameIndustry(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Size distance on a log scale: 50 vs 100 employees is as far as 500 vs 1,000. */
function sizeDistance(a: number, b: number): number {
  return Math.abs(Math.log(Math.max(1, a) / Math.max(1, b)));
}

/** A story in the contact's locale: same industry first, then the nearest company size, then id. */
export function pickStory(stories: readonly SuccessStory[], wanted: StoryWanted): Picked<SuccessStory> {
  const ranked = stories
    .filter((s) => s.locale === wanted.locale)
    .map((s) => ({
      s,
      industryRank: sameIndustry(s.industry, wanted.industry) ? 0 : 1,
      distance: sizeDistance(s.employees, wanted.employees),
    }))
    .sort(
      (a, b) =>
        a.industryRank - b.industryRank || a.distance - b.distance || (a.s.id < b.s.id ? -1 : a.s.id > b.s.id ? 1 : 0),
    );
  if (ranked.length === 0) return { reason: 'no-matching-story' };
  return ranked.find((r) => !wanted.told.has(r.s.id))?.s ?? { reason: 'already-sent' };
}
