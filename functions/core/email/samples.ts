// Sample recipients and touches, one per template, so CS ops (preview), the build's own render check
// and the bench fill every template with realistic values.
import type { TouchContent } from '../decisions.js';
import type { Locale } from '../events.js';
import type { RenderInput } from '../ports.js';
import { type FeatureStage, type SurveyType, TOUCH_KINDS, type TouchKind } from '../program.js';
import { surveyScores } from '../survey-scale.js';
import { addDays, toIso, toMs } from '../time.js';
import type { UsageFigures } from '../usage-figures.js';
import type { Content } from './content.js';
import { templateKey } from './content.js';

type SampleAccount = RenderInput['account'];
type SampleContact = RenderInput['contact'];

const SAMPLE_PEOPLE: Readonly<Record<Locale, { account: SampleAccount; contact: SampleContact }>> = {
  ja: {
    account: {
      accountId: 'acc-sample-ja',
      name: '株式会社みなと精機',
      plan: 'business',
      industry: 'manufacturing',
      employees: 320,
      timeZone: 'Asia/Tokyo',
      locale: 'ja',
      contractStart: '2026-09-01',
      touchModel: 'tech',
    },
    contact: { contactId: 'ct-sample-ja', name: '佐藤 美咲', email: 'misaki.sato@example.com', role: 'admin' },
  },
  en: {
    account: {
      accountId: 'acc-sample-en',
      name: 'Harbor & Pine Logistics',
      plan: 'business',
      industry: 'logistics',
      employees: 140,
      timeZone: 'America/Los_Angeles',
      locale: 'en',
      contractStart: '2026-08-17',
      touchModel: 'tech',
    },
    contact: { contactId: 'ct-sample-en', name: 'Olivia Bennett', email: 'olivia.bennett@example.com', role: 'owner' },
  },
};

export type SampleResult =
  | { readonly key: string; readonly ok: true; readonly input: RenderInput }
  | { readonly key: string; readonly ok: false; readonly problem: string };

