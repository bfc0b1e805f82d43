// Message tags carry the touch's ids through SES to its delivery and engagement events. SES tag
// values allow only letters, digits and _ - . @, while our ids may also hold `:`; so every other
// character (and `_` itself, the escape) is written as `_` plus two hex digits, reversibly.
import type { PlannedTouch } from './decisions.js';

export const TAG_NAMES = { kind: 'kind', account: 'account', touch: 'touch', contact: 'contact' } as const;

export function encodeTagValue(value: string): string {
  // The u flag keeps a surrogate pair together, so characters beyond the BMP survive the round trip.
  return value.replace(/[^A-Za-z0-9\-.@]/gu, (c) =>
    [...Buffer.from(c, 'utf8')].map((b) => `_${b.toString(16).padStart(2, '0')}`).join(''),
  );
}

export function decodeTagValue(value: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; ) {
    if (value[i] === '_' && /^[0-9a-f]{2}$/.test(value.slice(i + 1, i + 3))) {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      bytes.push(value.charCodeAt(i));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The tags every touch email carries: kind, account, touch and contact ids. */
export function touchTags(touch: PlannedTouch): Record<string, string> {
  return {
    [TAG_NAMES.kind]: touch.kind,
    [TAG_NAMES.account]: encodeTagValue(touch.accountId),
    [TAG_NAMES.touch]: encodeTagValue(touch.touchId),
    [TAG_NAMES.contact]: encodeTagValue(touch.contactId),
  };
}
