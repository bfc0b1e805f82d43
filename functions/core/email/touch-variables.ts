// The values a touch's template is filled with: the recipient, the sender's footer, and what the
// touch is about, looked up in the program and catalogs the artifact was built with.
import { LIMITS, type Locale } from '../events.js';
import type { RenderInput } from '../ports.js';
import type { TouchKind } from '../program.js';
import type { Content } from './content.js';
import { contentIndex, type ContentIndex } from './content-index.js';
import { MissingContentError } from './errors.js';
import { clip } from './escape.js';
import { formatCalendarDate, formatDate, formatDateTime, formatNumber } from './format.js';
import { roleLabel, stageLabel } from './labels.js';
import type { CommonVariables, KindVariables } from './variables.js';

type AnyKindVariables = { [K in TouchKind]: KindVariables<K> }[TouchKind];

function commonVariables(index: ContentIndex, input: RenderInput, locale: Locale): CommonVariables {
  return {
    ...index.sender[locale],
    // Names come from product events: bounded there, clipped again here so no template overflows.
    contactName: clip(input.contact.name, LIMITS.name),
    accountName: clip(input.account.name, LIMITS.name),
    unsubscribeUrl: input.unsubscribeUrl,
  };
}

/** Percent lower than before, rounded; 0 when there was nothing before or usage rose. */
export function dropPercentOf(activeDays: number, previousActiveDays: number): number {
  if (previousActiveDays <= 0 || activeDays >= previousActiveDays) return 0;
  return Math.round(((previousActiveDays - activeDays) / previousActiveDays) * 100);
}

/**
 * Every variable of the touch's kind. Throws MissingContentError when the touch is about something
 * the artifact does not hold.
 */
export function touchVariables(content: Content, input: RenderInput, locale: Locale): AnyKindVariables {
  const index = contentIndex(content);
  const common = commonVariables(index, input, locale);
  const { touch, account } = input;
  const about = touch.content;
  const missing = (item: ConstructorParameters<typeof MissingContentError>[2], id: string) =>
    new MissingContentError(touch.touchId, about.kind, item, id);
  switch (about.kind) {
    case 're-onboarding':
      return {
        ...common,
        contactRole: roleLabel(input.contact.role, locale),
        accountSince: formatCalendarDate(account.contractStart, locale),
        guideUrl: content.sender[locale].guideUrl,
      };
    case 're-engagement':
      return {
        ...common,
        activeDays: formatNumber(about.activeDays30, locale),
        previousActiveDays: formatNumber(about.previousActiveDays30, locale),
        dropPercent: formatNumber(dropPercentOf(about.activeDays30, about.previousActiveDays30), locale),
      };
    case 'milestone-nudge': {
      const milestone = index.milestones.get(about.milestoneId);
      if (milestone === undefined) throw missing('milestone', about.milestoneId);
      return {
        ...common,
        milestoneTitle: milestone.title[locale],
        milestoneDueDate: formatDate(about.dueAt, account.timeZone, locale),
        milestoneLink: milestone.link ?? common.helpUrl,
      };
    }
    case 'feature-tip': {
      const feature = index.features.get(about.featureId);
      if (feature === undefined) throw missing('feature', about.featureId);
      const tip = index.tips.get(about.featureId);
      if (tip === undefined) throw missing('feature tip', about.featureId);
      return {
        ...common,
        featureTitle: tip.title[locale],
        featureTip: tip.tip[locale],
        featureStage: stageLabel(feature.stage, locale),
        featureLink: tip.link,
      };
    }
    case 'webinar-invite': {
      const webinar = index.webinars.get(about.webinarId);
      if (webinar === undefined) throw missing('webinar', about.webinarId);
      return {
        ...common,
        webinarTitle: webinar.title,
        webinarStart: formatDateTime(webinar.startsAt, account.timeZone, locale, webinar.durationMin),
        webinarDuration: formatNumber(webinar.durationMin, locale),
        webinarSummary: webinar.summary ?? '',
        webinarUrl: webinar.registrationUrl,
      };
    }
    case 'success-story': {
      const story = index.stories.get(about.storyId);
      if (story === undefined) throw missing('success story', about.storyId);
      return {
        ...common,
        storyCompany: story.company,
        storyTitle: story.title,
        storySummary: story.summary,
        storyEmployees: formatNumber(story.employees, locale),
        storyLink: story.link,
      };
    }
    default: {
      const never: never = about;
      return never;
    }
  }
}
