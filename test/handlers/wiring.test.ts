import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ContentFileError } from '../../functions/adapters/content-file.js';
import { contentAt, lambdaEntry } from '../../functions/handlers/wiring.js';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('lambda entry', () => {
  it('builds the handler during the Lambda init phase', () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'teichaku-ingest');
    let builds = 0;
    lambdaEntry(() => {
      builds++;
      return async () => 'ok';
    });
    expect(builds).toBe(1);
  });

  it('builds once, on first call, outside Lambda', async () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', undefined);
    let builds = 0;
    const entry = lambdaEntry(() => {
      builds++;
      return async (n: number) => n + 1;
    });
    expect(builds).toBe(0);
    expect(await entry(1)).toBe(2);
    expect(await entry(2)).toBe(3);
    expect(builds).toBe(1);
  });

  it('fails a cold start with a missing variable, naming it', async () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'teichaku-engagement');
    vi.stubEnv('TABLE_NAME', '');
    await expect(import('../../functions/handlers/engagement.js')).rejects.toThrowError(/TABLE_NAME is missing/);
  });
});

describe('content file path', () => {
  it('reads a relative path next to the bundle and names the file when it is not an artifact', () => {
    const dir = mkdtempSync(join(tmpdir(), 'teichaku-wiring-'));
    writeFileSync(join(dir, 'content.json'), '{"format": 99}');
    expect(() => contentAt('./content.json', dir)).toThrowError(ContentFileError);
    expect(() => contentAt('./content.json', dir)).toThrowError(/content\.json/);
  });
});

describe('an error that escapes a handler', () => {
  it('reaches the runtime scrubbed: its class name, no address, no stack or cause of the original', async () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', undefined);
    const original = Object.assign(new Error('Email address is not verified: hanako@example.com'), {
      name: 'MessageRejected',
      $response: { body: 'hanako@example.com' },
    });
    const entry = lambdaEntry(() => async () => {
      throw original;
    });
    const escaped = await entry(undefined).then(
      () => null,
      (error: unknown) => error as Error,
    );
    expect(escaped).not.toBeNull();
    expect(escaped?.name).toBe('MessageRejected');
    expect(escaped?.message).toBe('Email address is not verified: <email>');
    expect(escaped?.cause).toBeUndefined();
    expect(JSON.stringify(escaped)).not.toContain('hanako');
    expect(escaped?.stack ?? '').not.toContain('hanako');
    expect(Object.keys(escaped ?? {})).not.toContain('$response');
  });
});
