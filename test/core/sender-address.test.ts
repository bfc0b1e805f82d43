import { describe, expect, it } from 'vitest';
import { createSenderAddresses } from '../../functions/core/sender-address.js';

const base = {
  addressFor: () => 'cs@mail.example.com',
  nameFor: (locale: 'ja' | 'en') => (locale === 'ja' ? 'DayLog CS' : 'DayLog Customer Success'),
  identities: ['mail.example.com'],
};

describe('createSenderAddresses: where replies go', () => {
  const senderFor = createSenderAddresses({
    ...base,
    replyToFor: (locale) => (locale === 'ja' ? 'success-ja@example.com' : 'success@example.com'),
  });

  it("sends replies to the locale's default Reply-To when the account has no CS owner", () => {
    expect(senderFor('ja')).toEqual({ from: '"DayLog CS" <cs@mail.example.com>', replyTo: 'success-ja@example.com' });
    expect(senderFor('en').replyTo).toBe('success@example.com');
  });

  it("sends replies to the CS owner when the account has one, whatever the locale's default", () => {
    const owner = { name: 'Hanako Sato', email: 'hanako@example.com' };
    expect(senderFor('en', owner)).toEqual({ from: '"Hanako Sato" <hanako@mail.example.com>', replyTo: owner.email });
  });

  it('sets no Reply-To when neither an owner nor a default is given', () => {
    expect(createSenderAddresses(base)('en')).toEqual({ from: '"DayLog Customer Success" <cs@mail.example.com>' });
    expect(createSenderAddresses({ ...base, replyToFor: () => undefined })('ja').replyTo).toBeUndefined();
  });
});
