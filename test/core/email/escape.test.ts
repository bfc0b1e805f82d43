import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clip,
  escapeHtml,
  escapeHtmlNumeric,
  oneLine,
  SUBJECT_SLOT_MAX,
  subjectValue,
} from '../../../functions/core/email/escape.js';
import { decodeEntities } from '../../../functions/core/email/plain-text.js';

describe.each([
  ['escapeHtml', escapeHtml],
  ['escapeHtmlNumeric', escapeHtmlNumeric],
])('%s', (_name, escapeText) => {
  it('produces no raw < > " \' and decodes back to the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const escaped = escapeText(s);
        expect(escaped).not.toMatch(/[<>"']/);
        expect(decodeEntities(escaped)).toBe(s);
      }),
    );
  });
});

describe('escapeHtmlNumeric', () => {
  it('writes the same five characters as numeric references, as the report and unsubscribe pages always have', () => {
    expect(escapeHtmlNumeric(`<a href="x" title='y'>&</a>`)).toBe(
      '&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;',
    );
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that can open a tag or close an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('leaves text without special characters as it is', () => {
    expect(escapeHtml('株式会社みなと精機 佐藤 美咲')).toBe('株式会社みなと精機 佐藤 美咲');
  });
});

describe('oneLine and subjectValue', () => {
  it('turns every control character run into one space', () => {
    expect(oneLine('a\r\nb\tc\u2028d')).toBe('a b c d');
  });

  it('never lets CR or LF through into a subject value, and bounds its length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 500 }), (s) => {
        const v = subjectValue(s);
        expect(v).not.toMatch(/[\r\n\u0000-\u001f]/);
        expect(Array.from(v).length).toBeLessThanOrEqual(SUBJECT_SLOT_MAX);
      }),
    );
  });
});

describe('clip', () => {
  it('keeps short values and ends long ones with an ellipsis at the limit', () => {
    expect(clip('short', 10)).toBe('short');
    const clipped = clip('x'.repeat(50), 10);
    expect(Array.from(clipped)).toHaveLength(10);
    expect(clipped.endsWith('…')).toBe(true);
  });

  it('never splits a surrogate pair', () => {
    const clipped = clip('😀'.repeat(20), 5);
    expect(clipped).toBe(`${'😀'.repeat(4)}…`);
  });
});
