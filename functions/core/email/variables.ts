// What each touch kind's template may use: one zod schema per kind. The build rejects a template
// using a name its kind's schema lacks; the renderer parses the values against the same schema.
import { z } from 'zod';
import { TOUCH_KINDS, type TouchKind } from '../program.js';

/** Shown text: any characters (they are escaped per part), bounded so nothing explodes. */
const Shown = z.string().max(4000, 'must be at most 4000 characters');
const LINK_PATTERN = /^https?:\/\/[^\s"'<>\\]+$/;
/** A link target. http is allowed for local runs (the unsubscribe page on 127.0.0.1). */
const Link = z
  .string()
  .max(2048, 'must be at most 2048 characters')
  .regex(LINK_PATTERN, 'must be an http(s) URL without spaces or quotes');

/** The same rule as a plain test, for the one value a send gets from outside the artifact. */
export function isLink(value: string): boolean {
  return value.length <= 2048 && LINK_PATTERN.test(value);
}

/** Every kind provides these: who the email is for, who sends it, and the way out. */
export const CommonVariables = z.strictObject({
  contactName: Shown,
  accountName: Shown,
  productName: Shown,
  senderName: Shown,
  senderCompany: Shown,
  senderAddress: Shown,
  senderEmail: Shown,
  /** Email, and the phone line when there is one, as one line. */
  senderContact: Shown,
  /** Who signs the email: the account's CS owner when it has one, else the team (`senderName`). */
  csOwnerName: Shown,
  appUrl: Link,
  helpUrl: Link,
  unsubscribeUrl: Link,
});
export type CommonVariables = z.infer<typeof CommonVariables>;

export const ReOnboardingVariables = CommonVariables.extend({
  /** The contact's role, in the locale (管理者, Admin, ...). */
  contactRole: Shown,
  /** Since when the account has used the product (contract start), formatted in the locale. */
  accountSince: Shown,
  guideUrl: Link,
});

export const ReEngagementVariables = CommonVariables.extend({
  /**
   * What the figures count, in the locale: days with any activity, or person-days when the drop was
   * seen there (ご利用日数, Days with activity, ...).
   */
  dropMeasure: Shown,
  /** The unit after each figure (日 / 人日, days / person-days). */
  dropUnit: Shown,
  /** The measure that showed the drop, in the last 30 days, formatted. */
  activeDays: Shown,
  /** The same, for the 30 days before. */
  previousActiveDays: Shown,
  /** How much lower, in percent, rounded down, formatted without the sign (e.g. `35`). */
  dropPercent: Shown,
});

export const MilestoneNudgeVariables = CommonVariables.extend({
  milestoneTitle: Shown,
  /** The date it was due, in the account's time zone and the locale (2026年11月25日). */
  milestoneDueDate: Shown,
  milestoneLink: Link,
});

export const FeatureTipVariables = CommonVariables.extend({
  featureTitle: Shown,
  featureTip: Shown,
  /** The feature's stage, in the locale (基本機能, Advanced feature, ...). */
  featureStage: Shown,
  featureLink: Link,
  /** How many other people at the account already use the feature, formatted (`3`; `0` when none). */
  colleaguesUsingFeature: Shown,
  /**
   * The same as one sentence in the locale ("3 people at Acme already use it."), empty when nobody
   * does yet: the templates have no conditions, so this is the way to say it only when it is true.
   */
  colleaguesUsingNote: Shown,
});

export const WebinarInviteVariables = CommonVariables.extend({
  webinarTitle: Shown,
  /** Start date and time in the recipient's time zone and locale, with the zone named. */
  webinarStart: Shown,
  /** Length in minutes, formatted. */
  webinarDuration: Shown,
  /** The webinar's summary; empty when the catalog has none. */
  webinarSummary: Shown,
  /** A sentence with the recording's link when the catalog has one; empty otherwise. */
  webinarRecordingNote: Shown,
  webinarUrl: Link,
});

export const SuccessStoryVariables = CommonVariables.extend({
  storyCompany: Shown,
  storyTitle: Shown,
  storySummary: Shown,
  /** The company's head count, formatted (1,200). */
  storyEmployees: Shown,
  storyLink: Link,
});

/** A bar's share of its row, a whole percent (`0` to `100`), for a table cell's `width`. */
const Percent = z.string().regex(/^(?:100|[1-9]?[0-9])$/, 'must be a whole percent from 0 to 100');

/**
 * The account's figures over a period (the term for the value review, the last 30 days for the
 * monthly summary), each bar as two cells: `…Bar` filled and `…Rest` empty, adding up to 100.
 */
const FigureVariables = CommonVariables.extend({
  /** The period's first and last day, in the recipient's time zone and locale. */
  periodStart: Shown,
  periodEnd: Shown,
  /** People who had used a feature by the period's start, and by now, formatted. */
  peopleAtStart: Shown,
  peopleNow: Shown,
  /** The change between the two, signed (`+3`, `-1`, `±0`). */
  peopleTrend: Shown,
  /** People active in the last 30 days, formatted. */
  activePeople: Shown,
  /** The people bars, measured against everyone known at the account. */
  peopleAtStartBar: Percent,
  peopleAtStartRest: Percent,
  peopleNowBar: Percent,
  peopleNowRest: Percent,
  /** Features of each stage in use now, as `used / total`, at the period's start the same, and the bar. */
  basicFeatures: Shown,
  basicFeaturesAtStart: Shown,
  basicBar: Percent,
  basicRest: Percent,
  advancedFeatures: Shown,
  advancedFeaturesAtStart: Shown,
  advancedBar: Percent,
  advancedRest: Percent,
  newFeatures: Shown,
  newFeaturesAtStart: Shown,
  newBar: Percent,
  newRest: Percent,
  /** The milestones reached in the period with their dates, as one line; a sentence when none. */
  milestonesReached: Shown,
});

export const ValueReviewVariables = FigureVariables.extend({
  /** The renewal date, in the locale. */
  renewalDate: Shown,
});

export const MonthlySummaryVariables = FigureVariables;

export const CelebrationVariables = CommonVariables.extend({
  milestoneTitle: Shown,
  /** When it was reached, in the recipient's time zone and locale. */
  milestoneReachedDate: Shown,
  /** The next milestone's title; empty when every one is reached. */
  nextGoal: Shown,
  /** "Next: <title>" as a sentence in the locale, or a sentence saying every milestone is reached. */
  nextGoalNote: Shown,
});

/** The positions of the survey scale in a template: 0 to 10 (NPS uses all, CSAT 1 to 5). */
export const SURVEY_SCALE_POSITIONS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

/** A score's link, or empty at a position the survey's scale does not use (CSAT's 0 and 6 to 10). */
const ScoreLink = z.union([z.literal(''), Link]);

const scaleShape = Object.fromEntries(
  SURVEY_SCALE_POSITIONS.flatMap((n) => [
    [`scoreLabel${n}`, Shown],
    [`scoreUrl${n}`, ScoreLink],
    [`scoreText${n}`, Shown],
  ]),
) as Record<`score${'Label' | 'Url' | 'Text'}${(typeof SURVEY_SCALE_POSITIONS)[number]}`, typeof Shown>;

export const SurveyVariables = CommonVariables.extend({
  /** The question, in the locale: NPS's "how likely to recommend", CSAT's "how satisfied". */
  surveyQuestion: Shown,
  /** What the lowest and the highest score mean, in the locale. */
  scaleLowLabel: Shown,
  scaleHighLabel: Shown,
  /**
   * The "stop surveys" link: the unsubscribe page at its survey choice (the same signed token as
   * `unsubscribeUrl`). The build requires every survey template to link it (check-survey-opt-out.ts).
   */
  surveyOptOutUrl: Link,
  /**
   * `scoreLabel0`…`scoreLabel10`, `scoreUrl0`…`scoreUrl10`: each score shown and its link (a signed
   * token naming the score; opening it records nothing); `scoreText0`…`scoreText10`: the same as one
   * line of the plain-text part (`7 ( https://… )`). Empty at a position the scale does not use, so
   * one template shows NPS 0–10 and CSAT 1–5 alike.
   */
  ...scaleShape,
});

export const KIND_VARIABLES = {
  're-onboarding': ReOnboardingVariables,
  're-engagement': ReEngagementVariables,
  'milestone-nudge': MilestoneNudgeVariables,
  'feature-tip': FeatureTipVariables,
  'webinar-invite': WebinarInviteVariables,
  'success-story': SuccessStoryVariables,
  'value-review': ValueReviewVariables,
  'monthly-summary': MonthlySummaryVariables,
  celebration: CelebrationVariables,
  survey: SurveyVariables,
} as const satisfies Record<TouchKind, z.ZodObject>;

export type KindVariables<K extends TouchKind> = z.infer<(typeof KIND_VARIABLES)[K]>;

/** Names a template of this kind may use, sorted. */
export function variableNamesOf(kind: TouchKind): readonly string[] {
  return Object.keys(KIND_VARIABLES[kind].shape).sort();
}

/** Names every kind provides: all a shared layout partial may use. */
export function commonVariableNames(): readonly string[] {
  return TOUCH_KINDS.reduce<readonly string[]>(
    (acc, kind) => acc.filter((n) => variableNamesOf(kind).includes(n)),
    variableNamesOf(TOUCH_KINDS[0]),
  );
}
