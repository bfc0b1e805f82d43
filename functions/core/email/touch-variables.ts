// The values a touch's template is filled with: the recipient, the sender's footer, and what the
// touch is about, looked up in the program and catalogs the artifact was built with.
import { LIMITS, type Locale } from '../events.js';
import type { RenderInput } from '../ports.js';
import type { TouchKind } from '../program.js';
import { isSurveyScore } from '../survey-scale.js';
import type { Content } from './content.js';
import { contentIndex, type SenderValues } from './content-index.js';
import { MissingContentError } from './errors.js';
import { clip } from './escape.js';
import { figureVariables } from './figure-variables.js';
import { formatCalendarDate, formatDate, formatDateTime, formatNumber } from './format.js';
import {
  colleaguesNote,
  dropMeasureLabel,
  nextGoalNote,
  recordingNote,
  roleLabel,
  stageLabel,
  surveyWords,
} from './labels.js';
import { surveyOptOutUrl } from './unsubscribe-link.js';
import { type KindVariables, SURVEY_SCALE_POSITIONS } from './variables.js';

type AnyKindVariables = { [K in TouchKind]: KindVariables<K> }[TouchKind];

/**
 * The values in three layers, looked up in turn when a slot is filled: merging them into one object
 * per send (object spread) cost more than all the rest of a render on V8.
 */
export interface VariableLayers {
  readonly sender: SenderValues;
  readonly recipient: {
    readonly contactName: string;
    readonly accountName: string;
    readonly unsubscribeUrl: string;
    readonly csOwnerName: string;
  };
  readonly touch: Readonly<Record<string, string>>;
}

/**
 * Percent lower than before, rounded down (so a drop that met a 20 % rule never reads as more or
 * less than it was: 19.6 % is shown as 19, and such a drop never fires); 0 when usage did not fall.
 */
export function dropPercentOf(activeDays: number, previousActiveDays: number): number {
  if (previousActiveDays <= 0 || activeDays >= previousActiveDays) return 0;
  return Math.floor(((previousActiveDays - activeDays) * 100) / previousActiveDays);
}

/**
 * Every variable of the touch's kind, in layers. Throws MissingContentError when the touch is about
 * something the artifact does not hold.
 */
