import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rotateSigningKeys, type SigningKeys } from '../../functions/adapters/signing-keys.js';
import { createUnsubscribeTokens } from '../../functions/adapters/unsubscribe-token.js';

const SECRET = 'k'.repeat(48);
const tokens = createUnsubscribeTokens(async () => SECRET);
const NOW = '2026-02-02T00:00:00.000Z';
const LATER = '2027-02-02T00:00:00.000Z';
const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,40}$/);

/** A link as the release before key ids signed it: `<payload>.<signature>` under the v1 label. */
function legacyToken(secret: string, accountId: string, contactId: string, expiresAt: string): string {
  const payload = Buffer.from(`${accountId}\n${contactId}\n${Date.parse(expiresAt) / 1000}`).toString('base64url');
  return `${payload}.${createHmac('sha256', secret).update('teichaku-unsubscribe-v1\n').update(payload).digest('base64url')}`;
}

describe('unsubscribe tokens', () => {
  it('verifies what it signed, back to the same account and contact', async () => {
    await fc.assert(
      fc.asyncProperty(id, id, async (accountId, contactId) => {
        const check = await tokens.verify(await tokens.sign(accountId, contactId, LATER), NOW);
        expect(check).toEqual({
          kind: 'valid',
          claim: { accountId, contactId, expiresAtSec: Date.parse(LATER) / 1000 },
          keyId: 'k0',
        });
      }),
    );
  });

  it('refuses a token with any one character changed', async () => {
    const token = await tokens.sign('acc-1', 'c-1', LATER);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: token.length - 1 }),
        fc.constantFrom(...'AbZ09-_.x'),
        async (at, c) => {
          fc.pre(token[at] !== c);
          const tampered = token.slice(0, at) + c + token.slice(at + 1);
          expect((await tokens.verify(tampered, NOW)).kind).toBe('refused');
        },
      ),
    );
  });

  it('refuses a payload moved to another account or contact under the original signature', async () => {
    const [keyId, , sig] = (await tokens.sign('acc-1', 'c-1', LATER)).split('.');
    for (const [account, contact] of [
      ['acc-2', 'c-1'],
      ['acc-1', 'c-2'],
    ]) {
      const payload = Buffer.from(`${account}\n${contact}\n${Date.parse(LATER) / 1000}`).toString('base64url');
      expect(await tokens.verify(`${keyId}.${payload}.${sig}`, NOW)).toEqual({
        kind: 'refused',
        reason: 'bad-signature',
      });
      expect(await tokens.verify(`${payload}.${sig}`, NOW)).toEqual({ kind: 'refused', reason: 'bad-signature' });
    }
  });

  it('refuses a token signed with another secret', async () => {
    const other = createUnsubscribeTokens(async () => 'z'.repeat(48));
    expect(await tokens.verify(await other.sign('acc-1', 'c-1', LATER), NOW)).toEqual({
      kind: 'refused',
      reason: 'bad-signature',
    });
  });

  it('refuses an expired token', async () => {
    const token = await tokens.sign('acc-1', 'c-1', NOW);
    expect(await tokens.verify(token, NOW)).toEqual({ kind: 'refused', reason: 'expired' });
  });

  it.each(['', '.', 'abc', 'a.b.c', 'a.b.c.d', 'x'.repeat(2000), 'abc.d$f', '..', 'k 0.abc.def'])(
    'refuses the malformed token %j',
    async (token) => {
      expect((await tokens.verify(token, NOW)).kind).toBe('refused');
    },
  );

  it('uses only URL-safe characters, the key id first', async () => {
    expect(await tokens.sign('acc:1@x', 'c.1', LATER)).toMatch(/^k0\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });
});

describe('unsubscribe tokens across key rotations', () => {
  const K0 = 'legacy-bare-string-secret-'.padEnd(64, '0');
  const K1 = 'first-rotated-key-'.padEnd(64, '1');
  const K2 = 'second-rotated-key-'.padEnd(64, '2');

  it('keeps a link working until the second rotation after the key that signed it', async () => {
    let secret: SigningKeys | string = K0;
    const keys = createUnsubscribeTokens(async () => secret);
    const links: Record<string, string> = { 'sent before key ids': legacyToken(K0, 'acc-1', 'c-1', LATER) };
    const verifying = async () => {
      const out: Record<string, string> = {};
      for (const [name, link] of Object.entries(links)) {
        const check = await keys.verify(link, NOW);
        out[name] = check.kind === 'valid' ? `valid (${check.keyId})` : check.reason;
      }
      return out;
    };

    links['signed with k0'] = await keys.sign('acc-1', 'c-1', LATER);
    expect(await verifying()).toEqual({ 'sent before key ids': 'valid (k0)', 'signed with k0': 'valid (k0)' });

    secret = rotateSigningKeys({ current: { id: 'k0', key: K0 }, previous: null }, K1).keys;
    links['signed with k1'] = await keys.sign('acc-1', 'c-1', LATER);
    expect(links['signed with k1']?.startsWith('k1.')).toBe(true);
    expect(await verifying()).toEqual({
      'sent before key ids': 'valid (k0)',
      'signed with k0': 'valid (k0)',
      'signed with k1': 'valid (k1)',
    });

    secret = rotateSigningKeys(secret, K2).keys;
    links['signed with k2'] = await keys.sign('acc-1', 'c-1', LATER);
    expect(await verifying()).toEqual({
      'sent before key ids': 'unknown-key',
      'signed with k0': 'unknown-key',
      'signed with k1': 'valid (k1)',
      'signed with k2': 'valid (k2)',
    });
  });

  it('refuses a token whose key id was switched to another accepted key, or signed by a key under another id', async () => {
    const ring: SigningKeys = { current: { id: 'k2', key: K2 }, previous: { id: 'k1', key: K1 } };
    const keys = createUnsubscribeTokens(async () => ring);
    const token = await keys.sign('acc-1', 'c-1', LATER);
    const [, payload, sig] = token.split('.') as [string, string, string];
    expect(await keys.verify(`k1.${payload}.${sig}`, NOW)).toEqual({ kind: 'refused', reason: 'bad-signature' });
    const k1Forged = await createUnsubscribeTokens(async () => ({
      current: { id: 'k2', key: K1 },
      previous: null,
    })).sign('acc-1', 'c-1', LATER);
    expect(await keys.verify(k1Forged, NOW)).toEqual({ kind: 'refused', reason: 'bad-signature' });
    // A two-part token is only ever checked against k0: not against the current key.
    expect(await keys.verify(legacyToken(K2, 'acc-1', 'c-1', LATER), NOW)).toEqual({
      kind: 'refused',
      reason: 'unknown-key',
    });
    expect(await keys.verify(`k9.${payload}.${sig}`, NOW)).toEqual({ kind: 'refused', reason: 'unknown-key' });
  });

  it('reads the keys again when a token names a key it does not hold, and signs with what it holds', async () => {
    const before: SigningKeys = { current: { id: 'k1', key: K1 }, previous: null };
    const after = rotateSigningKeys(before, K2).keys;
    const asked: string[] = [];
    const stale = createUnsubscribeTokens(async (options) => {
      asked.push(options?.fresh === true ? 'fresh' : 'held');
      return options?.fresh === true ? after : before;
    });
    const fromRotated = await createUnsubscribeTokens(async () => after).sign('acc-1', 'c-1', LATER);
    expect(await stale.verify(fromRotated, NOW)).toMatchObject({ kind: 'valid', keyId: 'k2' });
    expect(asked).toEqual(['held', 'fresh']);
    expect((await stale.sign('acc-1', 'c-1', LATER)).startsWith('k1.')).toBe(true);
  });
});
