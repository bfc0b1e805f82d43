// The footer items every email must carry, in the HTML and the plain-text part alike. Japan's Act on
// Specified Electronic Mail asks for the sender, an opt-out address with a statement that the recipient
// may refuse further email, a postal address and a contact; Gmail and Yahoo want an unsubscribe link.
import type { Locale } from '../events.js';
import type { CompiledTemplate } from './content.js';
import type { Slotted } from './slots.js';

export const FOOTER_ITEMS = ['sender', 'opt-out link', 'refusal statement', 'postal address', 'contact'] as const;
export type FooterItem = (typeof FOOTER_ITEMS)[number];

export interface MissingFooterItem {
  readonly item: FooterItem;
  readonly part: 'html' | 'text';
  readonly expected: string;
}

/** Words that tell the reader they may refuse further email, per locale. */
const REFUSAL_WORDS: Readonly<Record<Locale, RegExp>> = {
  ja: /配信停止/,
  en: /unsubscribe/i,
};

const SLOT_ITEMS: ReadonlyArray<{ item: FooterItem; slots: readonly string[] }> = [
  { item: 'sender', slots: ['senderName', 'senderCompany'] },
  { item: 'opt-out link', slots: ['unsubscribeUrl'] },
  { item: 'postal address', slots: ['senderAddress'] },
  { item: 'contact', slots: ['senderContact', 'senderEmail'] },
];

function visibleLiterals(part: Slotted, kind: 'html' | 'text'): string {
  const joined = part.literals.join(' ');
  // In HTML, only what a reader sees counts: drop the head, comments and tags.
  if (kind === 'text') return joined;
  return joined
    .replace(/<head[\s\S]*?<\/head>/i, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ');
}

/** Footer items the template lacks, per part; empty when it carries them all. */
export function missingFooterItems(template: Pick<CompiledTemplate, 'locale' | 'html' | 'text'>): MissingFooterItem[] {
  const missing: MissingFooterItem[] = [];
  for (const part of ['html', 'text'] as const) {
    const slotted = template[part];
    for (const { item, slots } of SLOT_ITEMS) {
      if (!slots.some((s) => slotted.slots.includes(s))) {
        missing.push({ item, part, expected: `one of ${slots.map((s) => `{{ ${s} }}`).join(', ')}` });
      }
    }
    if (part === 'html' && !/href\s*=\s*["']\{\{\s*unsubscribeUrl\s*\}\}["']/.test(rawWithSlots(slotted))) {
      if (!missing.some((m) => m.item === 'opt-out link' && m.part === 'html')) {
        missing.push({ item: 'opt-out link', part, expected: 'a link whose href is {{ unsubscribeUrl }}' });
      }
    }
    const words = REFUSAL_WORDS[template.locale];
    if (!words.test(visibleLiterals(slotted, part))) {
      missing.push({
        item: 'refusal statement',
        part,
        expected: `a sentence saying the reader may stop these emails, with the words ${words.source}`,
      });
    }
  }
  return missing;
}

/** The part as its author wrote it: the literals with each slot put back as `{{ name }}`. */
export function rawWithSlots(part: Slotted): string {
  let out = part.literals[0] ?? '';
  part.slots.forEach((s, i) => {
    out += `{{ ${s} }}${part.literals[i + 1] ?? ''}`;
  });
  return out;
}
