import { describe, expect, it } from 'vitest';
import { missingFooterItems } from '../../../functions/core/email/compliance.js';
import { splitSlots } from '../../../functions/core/email/slots.js';

const FULL_JA_HTML =
  '<html><head><title>x</title></head><body><p>{{ senderCompany }} {{ senderName }}</p><p>{{ senderAddress }}</p>' +
  '<p>{{ senderContact }}</p><p>受信を希望されない場合は<a href="{{ unsubscribeUrl }}">配信停止</a></p></body></html>';
const FULL_JA_TEXT = '{{ senderName }}\n{{ senderAddress }}\n{{ senderContact }}\n配信停止 ( {{ unsubscribeUrl }} )';

describe('missingFooterItems', () => {
  it('finds nothing missing in a complete Japanese footer', () => {
    expect(
      missingFooterItems({ locale: 'ja', html: splitSlots(FULL_JA_HTML), text: splitSlots(FULL_JA_TEXT) }),
    ).toEqual([]);
  });

  it.each([
    ['sender', /\{\{ senderCompany \}\} \{\{ senderName \}\}/, ''],
    ['postal address', /\{\{ senderAddress \}\}/, ''],
    ['contact', /\{\{ senderContact \}\}/, ''],
    ['opt-out link', /<a href="\{\{ unsubscribeUrl \}\}">配信停止<\/a>/, '配信停止'],
    ['refusal statement', /配信停止/, 'こちら'],
  ])('names the %s when the HTML lacks it', (item, from, to) => {
    const missing = missingFooterItems({
      locale: 'ja',
      html: splitSlots(FULL_JA_HTML.replace(from, to)),
      text: splitSlots(FULL_JA_TEXT),
    });
    expect(missing.map((m) => `${m.item}/${m.part}`)).toContain(`${item}/html`);
  });

  it('does not count the refusal words when they only appear in the head', () => {
    const html = FULL_JA_HTML.replace('<title>x</title>', '<title>配信停止</title>').replace(
      '>配信停止</a>',
      '>こちら</a>',
    );
    expect(
      missingFooterItems({ locale: 'ja', html: splitSlots(html), text: splitSlots(FULL_JA_TEXT) }).map((m) => m.item),
    ).toEqual(['refusal statement']);
  });

  it('wants the word unsubscribe in English', () => {
    const html = FULL_JA_HTML.replace('配信停止', 'Unsubscribe');
    const text = FULL_JA_TEXT.replace('配信停止', 'unsubscribe');
    expect(missingFooterItems({ locale: 'en', html: splitSlots(html), text: splitSlots(text) })).toEqual([]);
    expect(
      missingFooterItems({ locale: 'en', html: splitSlots(FULL_JA_HTML), text: splitSlots(text) }).map((m) => m.item),
    ).toEqual(['refusal statement']);
  });
});
