// Lookups a send needs from the artifact, built once per artifact (the sender loads one per container)
// instead of searching arrays on every render.
import type { FeatureTip, SuccessStory, Webinar } from '../catalogs.js';
import type { Locale } from '../events.js';
import type { Feature, Milestone } from '../program.js';
import type { Content } from './content.js';

/** The sender's footer and links as template values, per locale. */
export interface SenderValues {
  readonly productName: string;
  readonly senderName: string;
  readonly senderCompany: string;
  readonly senderAddress: string;
  readonly senderEmail: string;
  readonly senderContact: string;
  readonly appUrl: string;
  readonly helpUrl: string;
}

export interface ContentIndex {
  readonly milestones: ReadonlyMap<string, Milestone>;
  readonly features: ReadonlyMap<string, Feature>;
  readonly tips: ReadonlyMap<string, FeatureTip>;
  readonly webinars: ReadonlyMap<string, Webinar>;
  readonly stories: ReadonlyMap<string, SuccessStory>;
  readonly sender: Readonly<Record<Locale, SenderValues>>;
}

function senderValues(content: Content, locale: Locale): SenderValues {
  const s = content.sender[locale];
  return {
    productName: s.productName,
    senderName: s.name,
    senderCompany: s.company,
    senderAddress: s.postalAddress,
    senderEmail: s.contactEmail,
    senderContact: s.contactPhone === undefined ? s.contactEmail : `${s.contactEmail} / ${s.contactPhone}`,
    appUrl: s.appUrl,
    helpUrl: s.helpUrl,
  };
}

// Keyed by the artifact object itself: a new artifact gets a new index, an old one is collected with it.
const indexes = new WeakMap<Content, ContentIndex>();

export function contentIndex(content: Content): ContentIndex {
  let index = indexes.get(content);
  if (index === undefined) {
    index = {
      // The build holds a shared id to one meaning across programs, so the first definition serves all.
      milestones: new Map(content.programs.flatMap((p) => p.milestones.map((m) => [m.id, m] as const)).reverse()),
      features: new Map(content.programs.flatMap((p) => p.features.map((f) => [f.id, f] as const)).reverse()),
      tips: new Map(content.catalogs.features.map((t) => [t.feature, t])),
      webinars: new Map(content.catalogs.webinars.map((w) => [w.id, w])),
      stories: new Map(content.catalogs.stories.map((s) => [s.id, s])),
      sender: { ja: senderValues(content, 'ja'), en: senderValues(content, 'en') },
    };
    indexes.set(content, index);
  }
  return index;
}
