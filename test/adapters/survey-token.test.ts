import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rotateSigningKeys, type SigningKeys } from '../../functions/adapters/signing-keys.js';
import { createSurveyTokens } from '../../functions/adapters/survey-token.js';
import { createUnsubscribeTokens } from '../../functions/adapters/unsubscribe-token.js';
import type { SurveyType } from '../../functions/core/program.js';
import { surveyScores } from '../../functions/core/survey-scale.js';

const SECRET = 's'.repeat(48);
const tokens = createSurveyTokens(async () => SECRET);
const NOW = '2026-02-02T00:00:00.000Z';
const LATER = '2026-04-02T00:00:00.000Z';
const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,40}$/);
const scored = fc
  .constantFrom<SurveyType>('nps', 'csat')
  .chain((survey) => fc.tuple(fc.constant(survey), fc.constantFrom(...surveyScores(survey))));

describe('survey tokens', () => {
  it('verify what they signed: account, contact, touch, survey, score and expiry', async () => {
    await fc.assert(
      fc.asyncProperty(id, id, id, scored, async (accountId, contactId, touchId, [survey, score]) => {
        const token = await tokens.signSurvey({ accountId, contactId, touchId, survey, score }, LATER);
        expect(await tokens.verifySurvey(token, NOW)).toEqual({
          kind: 'valid',
          claim: { accountId, contactId, touchId, survey, score, expiresAtSec: Date.parse(LATER) / 1000 },
          keyId: 'k0',
        });
      }),
    );
  });

  it('refuses to sign a score off the scale', async () => {
    const claim = { accountId: 'a', contactId: 'c', touchId: 't', survey: 'csat' as const, score: 0 };
    await expect(tokens.signSurvey(claim, LATER)).rejects.toThrow('csat scale');
  });

  it('is expired at its expiry', async () => {
    const token = await tokens.signSurvey(
      { accountId: 'a', contactId: 'c', touchId: 't', survey: 'nps', score: 5 },
      LATER,
    );
    expect(await tokens.verifySurvey(token, LATER)).toEqual({ kind: 'refused', reason: 'expired' });
  });

  it('and unsubscribe tokens of the same key never pass for one another', async () => {
    const unsubscribe = createUnsubscribeTokens(async () => SECRET);
    const u = await unsubscribe.sign('acc-1', 'c-1', LATER);
    const s = await tokens.signSurvey(
      { accountId: 'acc-1', contactId: 'c-1', touchId: 't', survey: 'nps', score: 9 },
      LATER,
    );
    expect(await tokens.verifySurvey(u, NOW)).toEqual({ kind: 'refused', reason: 'bad-signature' });
    expect(await unsubscribe.verify(s, NOW)).toEqual({ kind: 'refused', reason: 'bad-signature' });
  });

  it('follow the key rotation: valid under the previous key, refused once it is retired', async () => {
    let keys: SigningKeys = { current: { id: 'k1', key: 'a'.repeat(48) }, previous: null };
    const rotating = createSurveyTokens(async () => keys);
    const token = await rotating.signSurvey(
      { accountId: 'a', contactId: 'c', touchId: 't', survey: 'nps', score: 1 },
      LATER,
    );
    keys = rotateSigningKeys(keys, 'b'.repeat(48)).keys;
    expect(await rotating.verifySurvey(token, NOW)).toMatchObject({ kind: 'valid', keyId: 'k1' });
    keys = rotateSigningKeys(keys, 'c'.repeat(48)).keys;
    expect(await rotating.verifySurvey(token, NOW)).toEqual({ kind: 'refused', reason: 'unknown-key' });
  });
});
