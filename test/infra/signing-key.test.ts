// The unsubscribe signing secret as the template declares it. Its generator must not change: on any
// change CloudFormation generates a new value, replacing every key (rotated ones too) and breaking
// every link already sent. The functions read that bare value as key k0; rotation is the CLI's job.
import { afterAll, describe, expect, it } from 'vitest';
import { signingKeysFromString } from '../../functions/adapters/signing-keys.js';
import { removeTemporaryDirs, synthTeichaku } from './fixtures/synth.js';
import { resourcesOf } from './fixtures/template-queries.js';

const { teichaku, template } = synthTeichaku();
afterAll(removeTemporaryDirs);

describe('the unsubscribe signing secret', () => {
  it('keeps the generator deployed stacks were created with, so a deploy never replaces the keys', () => {
    const secrets = resourcesOf(template, 'AWS::SecretsManager::Secret');
    expect(secrets).toHaveLength(1);
    expect(secrets[0]?.[1].Properties?.GenerateSecretString).toEqual({ PasswordLength: 64, ExcludePunctuation: true });
    expect(secrets[0]?.[1].Properties?.SecretString).toBeUndefined();
  });

  it('generates a value the functions read as the one key k0', () => {
    // What Secrets Manager generates for that generator: 64 letters and digits.
    const generated = 'aZ09'.repeat(16);
    expect(signingKeysFromString('UnsubscribeSigningKey', generated)).toEqual({
      current: { id: 'k0', key: generated },
      previous: null,
    });
  });

  it('acknowledges no rotation schedule with the reason: rotation by `teichaku keys rotate`, keeping the previous key', () => {
    const acknowledged = teichaku.unsubscribeSigningKey.node.metadata.filter(
      (m) => m.type === 'aws:cdk:acknowledged-rules',
    );
    const text = JSON.stringify(acknowledged.map((m) => m.data));
    expect(text).toContain('AwsSolutions-SMG4');
    expect(text).toContain('teichaku keys rotate');
    expect(text).toContain('previous');
  });
});
