// `teichaku keys rotate` against a mocked Secrets Manager that keeps what is written: the ring it
// writes, the links that verify after each rotation, the dry run, the guard against rotating twice
// within minutes, and output that names key ids but never a key.
import { GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signingKeysFromString } from '../../functions/adapters/signing-keys.js';
import { createUnsubscribeTokens } from '../../functions/adapters/unsubscribe-token.js';
import { parseKeysRotateFlags, rotateSigningKey, rotationText } from '../../functions/cli/keys.js';
import { main } from '../../functions/cli/main.js';

const SECRET_ID = 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:UnsubscribeSigningKey-AbCd';
const LEGACY_KEY = 'L'.repeat(64);
const T0 = Date.parse('2026-12-01T00:00:00.000Z');
const LATER = '2027-06-01T00:00:00.000Z';

const secrets = mockClient(SecretsManagerClient);
/** The secret as Secrets Manager would hold it: each put is a new current version. */
let stored: { value: string; createdMs: number };
let nowMs = T0;

beforeEach(() => {
  secrets.reset();
  stored = { value: LEGACY_KEY, createdMs: Date.parse('2026-01-01T00:00:00.000Z') };
  nowMs = T0;
  secrets.on(GetSecretValueCommand).callsFake(() => ({
    SecretString: stored.value,
    CreatedDate: new Date(stored.createdMs),
    VersionId: `v-${stored.createdMs}`,
  }));
  secrets.on(PutSecretValueCommand).callsFake((input: { SecretString: string }) => {
    stored = { value: input.SecretString, createdMs: nowMs };
    return { VersionId: `v-${nowMs}` };
  });
});
afterEach(() => secrets.reset());

const client = new SecretsManagerClient({ region: 'ap-northeast-1' });
const rotate = (extra: Record<string, unknown> = {}) =>
  rotateSigningKey(parseKeysRotateFlags({ secretId: SECRET_ID, ...extra }), { client, nowMs: () => nowMs });

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => ((err += chunk), true)) as typeof process.stderr.write;
  try {
    return { code: await main(['node', 'teichaku', ...args]), out, err };
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
    process.exitCode = undefined;
  }
}

describe('teichaku keys rotate', () => {
  it('turns the bare-string secret into a ring: a new current key k1, the old key kept as k0', async () => {
    const outcome = await rotate();
    expect(outcome).toMatchObject({ dryRun: false, current: 'k1', previous: 'k0', retired: null });
    const put = secrets.commandCalls(PutSecretValueCommand)[0]?.args[0].input;
    expect(put?.SecretId).toBe(SECRET_ID);
    const ring = signingKeysFromString(SECRET_ID, put?.SecretString);
    expect(ring.previous).toEqual({ id: 'k0', key: LEGACY_KEY });
    expect(ring.current.id).toBe('k1');
    expect(ring.current.key).toMatch(/^[A-Za-z0-9_-]{64}$/);
  });

  it('rotated twice: links of the key before last stop verifying, the others keep working', async () => {
    const tokens = createUnsubscribeTokens(async () => signingKeysFromString(SECRET_ID, stored.value));
    const links: Record<string, string> = { k0: await tokens.sign('acc-1', 'c-1', LATER) };
    await rotate();
    links.k1 = await tokens.sign('acc-1', 'c-1', LATER);
    const afterFirst = Object.fromEntries(
      await Promise.all(
        Object.entries(links).map(async ([k, t]) => [k, (await tokens.verify(t, new Date(nowMs).toISOString())).kind]),
      ),
    );
    expect(afterFirst).toEqual({ k0: 'valid', k1: 'valid' });

    nowMs += 11 * 60_000;
    const second = await rotate();
    expect(second).toMatchObject({
      current: 'k2',
      previous: 'k1',
      retired: 'k0',
      retiredSignedBefore: new Date(T0).toISOString(),
    });
    links.k2 = await tokens.sign('acc-1', 'c-1', LATER);
    const afterSecond = Object.fromEntries(
      await Promise.all(
        Object.entries(links).map(async ([k, t]) => [k, (await tokens.verify(t, new Date(nowMs).toISOString())).kind]),
      ),
    );
    expect(afterSecond).toEqual({ k0: 'refused', k1: 'valid', k2: 'valid' });
  });

  it('refuses a second rotation within ten minutes unless forced', async () => {
    await rotate();
    nowMs += 9 * 60_000;
    await expect(rotate()).rejects.toThrow(/rotated at 2026-12-01T00:00:00.000Z.*--force/);
    expect(secrets.commandCalls(PutSecretValueCommand)).toHaveLength(1);
    expect((await rotate({ force: true })).current).toBe('k2');
  });

  it('writes nothing on a dry run, and says what would change', async () => {
    await rotate();
    nowMs += 11 * 60_000;
    const before = stored.value;
    const outcome = await rotate({ dryRun: true });
    expect(secrets.commandCalls(PutSecretValueCommand)).toHaveLength(1);
    expect(stored.value).toBe(before);
    expect(rotationText(outcome, nowMs)).toContain(
      'dry run: would make k2 the current unsubscribe signing key; nothing was written',
    );
    expect(rotationText(outcome, nowMs)).toContain('k0 would no longer be accepted');
  });

  it('prints key ids through the command line, never a key', async () => {
    const { code, out, err } = await run(['keys', 'rotate', '--secret-id', SECRET_ID, '--region', 'ap-northeast-1']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('rotated: k1 is the current unsubscribe signing key');
    expect(out).toContain('k0 stays accepted as the previous key');
    const ring = signingKeysFromString(SECRET_ID, stored.value);
    for (const key of [ring.current.key, LEGACY_KEY]) expect(out).not.toContain(key);
  });

  it('refuses a secret it cannot read as keys, naming the secret and not its value', async () => {
    stored = { value: 'too-short', createdMs: T0 };
    const { code, err } = await run(['keys', 'rotate', '--secret-id', SECRET_ID, '--region', 'ap-northeast-1']);
    expect(code).not.toBe(0);
    expect(err).toContain(SECRET_ID);
    expect(err).not.toContain('too-short');
    expect(secrets.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });

  it('needs --secret-id', async () => {
    const { code, err } = await run(['keys', 'rotate']);
    expect(code).not.toBe(0);
    expect(err).toContain('--secret-id');
  });
});
