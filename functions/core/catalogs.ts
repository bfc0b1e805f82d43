// Content catalogs CS ops keep in templates/catalogs/*.yaml: feature tips, webinars, success stories.
import { z } from 'zod';
import { Id, Instant, Locale, Text } from './events.js';
import { FeatureStage, LocalizedText } from './program.js';

const HttpsUrl = z.url({ protocol: /^https$/, message: 'must be an https URL' });

/** Tip copy for one feature of the program (keyed by the program's feature id). */
export const FeatureTip = z.strictObject({
  feature: Id,
  title: LocalizedText,
  tip: z.strictObject({ ja: Text(600), en: Text(600) }),
  link: HttpsUrl,
});
export type FeatureTip = z.infer<typeof FeatureTip>;

export const Webinar = z.strictObject({
  id: Id,
  title: Text(200),
  /** Start time with its zone, e.g. 2026-12-10T15:00:00+09:00. */
  startsAt: Instant,
  durationMin: z.number().int().min(10).max(480).default(60),
  /** The feature stage the webinar serves: invite accounts whose next stage matches. */
  stage: FeatureStage,
  locale: Locale,
  registrationUrl: HttpsUrl,
  summary: Text(600).optional(),
  /**
   * The series the session belongs to (the same introduction held every few months): a contact is
   * invited once per series. Default: the webinar's own id.
   */
  series: Id.optional(),
  /** Where the recording is (or will be): the session is then offered even when it is at night where the reader is. */
  recordingUrl: HttpsUrl.optional(),
});
export type Webinar = z.infer<typeof Webinar>;

/** The series a webinar belongs to: what the never-twice rule counts. */
export function webinarSeries(webinar: Pick<Webinar, 'id' | 'series'>): string {
  return webinar.series ?? webinar.id;
}

export const SuccessStory = z.strictObject({
  id: Id,
  company: Text(200),
  industry: Text(64),
  employees: z.number().int().min(1),
  locale: Locale,
  title: Text(200),
  summary: Text(800),
  link: HttpsUrl,
});
export type SuccessStory = z.infer<typeof SuccessStory>;

export const Catalogs = z.strictObject({
  features: z.array(FeatureTip).default([]),
  webinars: z.array(Webinar).default([]),
  stories: z.array(SuccessStory).default([]),
});
export type Catalogs = z.infer<typeof Catalogs>;

export const EMPTY_CATALOGS: Catalogs = { features: [], webinars: [], stories: [] };
