import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fillSlots, slotNames, splitSlots } from '../../../functions/core/email/slots.js';

describe('splitSlots and fillSlots', () => {
  it('splits around each {{ name }} with or without inner spaces', () => {
    const s = splitSlots('Hi {{ name }}, see {{link}} or {{  name  }}.');
    expect(s.slots).toEqual(['name', 'link', 'name']);
    expect(s.literals).toEqual(['Hi ', ', see ', ' or ', '.']);
    expect(slotNames(s)).toEqual(['name', 'link']);
  });

  it('fills slots through the encoder and leaves literals untouched', () => {
    const s = splitSlots('<p>{{ a }}</p><a href="{{ b }}">x</a>');
    expect(
      fillSlots(s, { a: '<i>', b: 'https://e.com/?q=1&r=2' }, (v) =>
        v.replace(/</g, '&lt;').replace(/&(?!lt;)/g, '&amp;'),
      ),
    ).toBe('<p>&lt;i></p><a href="https://e.com/?q=1&amp;r=2">x</a>');
  });

  it('throws when a slot has no value', () => {
    expect(() => fillSlots(splitSlots('{{ missing }}'), {}, (v) => v)).toThrow(/missing/);
  });

  it('round-trips: filling each slot with its own marker gives the source back', () => {
    const part = fc.oneof(
      fc.string().filter((s) => !s.includes('{{') && !s.includes('}}')),
      fc.constantFrom('{{ a }}', '{{ bC1 }}'),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 12 }), (parts) => {
        const source = parts.join('');
        const s = splitSlots(source);
        expect(s.literals).toHaveLength(s.slots.length + 1);
        const back = fillSlots(s, { a: '{{ a }}', bC1: '{{ bC1 }}' }, (v) => v);
        expect(back).toBe(source);
      }),
    );
  });
});

describe('fillSlots and full stops', () => {
  it('writes one full stop when a value already ends with one', () => {
    const s = splitSlots('Useful to {{ name }}. Thanks, {{ team }}。');
    expect(fillSlots(s, { name: 'Example Inc.', team: 'チーム。' }, (v) => v)).toBe(
      'Useful to Example Inc. Thanks, チーム。',
    );
    expect(fillSlots(s, { name: 'Example', team: 'チーム' }, (v) => v)).toBe('Useful to Example. Thanks, チーム。');
  });

  it('keeps an ellipsis the template writes after a value', () => {
    expect(fillSlots(splitSlots('{{ a }}...'), { a: 'Inc.' }, (v) => v)).toBe('Inc....');
  });
});
