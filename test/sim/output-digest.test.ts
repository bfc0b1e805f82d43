// Behaviour held byte for byte: the sample's outputs match the digests recorded before a refactor.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIGEST_FILE, DIGEST_RUN, sampleDigests } from './output-digest.js';

describe('the sample run', () => {
  it('writes the same touches, decisions, signals, reports and effects as recorded', { timeout: 120_000 }, async () => {
    const recorded = JSON.parse(readFileSync(DIGEST_FILE, 'utf8')) as {
      run: typeof DIGEST_RUN;
      digests: Record<string, string>;
    };
    expect(recorded.run).toEqual(DIGEST_RUN);
    expect(await sampleDigests()).toEqual(recorded.digests);
  });
});
