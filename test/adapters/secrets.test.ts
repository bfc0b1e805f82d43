import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSecretLoader, UnusableSecretError } from '../../functions/adapters/secrets.js';

const secrets = mockClient(SecretsManagerClient);
const client = new SecretsManagerClient({ region: 'us-east-1' });
const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:unsubscribe';

beforeEach(() => secrets.reset());

describe('secret loader', () => {
  it('reads the secret once and reuses it', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 's'.repeat(40) });
    const load = createSecretLoader(client, ARN);
    expect(await Promise.all([load(), load()])).toEqual(['s'.repeat(40), 's'.repeat(40)]);
    await load();
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(secrets.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({ SecretId: ARN });
  });

  it('accepts a JSON secret with a secret field', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ secret: 'j'.repeat(32) }) });
    expect(await createSecretLoader(client, ARN)()).toBe('j'.repeat(32));
  });

  it('refuses a short secret without showing it', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'hunter2' });
    const error = await createSecretLoader(client, ARN)().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnusableSecretError);
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('tries again on the next call after a failed read', async () => {
    secrets.on(GetSecretValueCommand).rejectsOnce(new Error('network')).resolves({ SecretString: 'r'.repeat(32) });
    const load = createSecretLoader(client, ARN);
    await expect(load()).rejects.toThrowError('network');
    expect(await load()).toBe('r'.repeat(32));
  });
});
