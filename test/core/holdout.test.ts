import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { holdoutBucket, holdoutOf, isControl } from '../../functions/core/holdout.js';
import { sha256Hex } from '../../functions/core/sha256.js';

describe('sha256Hex', () => {
  // The three examples of FIPS 180-2, Appendix B (SHA-256): "abc", the 448-bit two-block message,
  // and the empty string from NIST's published SHA-256 test vectors.
  it.each([
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  ])('gives the published digest of %j', (text, digest) => {
    expect(sha256Hex(text)).toBe(digest);
  });

  it('agrees with node:crypto on any text, multi-byte characters and block boundaries included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      }),
      { numRuns: 300 },
    );
  });
});

describe('holdout assignment', () => {
  const nodeBucket = (salt: string, id: string) =>
    Number.parseInt(createHash('sha256').update(`${salt}:${id}`).digest('hex').slice(0, 8), 16) % 10_000;
  const ids = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,40}$/);

  it('is the first 32 bits of sha256(salt:accountId) mod 10000', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 30 }), ids, (salt, id) => {
        expect(holdoutBucket(salt, id)).toBe(nodeBucket(salt, id));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every control account in control when the percentage is raised', () => {
    fc.assert(
      fc.property(ids, fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 2000 }), (id, a, b) => {
        const [low, high] = a <= b ? [a / 100, b / 100] : [b / 100, a / 100];
        const bucket = holdoutBucket('salt', id);
        if (isControl(bucket, low)) expect(isControl(bucket, high)).toBe(true);
      }),
    );
  });

  it('puts about the configured share of accounts in control', () => {
    const n = 20_000;
    let control = 0;
    for (let i = 0; i < n; i++) if (isControl(holdoutBucket('share-check', `acc-${i}`), 10)) control++;
    // Binomial(20000, 0.1): sd 42.4; 5 sd either side.
    expect(Math.abs(control - n * 0.1)).toBeLessThan(5 * Math.sqrt(n * 0.1 * 0.9));
  });

  it('defaults to 10 % salted with the program id', () => {
    expect(holdoutOf({ id: 'default' })).toEqual({ percent: 10, salt: 'default' });
    expect(holdoutOf({ id: 'p', holdout: { percent: 5, salt: 's' } })).toEqual({ percent: 5, salt: 's' });
  });
});
