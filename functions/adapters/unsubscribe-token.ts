// Signed unsubscribe tokens: `<payload>.<signature>`, both base64url. The payload names the account,
// the contact and an expiry; the signature is HMAC-SHA256 over a versioned label and the payload, so
// changing any byte (another contact, another account, a later expiry) invalidates it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Id } from '../core/events.js';

const LABEL = 'teichaku-unsubscribe-v1\n';
export const DEFAULT_TOKEN_TTL_DAYS = 400;

export interface UnsubscribeClaim {
  readonly accountId: string;
  readonly contactId: string;
  /** Expiry, seconds since the epoch. */
  readonly expiresAtSec: number;
}

/** Why a token was refused. Only logged: the page shown is the same for every reason. */
export type TokenRefusal = 'malformed' | 'bad-signature' | 'expired';

export type TokenCheck = { readonly kind: 'valid'; readonly claim: UnsubscribeClaim } | { readonly kind: 'refused'; readonly reason: TokenRefusal };

export interface UnsubscribeTokens {
  sign(accountId: string, contactId: string, expiresAt: string): Promise<string>;
  verify(token: string, now: string): Promise<TokenCheck>;
}

function signature(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(LABEL).update(payload).digest();
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

/** Tokens signed with the secret the loader returns (loaded once, on first use). */
export function createUnsubscribeTokens(loadSecret: () => Promise<string>): UnsubscribeTokens {
  return {
    async sign(accountId, contactId, expiresAt) {
      const expiresAtSec = Math.floor(Date.parse(expiresAt) / 1000);
      if (!Number.isFinite(expiresAtSec)) throw new Error('unsubscribe token expiry must be an ISO date-time');
      const payload = encodePayload({ accountId, contactId, expiresAtSec });
      return `${payload}.${signature(await loadSecret(), payload).toString('base64url')}`;
    },
    async verify(token, now) {
      const parts = token.split('.');
      if (parts.length !== 2 || token.length > 1024) return { kind: 'refused', reason: 'malformed' };
      const [payload, sig] = parts as [string, string];
      if (!BASE64URL.test(payload) || !BASE64URL.test(sig)) return { kind: 'refused', reason: 'malformed' };
      // Compared as text, not as decoded bytes: the last base64url character carries two unused bits,
      // so several spellings decode to the same MAC, and a token changed in one character must not pass.
      const given = Buffer.from(sig, 'utf8');
      const expected = Buffer.from(signature(await loadSecret(), payload).toString('base64url'), 'utf8');
      // timingSafeEqual needs equal lengths; the length of a SHA-256 MAC is public anyway.
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { kind: 'refused', reason: 'bad-signature' };
      const claim = decodePayload(payload);
      if (claim === null) return { kind: 'refused', reason: 'malformed' };
      if (claim.expiresAtSec * 1000 <= Date.parse(now)) return { kind: 'refused', reason: 'expired' };
      return { kind: 'valid', claim };
    },
  };
}
