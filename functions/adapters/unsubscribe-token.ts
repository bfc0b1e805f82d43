// Signed unsubscribe tokens: `<key id>.<payload>.<signature>`, all base64url. The payload names the
// account, the contact and an expiry; the signature is HMAC-SHA256 over a versioned label, the key id
// and the payload, so changing any byte (another contact, another account, a later expiry, another
// key id) invalidates it. New tokens are signed with the current key; a token verifies with the key
// its id names if that is the current or the previous key (see signing-keys.ts for rotation).
// Tokens from before key ids, `<payload>.<signature>` under the v1 label, verify with key `k0`, the
// bare-string secret the stack was created with, for as long as that key is still accepted.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Id } from '../core/events.js';
import type { UnsubscribeClaim, UnsubscribeTokenSigner, UnsubscribeTokenVerifier } from '../core/ports.js';
import { acceptedKeys, LEGACY_KEY_ID, type SigningKey, type SigningKeys } from './signing-keys.js';

const LABEL = 'teichaku-unsubscribe-v2\n';
const LEGACY_LABEL = 'teichaku-unsubscribe-v1\n';

export type { TokenCheck, TokenRefusal, UnsubscribeClaim } from '../core/ports.js';
export { DEFAULT_TOKEN_TTL_DAYS } from '../core/ports.js';

export interface UnsubscribeTokens extends UnsubscribeTokenSigner, UnsubscribeTokenVerifier {}

/**
 * Where the keys come from. A loader of a plain string is one key, `k0`, like a bare-string secret
 * (tests and the simulator sign that way). `{ fresh: true }` asks for the keys read again because a
 * token named a key not held; a loader may ignore it.
 */
export type TokenKeySource = (options?: { readonly fresh?: boolean }) => Promise<SigningKeys | string>;

export function signature(label: string, key: SigningKey, signed: string): Buffer {
  return createHmac('sha256', key.key).update(label).update(signed).digest();
}

function encodePayload(claim: UnsubscribeClaim): string {
  // Ids cannot contain a newline (events.ts Id pattern), so it separates the fields unambiguously.
  return Buffer.from(`${claim.accountId}\n${claim.contactId}\n${claim.expiresAtSec}`, 'utf8').toString('base64url');
}

function decodePayload(payload: string): UnsubscribeClaim | null {
  const fields = Buffer.from(payload, 'base64url').toString('utf8').split('\n');
  if (fields.length !== 3) return null;
  const [accountId, contactId, exp] = fields as [string, string, string];
  if (!Id.safeParse(accountId).success || !Id.safeParse(contactId).success || !/^\d{1,12}$/.test(exp)) return null;
  return { accountId, contactId, expiresAtSec: Number(exp) };
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The parts of a token: the key id (the legacy id for a two-part token), the label and the text signed. */
function parse(token: string): { keyId: string; label: string; signed: string; payload: string; sig: string } | null {
  if (token.length > 1024) return null;
  const parts = token.split('.');
  if (!parts.every((p) => BASE64URL.test(p))) return null;
  if (parts.length === 2) {
    const [payload, sig] = parts as [string, string];
    return { keyId: LEGACY_KEY_ID, label: LEGACY_LABEL, signed: payload, payload, sig };
  }
  if (parts.length === 3) {
    const [keyId, payload, sig] = parts as [string, string, string];
    return { keyId, label: LABEL, signed: `${keyId}\n${payload}`, payload, sig };
  }
  return null;
}

export function keysOf(loaded: SigningKeys | string): SigningKeys {
  return typeof loaded === 'string' ? { current: { id: LEGACY_KEY_ID, key: loaded }, previous: null } : loaded;
}

/** The accepted key a token names: current or previous, read again once when not held (a rotation). */
export function keyFinder(source: TokenKeySource): (keyId: string) => Promise<SigningKey | undefined> {
  return async (keyId) => {
    const held = acceptedKeys(keysOf(await source())).find((k) => k.id === keyId);
    if (held !== undefined) return held;
    // A key this container does not hold may be one a rotation just made current.
    return acceptedKeys(keysOf(await source({ fresh: true }))).find((k) => k.id === keyId);
  };
}

/** Whether `sig` is the MAC of `signed` under `label` and `key`, compared in constant time. */
export function signatureMatches(label: string, key: SigningKey, signed: string, sig: string): boolean {
  // Compared as text, not as decoded bytes: the last base64url character carries two unused bits,
  // so several spellings decode to the same MAC, and a token changed in one character must not pass.
  const given = Buffer.from(sig, 'utf8');
  const expected = Buffer.from(signature(label, key, signed).toString('base64url'), 'utf8');
  // timingSafeEqual needs equal lengths; the length of a SHA-256 MAC is public anyway.
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Tokens signed with the keys the source returns (asked on every call; the source caches). */
export function createUnsubscribeTokens(source: TokenKeySource): UnsubscribeTokens {
  const keyNamed = keyFinder(source);

  return {
    async sign(accountId, contactId, expiresAt) {
      const expiresAtSec = Math.floor(Date.parse(expiresAt) / 1000);
      if (!Number.isFinite(expiresAtSec)) throw new Error('unsubscribe token expiry must be an ISO date-time');
      const payload = encodePayload({ accountId, contactId, expiresAtSec });
      const { current } = keysOf(await source());
      return `${current.id}.${payload}.${signature(LABEL, current, `${current.id}\n${payload}`).toString('base64url')}`;
    },
    async verify(token, now) {
      const parts = parse(token);
      if (parts === null) return { kind: 'refused', reason: 'malformed' };
      const key = await keyNamed(parts.keyId);
      if (key === undefined) return { kind: 'refused', reason: 'unknown-key' };
      if (!signatureMatches(parts.label, key, parts.signed, parts.sig))
        return { kind: 'refused', reason: 'bad-signature' };
      const claim = decodePayload(parts.payload);
      if (claim === null) return { kind: 'refused', reason: 'malformed' };
      if (claim.expiresAtSec * 1000 <= Date.parse(now)) return { kind: 'refused', reason: 'expired' };
      return { kind: 'valid', claim, keyId: key.id };
    },
  };
}
