// What the compiled templates look like to a spam filter and to a reader with low vision: the
// preheader is hidden without white text, and the footer (it carries the legal items) is readable.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildContent } from '../../functions/build/build-content.js';
import { hidePreheaderWithoutColour } from '../../functions/build/compile-template.js';
import type { Content } from '../../functions/core/email/content.js';
import { SHIPPED_TEMPLATES } from './temp-templates.js';

/** WCAG 2 relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

let content: Content;
beforeAll(async () => {
  content = await buildContent(SHIPPED_TEMPLATES);
});

const html = (key: string) => content.templates[key]?.html.literals.join('{{}}') ?? '';

describe('the compiled templates', () => {
  it('computes the contrast ratio the WCAG way (the old footer grey was 3.66:1)', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#7b8794', '#ffffff')).toBeCloseTo(3.66, 2);
  });

  it('sets the footer text at 4.5:1 or more against the white section in every template', () => {
    for (const key of Object.keys(content.templates)) {
      // The footer is the last section: its texts are the ones after the last divider.
      const footer = html(key).slice(html(key).lastIndexOf('border-top:'));
      const colours = [...footer.matchAll(/color:(#[0-9a-fA-F]{6})/g)].map((m) => (m[1] as string).toLowerCase());
      expect(colours.length, key).toBeGreaterThan(0);
      for (const colour of colours)
        expect(contrastRatio(colour, '#ffffff'), `${key} ${colour}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('hides the preheader without a text colour (no HTML_FONT_LOW_CONTRAST)', () => {
    for (const key of Object.keys(content.templates)) {
      const preheader = /<div style="display:none;([^"]*)">/.exec(html(key));
      expect(preheader, key).not.toBeNull();
      expect(preheader?.[1], key).not.toMatch(/(^|;)\s*color:/);
      expect(preheader?.[1], key).toContain('mso-hide:all');
    }
  });

  it('drops only the colour from MJML preheader style', () => {
    expect(
      hidePreheaderWithoutColour(
        '<body><div style="display:none;font-size:1px;color:#ffffff;line-height:1px;">Hi</div>',
      ),
    ).toBe('<body><div style="display:none;font-size:1px;line-height:1px;mso-hide:all;">Hi</div>');
  });

  it('says in the English footer what the unsubscribe link does: it opens a page to confirm', () => {
    const text = content.templates['feature-tip/en']?.text.literals.join('') ?? '';
    expect(text).not.toMatch(/one click/i);
    expect(text).toMatch(/opens a page where one button confirms it/);
  });
});
