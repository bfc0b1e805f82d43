import { describe, expect, it } from 'vitest';
import {
  newSigningKeyMaterial,
  rotateSigningKeys,
  type SigningKeys,
  signingKeysFromString,
  signingKeysToString,
  UnusableSecretError,
} from '../../functions/adapters/signing-keys.js';

const ID = 'teichaku-unsubscribe-key';
const KEY_A = 'a'.repeat(64);
const KEY_B = 'b'.repeat(64);
const KEY_C = 'c'.repeat(64);

function refusal(value: string | undefined): string {
  try {
    signingKeysFromString(ID, value);
  } catch (error) {
    expect(error).toBeInstanceOf(UnusableSecretError);
    return (error as Error).message;
  }
  throw new Error('expected the secret to be refused');
}

describe('the signing key secret', () => {
  it('reads the bare string CloudFormation generated as the one key k0', () => {
    expect(signingKeysFromString(ID, KEY_A)).toEqual({ current: { id: 'k0', key: KEY_A }, previous: null });
  });

  it('reads the older JSON {"secret": …} as k0', () => {
    expect(signingKeysFromString(ID, JSON.stringify({ secret: KEY_A }))).toEqual({
      current: { id: 'k0', key: KEY_A },
      previous: null,
    });
  });

  it('reads the key ring, current first', () => {
    const ring = JSON.stringify({
      keys: [
        { id: 'k2', key: KEY_B },
        { id: 'k1', key: KEY_A },
      ],
    });
    expect(signingKeysFromString(ID, ring)).toEqual({
      current: { id: 'k2', key: KEY_B },
      previous: { id: 'k1', key: KEY_A },
    });
  });

  it('writes what it reads', () => {
    const keys: SigningKeys = { current: { id: 'k2', key: KEY_B }, previous: { id: 'k1', key: KEY_A } };
    expect(signingKeysFromString(ID, signingKeysToString(keys))).toEqual(keys);
  });

  it.each([
    ['no value', undefined, 'no SecretString'],
    ['a short bare key', 'short-key', 'shorter than 32'],
    ['broken JSON', '{"keys": [', 'does not parse'],
    ['no keys', JSON.stringify({ keys: [] }), 'keys must hold the current key'],
    [
      'three keys',
      JSON.stringify({
        keys: [
          { id: 'k3', key: KEY_C },
          { id: 'k2', key: KEY_B },
          { id: 'k1', key: KEY_A },
        ],
      }),
      'at most the current and the previous',
    ],
    [
      'a repeated id',
      JSON.stringify({
        keys: [
          { id: 'k1', key: KEY_B },
          { id: 'k1', key: KEY_A },
        ],
      }),
      'must not repeat a key id',
    ],
    ['a short key', JSON.stringify({ keys: [{ id: 'k1', key: 'short-key' }] }), 'keys.0.key must be at least 32'],
    ['an id with a dot', JSON.stringify({ keys: [{ id: 'k.1', key: KEY_A }] }), 'keys.0.id must be 1 to 32'],
  ])('refuses %s, saying where, never showing a key', (_name, value, what) => {
    const message = refusal(value);
    expect(message).toContain(ID);
    expect(message).toContain(what);
    for (const secret of [KEY_A, KEY_B, KEY_C, 'short-key']) expect(message).not.toContain(secret);
  });
});

describe('rotating the signing keys', () => {
  it('makes a new current key with the next id, keeps the current as previous, and retires the old previous', () => {
    const legacy = signingKeysFromString(ID, KEY_A);
    const first = rotateSigningKeys(legacy, KEY_B);
    expect(first).toEqual({
      keys: { current: { id: 'k1', key: KEY_B }, previous: { id: 'k0', key: KEY_A } },
      retired: null,
    });
    const second = rotateSigningKeys(first.keys, KEY_C);
    expect(second).toEqual({
      keys: { current: { id: 'k2', key: KEY_C }, previous: { id: 'k1', key: KEY_B } },
      retired: 'k0',
    });
  });

  it('never reuses an id, even after hand-written ones', () => {
    const keys: SigningKeys = { current: { id: 'blue', key: KEY_A }, previous: { id: 'k7', key: KEY_B } };
    expect(rotateSigningKeys(keys, KEY_C).keys.current.id).toBe('k8');
  });

  it('refuses a new key that is short or already held', () => {
    const keys = signingKeysFromString(ID, KEY_A);
    expect(() => rotateSigningKeys(keys, 'short')).toThrow(/at least 32/);
    expect(() => rotateSigningKeys(keys, KEY_A)).toThrow(/differ/);
  });

  it('generates 64 URL-safe characters, different each time', () => {
    const [a, b] = [newSigningKeyMaterial(), newSigningKeyMaterial()];
    expect(a).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(a).not.toBe(b);
  });
});
