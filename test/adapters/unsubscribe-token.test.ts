import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createUnsubscribeTokens } from '../../functions/adapters/unsubscribe-token.js';

const SECRET = 'k'.repeat(48);
const tokens = createUnsubscribeTokens(async () => SECRET);
const NOW = '2026-02-02T00:00:00.000Z';
const LATER = '2027-02-02T00:00:00.000Z';
const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,40}$/);

describe('unsubscribe tokens', () => {
  it('verifies what it signed, back to the same account and contact', async () => {
    await fc.assert(
      fc.asyncProperty(id, id, async (accountId, contactId) => {
        const check = await tokens.verify(await tokens.sign(accountId, contactId, LATER), NOW);
        expect(check).toEqual({ kind: 'valid', claim: { accountId, contactId, expiresAtSec: Date.parse(LATER) / 1000 } });
      }),
    );
  });

  it('refuses a token with any one character changed', async () => {
    const token = await tokens.sign('acc-1', 'c-1', LATER);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: token.length - 1 }), fc.constantFrom(...'AbZ09-_.x'), async (at, c) => {
        fc.pre(token[at] !== c);
        const tampered = token.slice(0, at) + c + token.slice(at + 1);
        expect((await tokens.verify(tampered, NOW)).kind).toBe('refused');
      }),
    );
  });

  it('refuses a payload moved to another account or contact under the original signature', async () => {
    const [, sig] = (await tokens.sign('acc-1', 'c-1', LATER)).split('.');
    for (const [account, contact] of [['acc-2', 'c-1'], ['acc-1', 'c-2']]) {
      const payload = Buffer.from(`${account}\n${contact}\n${Date.parse(LATER) / 1000}`).toString('base64url');
      expect(await tokens.verify(`${payload}.${sig}`, NOW)).toEqual({ kind: 'refused', reason: 'bad-signature' });
    }
  });

  it('refuses a token signed with another secret', async () => {
    const other = createUnsubscribeTokens(async () => 'z'.repeat(48));
    expect(await tokens.verify(await other.sign('acc-1', 'c-1', LATER), NOW)).toEqual({ kind: 'refused', reason: 'bad-signature' });
  });

  it('refuses an expired token', async () => {
    const token = await tokens.sign('acc-1', 'c-1', NOW);
    expect(await tokens.verify(token, NOW)).toEqual({ kind: 'refused', reason: 'expired' });
  });

  it.each(['', '.', 'abc', 'a.b.c', 'x'.repeat(2000), 'abc.d$f', '..'])('refuses the malformed token %j', async (token) => {
    expect((await tokens.verify(token, NOW)).kind).toBe('refused');
  });

  it('uses only URL-safe characters', async () => {
    expect(await tokens.sign('acc:1@x', 'c.1', LATER)).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });
});
