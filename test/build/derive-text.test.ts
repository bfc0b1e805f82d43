import { describe, expect, it } from 'vitest';
import { deriveText, type MjmlNode } from '../../functions/build/derive-text.js';

const node = (tagName: string, extra: Partial<MjmlNode> = {}): MjmlNode => ({ tagName, ...extra });

describe('deriveText', () => {
  it('keeps text blocks in order, writes buttons as label and link, and dividers as a rule', () => {
    const tree = node('mjml', {
      children: [
        node('mj-head', { children: [node('mj-title', { content: 'Subject {{ contactName }}' })] }),
        node('mj-body', {
          children: [
            node('mj-section', {
              children: [
                node('mj-column', {
                  children: [
                    node('mj-text', { content: 'Hi {{ contactName }},' }),
                    node('mj-button', { content: 'Open it', attributes: { href: '{{ featureLink }}' } }),
                    node('mj-divider'),
                    node('mj-text', { content: '<a href="{{ unsubscribeUrl }}">Unsubscribe</a>' }),
                  ],
                }),
              ],
            }),
          ],
        }),
      ],
    });
    expect(deriveText(tree)).toBe(
      `Hi {{ contactName }},\n\nOpen it\n{{ featureLink }}\n\n${'-'.repeat(24)}\n\nUnsubscribe ( {{ unsubscribeUrl }} )`,
    );
  });

  it('leaves out the head, images and elements marked text-skip', () => {
    const tree = node('mj-body', {
      children: [
        node('mj-text', { content: '{{ productName }}', attributes: { 'css-class': 'logo text-skip' } }),
        node('mj-image', { attributes: { src: 'https://e.com/x.png', alt: 'x' } }),
        node('mj-text', { content: 'Body' }),
      ],
    });
    expect(deriveText(tree)).toBe('Body');
  });
});
