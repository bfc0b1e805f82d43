import { describe, expect, it } from 'vitest';
import { htmlToText, linkText } from '../../../functions/core/email/plain-text.js';

describe('htmlToText', () => {
  it('collapses source whitespace as a browser would and turns <br> into a line break', () => {
    expect(htmlToText('Hello\n      {{ contactName }},<br />see   you')).toBe('Hello {{ contactName }},\nsee you');
  });

  it('separates paragraphs with one blank line', () => {
    expect(htmlToText('<p>One</p>\n\n\n<p>Two</p>')).toBe('One\n\nTwo');
  });

  it('writes a link as its label followed by the address, keeping slots', () => {
    expect(htmlToText('Read <a href="{{ helpUrl }}" style="x">the <b>guide</b></a> now')).toBe(
      'Read the guide ( {{ helpUrl }} ) now',
    );
  });

  it('writes list items as dashes', () => {
    expect(htmlToText('<ul><li>a</li><li>b</li></ul>')).toBe('- a\n- b');
  });

  it('decodes entities and drops other tags', () => {
    expect(htmlToText('<strong>Tom &amp; Jerry</strong> &lt;3 &#x2713;')).toBe('Tom & Jerry <3 ✓');
  });
});

describe('linkText', () => {
  it('shows only the address when the label is the address', () => {
    expect(linkText('https://e.com', 'https://e.com')).toBe('https://e.com');
    expect(linkText('support@example.com', 'mailto:support@example.com')).toBe('support@example.com');
  });
});
