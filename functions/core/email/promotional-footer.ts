// The footer a Japanese promotional email must carry under the Act on Specified Electronic Mail
// (特定電子メール法, art. 4): the sender's name (the legal one, not a team's), the opt-out link with
// a statement right next to it that the reader may refuse further email, the sender's postal
// address, and a contact. Stricter than the check every email passes (compliance.ts): a service
// email may name only the team; a promotional one must name the company.
import type { CompiledTemplate } from './content.js';
import type { Slotted } from './slots.js';

export const PROMOTIONAL_FOOTER_ITEMS = [
  'sender',
  'opt-out link with the refusal statement',
  'postal address',
  'contact',
] as const;
export type PromotionalFooterItem = (typeof PROMOTIONAL_FOOTER_ITEMS)[number];

export interface MissingPromotionalItem {
  readonly item: PromotionalFooterItem;
  readonly part: 'html' | 'text';
  readonly expected: string;
}

/** Words that say the reader may refuse (受信拒否ができる旨). */
const REFUSAL = /配信停止|配信を停止|受信を希望されない|受信拒否|配信を希望されない/;
/** How far (in characters of visible text) the statement may be from the link: the same sentence or the next. */
const NEAR = 160;

function visible(text: string, part: 'html' | 'text'): string {
  return part === 'text'
    ? text
    : text
        .replace(/<head[\s\S]*?<\/head>/i, ' ')
        .replace(/<!--[\s\S]*?-->/g, ' ')
        .replace(/<[^>]*>/g, ' ');
}

/** Whether the refusal statement stands right before or after an opt-out slot. */
function refusalNextToLink(part: Slotted, kind: 'html' | 'text'): boolean {
  return part.slots.some((slot, i) => {
    if (slot !== 'unsubscribeUrl') return false;
    const before = visible(part.literals[i] ?? '', kind).slice(-NEAR);
    const after = visible(part.literals[i + 1] ?? '', kind).slice(0, NEAR);
    return REFUSAL.test(before) || REFUSAL.test(after);
  });
}

/** What a ja promotional template lacks of the four items, per part; empty when it has them all. */
export function missingPromotionalItems(template: Pick<CompiledTemplate, 'html' | 'text'>): MissingPromotionalItem[] {
  const missing: MissingPromotionalItem[] = [];
  for (const part of ['html', 'text'] as const) {
    const slotted = template[part];
    const has = (slot: string) => slotted.slots.includes(slot);
    if (!has('senderCompany'))
      missing.push({ item: 'sender', part, expected: 'the company’s legal name, {{ senderCompany }}' });
    if (!has('unsubscribeUrl') || !refusalNextToLink(slotted, part)) {
      missing.push({
        item: 'opt-out link with the refusal statement',
        part,
        expected:
          '{{ unsubscribeUrl }} with a sentence right before or after it saying the reader may refuse (配信停止, 受信拒否)',
      });
    }
    if (!has('senderAddress')) missing.push({ item: 'postal address', part, expected: '{{ senderAddress }}' });
    if (!has('senderContact') && !has('senderEmail'))
      missing.push({ item: 'contact', part, expected: '{{ senderContact }} or {{ senderEmail }}' });
  }
  return missing;
}