function sampleContent(content: Content, kind: TouchKind, locale: Locale, now: string): TouchContent | string {
  switch (kind) {
    case 're-onboarding':
      return { kind };
    case 're-engagement':
      return { kind, activeDays30: 9, previousActiveDays30: 15, measure: 'active-days' };
    case 'milestone-nudge': {
      const milestone =
        content.program.milestones.find((m) => m.phase === 'adoption' && m.link !== undefined) ??
        content.program.milestones[0];
      if (milestone === undefined) return 'the program has no milestone';
      return { kind, milestoneId: milestone.id, dueAt: addDays(now, -3) };
    }
    case 'feature-tip': {
      // An advanced feature makes the livelier sample; any feature with a tip will do.
      const tips = content.catalogs.features;
      const tip = tips.find((t) => stageOf(content, t.feature) === 'advanced') ?? tips[0];
      if (tip === undefined) return 'catalogs/features.yaml has no tips';
      return { kind, featureId: tip.feature, colleaguesUsingFeature: 3 };
    }
    case 'webinar-invite': {
      const mine = content.catalogs.webinars
        .filter((w) => w.locale === locale)
        .sort((a, b) => toMs(a.startsAt) - toMs(b.startsAt));
      const webinar = mine.find((w) => toMs(w.startsAt) > toMs(now)) ?? mine[mine.length - 1];
      if (webinar === undefined) return `catalogs/webinars.yaml has no webinar in locale ${locale}`;
      return { kind, webinarId: webinar.id };
    }
    case 'success-story': {
      const industry = SAMPLE_PEOPLE[locale].account.industry;
      const mine = content.catalogs.stories.filter((s) => s.locale === locale);
      const story = mine.find((s) => s.industry === industry) ?? mine[0];
      if (story === undefined) return `catalogs/stories.yaml has no story in locale ${locale}`;
      return { kind, storyId: story.id };
    }
    case 'value-review': {
      const renewal = addDays(now, 45).slice(0, 10);
      return { kind, renewalDate: renewal, figures: sampleFigures(content, addDays(now, -320), now) };
    }
    case 'monthly-summary':
      return { kind, figures: sampleFigures(content, addDays(now, -30), now) };
    case 'celebration': {
      const adoption = content.program.milestones.filter((m) => m.phase === 'adoption');
      const reached = adoption[0];
      if (reached === undefined) return 'the program has no adoption milestone';
      const next = adoption[1];
      return {
        kind,
        milestoneId: reached.id,
        reachedAt: addDays(now, -1),
        ...(next === undefined ? {} : { nextMilestoneId: next.id }),
      };
    }
    case 'survey':
      return { kind, survey: 'nps' };
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/** Figures of a team of 24 that grew over the period, with the program's first two milestones reached in it. */
function sampleFigures(content: Content, from: string, to: string): UsageFigures {
  const span = toMs(to) - toMs(from);
  const milestones = content.program.milestones.slice(0, 2).map((m, i) => ({
    id: m.id,
    reachedAt: toIso(toMs(from) + Math.round((span * (i + 1)) / 3)),
  }));
  const stages = (['basic', 'advanced', 'new'] as const).map((stage) => {
    const total = content.program.features.filter((f) => f.stage === stage).length;
    return { stage, total, usedAtStart: Math.floor(total / 3), usedNow: Math.ceil((total * 2) / 3) };
  });
  return {
    from,
    to,
    peopleAtStart: 9,
    peopleNow: 17,
    peopleKnown: 24,
    activePeople30: 15,
    milestones,
    features: stages,
  };
}

function stageOf(content: Content, featureId: string): FeatureStage | undefined {
  return content.program.features.find((f) => f.id === featureId)?.stage;
}

/** A realistic render input for one kind and locale, or why there can be none with this content. */
export function sampleInput(content: Content, kind: TouchKind, locale: Locale, now: string): SampleResult {
  const key = templateKey(kind, locale);
  const about = sampleContent(content, kind, locale, now);
  if (typeof about === 'string') return { key, ok: false, problem: about };
  const { account, contact } = SAMPLE_PEOPLE[locale];
  return {
    key,
    ok: true,
    input: {
      touch: {
        touchId: `sample-${kind}-${locale}`,
        accountId: account.accountId,
        contactId: contact.contactId,
        kind,
        template: key,
        locale,
        content: about,
        plannedAt: now,
      },
      account,
      contact,
      unsubscribeUrl: `https://app.example.com/unsubscribe?token=sample-${locale}`,
      ...(about.kind === 'survey' ? { surveyUrls: sampleSurveyUrls(about.survey, locale) } : {}),
      now,
    },
  };
}

/** Score links as a send signs them, with a sample token (the preview's page refuses it). */
function sampleSurveyUrls(survey: SurveyType, locale: Locale): Record<number, string> {
  return Object.fromEntries(
    surveyScores(survey).map((n) => [n, `https://app.example.com/survey?t=sample-${survey}-${n}-${locale}`]),
  );
}

/** One sample per kind × locale, in kind order. */
export function sampleInputs(content: Content, now: string, locales: readonly Locale[] = ['ja', 'en']): SampleResult[] {
  return TOUCH_KINDS.flatMap((kind) => locales.map((locale) => sampleInput(content, kind, locale, now)));
}

/** What CS ops pick in the preview: the catalog entry, the sample account and the person's role. */
export interface SamplePick {
  readonly kind: TouchKind;
  readonly locale: Locale;
  /** The tip's feature id, webinar id, story id or milestone id; absent: the kind's usual sample. */
  readonly entry?: string;
  /** With the account's CS owner (the email then signs and replies as that person). */
  readonly csOwner?: boolean;
  readonly role?: SampleContact['role'];
}

/** The catalog entries the preview offers per kind: every tip, webinar and story, and each milestone. */
export function sampleEntries(content: Content, kind: TouchKind, locale: Locale): readonly string[] {
  switch (kind) {
    case 'feature-tip':
      return content.catalogs.features.map((t) => t.feature);
    case 'webinar-invite':
      return content.catalogs.webinars.filter((w) => w.locale === locale).map((w) => w.id);
    case 'success-story':
      return content.catalogs.stories.filter((s) => s.locale === locale).map((s) => s.id);
    case 'milestone-nudge':
      return content.program.milestones.map((m) => m.id);
    default:
      return [];
  }
}

const SAMPLE_OWNERS: Readonly<Record<Locale, { readonly name: string; readonly email: string }>> = {
  ja: { name: '山本 遥', email: 'haruka.yamamoto@example.com' },
  en: { name: 'Jordan Reyes', email: 'jordan.reyes@example.com' },
};

/** The email as the picked person would get it, or why it cannot be made (an entry the catalog lacks). */
export function pickedSampleInput(content: Content, pick: SamplePick, now: string): SampleResult {
  const base = sampleInput(content, pick.kind, pick.locale, now);
  if (!base.ok) return base;
  const entries = sampleEntries(content, pick.kind, pick.locale);
  if (pick.entry !== undefined && !entries.includes(pick.entry))
    return { key: base.key, ok: false, problem: `no ${pick.kind} entry "${pick.entry}" in locale ${pick.locale}` };
  const about: TouchContent = pickedContent(base.input.touch.content, pick.entry, now);
  const input = base.input;
  return {
    key: base.key,
    ok: true,
    input: {
      ...input,
      touch: { ...input.touch, content: about },
      account: pick.csOwner === true ? { ...input.account, csOwner: SAMPLE_OWNERS[pick.locale] } : input.account,
      contact: pick.role === undefined ? input.contact : { ...input.contact, role: pick.role },
    },
  };
}

function pickedContent(about: TouchContent, entry: string | undefined, now: string): TouchContent {
  if (entry === undefined) return about;
  switch (about.kind) {
    case 'feature-tip':
      return { kind: about.kind, featureId: entry };
    case 'webinar-invite':
      return { kind: about.kind, webinarId: entry };
    case 'success-story':
      return { kind: about.kind, storyId: entry };
    case 'milestone-nudge':
      return { kind: about.kind, milestoneId: entry, dueAt: addDays(now, -3) };
    default:
      return about;
  }
}
