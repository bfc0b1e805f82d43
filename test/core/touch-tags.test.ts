import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromAddress } from '../../functions/core/email/from-address.js';
import { decodeTagValue, encodeTagValue, touchTags } from '../../functions/core/touch-tags.js';
import { aPlannedTouch } from '../fixtures/builders.js';

describe('SES tag values', () => {
  it('round-trip any string through characters SES allows', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (value) => {
        const encoded = encodeTagValue(value);
        expect(encoded).toMatch(/^[A-Za-z0-9_\-.@]*$/);
        expect(decodeTagValue(encoded)).toBe(value);
      }),
    );
  });

  it('leaves plain ids readable', () => {
    expect(encodeTagValue('acc-1.jp@x')).toBe('acc-1.jp@x');
    expect(encodeTagValue('acc:1')).toBe('acc_3a1');
  });

  it('tags a touch with its kind and ids', () => {
    const tags = touchTags(
      aPlannedTouch(
        { kind: 'milestone-nudge', milestoneId: 'm', dueAt: '2026-02-02T00:00:00.000Z' },
        { touchId: 'milestone-nudge.ab', accountId: 'org:42', contactId: 'u_7', plannedAt: '2026-02-02T00:00:00.000Z' },
      ),
    );
    expect(tags).toEqual({
      kind: 'milestone-nudge',
      account: 'org_3a42',
      touch: 'milestone-nudge.ab',
      contact: 'u_5f7',
    });
  });
});

describe('from address', () => {
  it('quotes a plain display name', () => {
    expect(fromAddress('Acme "CS" Team', 'cs@example.com')).toBe('"Acme \\"CS\\" Team" <cs@example.com>');
  });

  it('encodes a Japanese display name as an RFC 2047 word', () => {
    const from = fromAddress('株式会社アクメ', 'cs@example.com');
    expect(from).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?= <cs@example.com>$/);
    expect(Buffer.from(from.split('?')[3] ?? '', 'base64').toString('utf8')).toBe('株式会社アクメ');
  });

  it('cannot be made to carry a second header', () => {
    expect(fromAddress('Acme\r\nBcc: x@example.com', 'cs@example.com')).not.toMatch(/[\r\n]/);
  });
});
