// The digest function's environment: parsed once, each bad variable named (never its value), with
// the defaults the construct relies on.
import { describe, expect, it } from 'vitest';
import { digestConfig } from '../../functions/handlers/digest.js';

const BASE = { TABLE_NAME: 'teichaku', DIGEST_FROM_ADDRESS: 'cs-team@example.com' };

describe('the digest function environment', () => {
  it('takes the table, the From address, and defaults the language and the read rate', () => {
    expect(digestConfig(BASE)).toMatchObject({
      TABLE_NAME: 'teichaku',
      DIGEST_FROM_ADDRESS: 'cs-team@example.com',
      DIGEST_LOCALE: 'ja',
      DIGEST_MAX_READ_UNITS: 1000,
      CONTENT_FILE: './content.json',
    });
  });

  it('names each missing or bad variable without echoing its value', () => {
    expect(() => digestConfig({ TABLE_NAME: 'teichaku' })).toThrow(/DIGEST_FROM_ADDRESS is missing/);
    let message = '';
    try {
      digestConfig({ ...BASE, DIGEST_LOCALE: 'fr-secret', DIGEST_MAX_READ_UNITS: '-5' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/DIGEST_LOCALE/);
    expect(message).toMatch(/DIGEST_MAX_READ_UNITS .*positive/);
    expect(message).not.toContain('fr-secret');
  });
});
