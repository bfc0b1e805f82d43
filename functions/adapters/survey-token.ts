// Signed survey tokens, one per score link of a survey email: `<key id>.<payload>.<signature>`, all
// base64url, the unsubscribe token's scheme with the same keys and rotation (unsubscribe-token.ts,
// signing-keys.ts). The payload names the account, the contact, the survey touch, the survey type,
// the score and an expiry. The MAC is over a label of its own, so a token signed for one purpose never
// verifies for the other: an unsubscribe link cannot answer a survey, a survey link cannot unsubscribe.
import { Id } from '../core/events.js';
import type { SurveyClaim, SurveyTokenSigner, SurveyTokenVerifier } from '../core/ports.js';
import { SurveyType } from '../core/program.js';
import { isSurveyScore } from '../core/survey-scale.js';
import { keyFinder, keysOf, signature, signatureMatches, type TokenKeySource } from './unsubscribe-token.js';

const LABEL = 'teichaku-survey-v1\n';
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export interface SurveyTokens extends SurveyTokenSigner, SurveyTokenVerifier {}

function encodePayload(claim: SurveyClaim): string {
  // Ids cannot contain a newline (events.ts Id pattern), so it separates the fields unambiguously.
  const fields = [claim.accountId, claim.contactId, claim.touchId, claim.survey, claim.score, claim.expiresAtSec];
  return Buffer.from(fields.join('\n'), 'utf8').toString('base64url');
}

function decodePayload(payload: string): SurveyClaim | null {
  const fields = Buffer.from(payload, 'base64url').toString('utf8').split('\n');
  if (fields.length !== 6) return null;
  const [accountId, contactId, touchId, survey, score, exp] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (![accountId, contactId, touchId].every((id) => Id.safeParse(id).success)) return null;
  const type = SurveyType.safeParse(survey);
  if (!type.success || !/^\d{1,2}$/.test(score) || !isSurveyScore(type.data, Number(score))) return null;
  if (!/^\d{1,12}$/.test(exp)) return null;
  return { accountId, contactId, touchId, survey: type.data, score: Number(score), expiresAtSec: Number(exp) };
}

/** Survey tokens signed with the keys the source returns (the unsubscribe signing key's source). */
export function createSurveyTokens(source: TokenKeySource): SurveyTokens {
  const keyNamed = keyFinder(source);
  return {
    async signSurvey(claim, expiresAt) {
      const expiresAtSec = Math.floor(Date.parse(expiresAt) / 1000);
      if (!Number.isFinite(expiresAtSec)) throw new Error('survey token expiry must be an ISO date-time');
      if (!isSurveyScore(claim.survey, claim.score))
        throw new Error(`survey token score must be on the ${claim.survey} scale`);
      const payload = encodePayload({ ...claim, expiresAtSec });
      const { current } = keysOf(await source());
      return `${current.id}.${payload}.${signature(LABEL, current, `${current.id}\n${payload}`).toString('base64url')}`;
    },
    async verifySurvey(token, now) {
      const parts = token.length <= 1024 ? token.split('.') : [];
      if (parts.length !== 3 || !parts.every((p) => BASE64URL.test(p))) return { kind: 'refused', reason: 'malformed' };
      const [keyId, payload, sig] = parts as [string, string, string];
      const key = await keyNamed(keyId);
      if (key === undefined) return { kind: 'refused', reason: 'unknown-key' };
      if (!signatureMatches(LABEL, key, `${keyId}\n${payload}`, sig))
        return { kind: 'refused', reason: 'bad-signature' };
      const claim = decodePayload(payload);
      if (claim === null) return { kind: 'refused', reason: 'malformed' };
      if (claim.expiresAtSec * 1000 <= Date.parse(now)) return { kind: 'refused', reason: 'expired' };
      return { kind: 'valid', claim, keyId: key.id };
    },
  };
}