export function touchVariableLayers(content: Content, input: RenderInput, locale: Locale): VariableLayers {
  const index = contentIndex(content);
  const sender = index.sender[locale];
  const recipient = {
    // Names come from product events: bounded there, clipped again here so no template overflows.
    contactName: clip(input.contact.name, LIMITS.name),
    accountName: clip(input.account.name, LIMITS.name),
    unsubscribeUrl: input.unsubscribeUrl,
    // The owner signs what goes out under the owner's name; the team signs the rest.
    csOwnerName:
      input.account.csOwner === undefined ? sender.senderName : clip(input.account.csOwner.name, LIMITS.name),
  };
  const { touch, account } = input;
  // Times are shown where the reader is: the contact's own zone, else the account's.
  const timeZone = input.contact.timeZone ?? account.timeZone;
  const about = touch.content;
  // No closures here: this runs on every send, and each closure is an allocation (and a defineProperty
  // when the bundler keeps function names).
  switch (about.kind) {
    case 're-onboarding':
      return {
        sender,
        recipient,
        touch: {
          contactRole: roleLabel(input.contact.role, locale),
          accountSince: formatCalendarDate(account.contractStart, locale),
          guideUrl: content.sender[locale].guideUrl,
        },
      };
    case 're-engagement': {
      const shown = dropMeasureLabel(about.measure ?? 'active-days', locale);
      return {
        sender,
        recipient,
        touch: {
          dropMeasure: shown.measure,
          dropUnit: shown.unit,
          activeDays: formatNumber(about.activeDays30, locale),
          previousActiveDays: formatNumber(about.previousActiveDays30, locale),
          dropPercent: formatNumber(dropPercentOf(about.activeDays30, about.previousActiveDays30), locale),
        },
      };
    }
    case 'milestone-nudge': {
      const milestone = index.milestones.get(about.milestoneId);
      if (milestone === undefined)
        throw new MissingContentError(touch.touchId, about.kind, 'milestone', about.milestoneId);
      return {
        sender,
        recipient,
        touch: {
          milestoneTitle: milestone.title[locale],
          milestoneDueDate: formatDate(about.dueAt, timeZone, locale),
          milestoneLink: milestone.link ?? sender.helpUrl,
        },
      };
    }
    case 'feature-tip': {
      const feature = index.features.get(about.featureId);
      if (feature === undefined) throw new MissingContentError(touch.touchId, about.kind, 'feature', about.featureId);
      const tip = index.tips.get(about.featureId);
      if (tip === undefined) throw new MissingContentError(touch.touchId, about.kind, 'feature tip', about.featureId);
      const colleagues = about.colleaguesUsingFeature ?? 0;
      return {
        sender,
        recipient,
        touch: {
          featureTitle: tip.title[locale],
          featureTip: tip.tip[locale],
          featureStage: stageLabel(feature.stage, locale),
          featureLink: tip.link,
          colleaguesUsingFeature: formatNumber(colleagues, locale),
          colleaguesUsingNote: colleaguesNote(
            colleagues,
            formatNumber(colleagues, locale),
            recipient.accountName,
            locale,
          ),
        },
      };
    }
    case 'webinar-invite': {
      const webinar = index.webinars.get(about.webinarId);
      if (webinar === undefined) throw new MissingContentError(touch.touchId, about.kind, 'webinar', about.webinarId);
      return {
        sender,
        recipient,
        touch: {
          webinarTitle: webinar.title,
          webinarStart: formatDateTime(webinar.startsAt, timeZone, locale, webinar.durationMin),
          webinarDuration: formatNumber(webinar.durationMin, locale),
          webinarSummary: webinar.summary ?? '',
          webinarRecordingNote: webinar.recordingUrl === undefined ? '' : recordingNote(webinar.recordingUrl, locale),
          webinarUrl: webinar.registrationUrl,
        },
      };
    }
    case 'success-story': {
      const story = index.stories.get(about.storyId);
      if (story === undefined) throw new MissingContentError(touch.touchId, about.kind, 'success story', about.storyId);
      return {
        sender,
        recipient,
        touch: {
          storyCompany: story.company,
          storyTitle: story.title,
          storySummary: story.summary,
          storyEmployees: formatNumber(story.employees, locale),
          storyLink: story.link,
        },
      };
    }
    case 'value-review':
      return {
        sender,
        recipient,
        touch: {
          ...figureVariables(about.figures, index, timeZone, locale),
          renewalDate: formatCalendarDate(about.renewalDate, locale),
        },
      };
    case 'monthly-summary':
      return { sender, recipient, touch: figureVariables(about.figures, index, timeZone, locale) };
    case 'celebration': {
      const milestone = index.milestones.get(about.milestoneId);
      if (milestone === undefined)
        throw new MissingContentError(touch.touchId, about.kind, 'milestone', about.milestoneId);
      const next = about.nextMilestoneId === undefined ? undefined : index.milestones.get(about.nextMilestoneId);
      if (about.nextMilestoneId !== undefined && next === undefined)
        throw new MissingContentError(touch.touchId, about.kind, 'milestone', about.nextMilestoneId);
      const nextTitle = next === undefined ? null : next.title[locale];
      return {
        sender,
        recipient,
        touch: {
          milestoneTitle: milestone.title[locale],
          milestoneReachedDate: formatDate(about.reachedAt, timeZone, locale),
          nextGoal: nextTitle ?? '',
          nextGoalNote: nextGoalNote(nextTitle, locale),
        },
      };
    }
    case 'survey': {
      const words = surveyWords(about.survey, sender.productName, locale);
      const scale: Record<string, string> = {
        surveyQuestion: words.question,
        scaleLowLabel: words.low,
        scaleHighLabel: words.high,
        surveyOptOutUrl: surveyOptOutUrl(input.unsubscribeUrl),
      };
      const urls = input.surveyUrls ?? {};
      for (const n of SURVEY_SCALE_POSITIONS) {
        const used = isSurveyScore(about.survey, n);
        const label = used ? formatNumber(n, locale) : '';
        const url = used ? (urls[n] ?? '') : '';
        scale[`scoreLabel${n}`] = label;
        scale[`scoreUrl${n}`] = url;
        scale[`scoreText${n}`] = used ? `${label} ( ${url} )` : '';
      }
      return { sender, recipient, touch: scale };
    }
    default: {
      const never: never = about;
      return never;
    }
  }
}

/** Every variable of the touch's kind as one object (for checks and tests; a send uses the layers). */
export function touchVariables(content: Content, input: RenderInput, locale: Locale): AnyKindVariables {
  const { sender, recipient, touch } = touchVariableLayers(content, input, locale);
  return { ...sender, ...recipient, ...touch } as AnyKindVariables;
}
