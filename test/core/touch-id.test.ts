import { describe, expect, it } from 'vitest';
import { type TouchIdParts, touchIdFor } from '../../functions/core/touch-id.js';

const parts: TouchIdParts = {
  accountId: 'acc-1',
  contactId: 'c-1',
  kind: 'feature-tip',
  subject: 'dashboard',
  trigger: 'step-3',
};

describe('touchIdFor', () => {
  it('gives the same id for the same touch', () => {
    expect(touchIdFor({ ...parts })).toBe(touchIdFor(parts));
  });

  it.each<[string, Partial<TouchIdParts>]>([
    ['account', { accountId: 'acc-2' }],
    ['contact', { contactId: 'c-2' }],
    ['kind', { kind: 'webinar-invite' }],
    ['subject', { subject: 'team' }],
    ['trigger', { trigger: 'step-4' }],
  ])('changes with the %s', (_name, change) => {
    expect(touchIdFor({ ...parts, ...change })).not.toBe(touchIdFor(parts));
  });

  it('does not confuse parts that only differ in where a separator falls', () => {
    expect(touchIdFor({ ...parts, accountId: 'a:b', contactId: 'c' })).not.toBe(
      touchIdFor({ ...parts, accountId: 'a', contactId: 'b:c' }),
    );
  });

  it('is short and made of characters safe in DynamoDB keys and SQS deduplication ids', () => {
    const long = touchIdFor({
      ...parts,
      accountId: 'a'.repeat(128),
      contactId: 'c'.repeat(128),
      subject: 's'.repeat(128),
    });
    expect(long).toMatch(/^feature-tip\.[0-9a-f]{32}$/);
    expect(long.length).toBeLessThanOrEqual(128);
  });

  it('gives 200,000 distinct touches 200,000 distinct ids', () => {
    const ids = new Set<string>();
    for (let a = 0; a < 200; a++) {
      for (let c = 0; c < 100; c++) {
        for (let step = 0; step < 10; step++)
          ids.add(touchIdFor({ ...parts, accountId: `acc-${a}`, contactId: `c-${c}`, trigger: `step-${step}` }));
      }
    }
    expect(ids.size).toBe(200_000);
  });
});
