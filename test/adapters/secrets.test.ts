import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createSigningKeyLoader,
  DEFAULT_KEY_MAX_AGE_MS,
  UnusableSecretError,
} from '../../functions/adapters/secrets.js';

const secrets = mockClient(SecretsManagerClient);
const client = new SecretsManagerClient({ region: 'us-east-1' });
const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:unsubscribe';
const KEY1 = 'r'.repeat(64);
const KEY2 = 'q'.repeat(64);
const ring = (...keys: Array<[string, string]>) => JSON.stringify({ keys: keys.map(([id, key]) => ({ id, key })) });

beforeEach(() => secrets.reset());

describe('signing key loader', () => {
  it('reads the secret once and reuses it', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 's'.repeat(40) });
    const load = createSigningKeyLoader(client, ARN);
    const expected = { current: { id: 'k0', key: 's'.repeat(40) }, previous: null };
    expect(await Promise.all([load(), load()])).toEqual([expected, expected]);
    await load();
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(secrets.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({ SecretId: ARN });
  });

  it('reads the rotated keys once the held ones are five minutes old, not before', async () => {
    let nowMs = 1_000_000;
    secrets
      .on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: ring(['k1', KEY1]) })
      .resolves({ SecretString: ring(['k2', KEY2], ['k1', KEY1]) });
    const load = createSigningKeyLoader(client, ARN, { nowMs: () => nowMs });
    expect((await load()).current.id).toBe('k1');
    nowMs += DEFAULT_KEY_MAX_AGE_MS - 1;
    expect((await load()).current.id).toBe('k1');
    nowMs += 1;
    expect(await load()).toEqual({ current: { id: 'k2', key: KEY2 }, previous: { id: 'k1', key: KEY1 } });
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('reads again for an unknown key id at most once per 30 seconds', async () => {
    let nowMs = 1_000_000;
    secrets.on(GetSecretValueCommand).resolves({ SecretString: ring(['k1', KEY1]) });
    const load = createSigningKeyLoader(client, ARN, { nowMs: () => nowMs });
    await load();
    nowMs += 29_999;
    await load({ fresh: true });
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    nowMs += 1;
    await load({ fresh: true });
    await load({ fresh: true });
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('refuses an unusable secret without showing it', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'hunter2' });
    const error = await createSigningKeyLoader(client, ARN)().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnusableSecretError);
    expect((error as Error).message).toContain(ARN);
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('tries again on the next call after a failed read', async () => {
    secrets.on(GetSecretValueCommand).rejectsOnce(new Error('network')).resolves({ SecretString: KEY1 });
    const load = createSigningKeyLoader(client, ARN);
    await expect(load()).rejects.toThrowError('network');
    expect((await load()).current.key).toBe(KEY1);
  });
});
