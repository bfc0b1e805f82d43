// The unsubscribe signing secret, read from Secrets Manager once per container and kept in memory:
// never in an environment variable, never in the template, never logged.
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export const MIN_SECRET_LENGTH = 32;

export class UnusableSecretError extends Error {
  override readonly name = 'UnusableSecretError';
  constructor(readonly secretId: string, what: string) {
    super(`secret ${secretId}: ${what}; expected a SecretString of at least ${MIN_SECRET_LENGTH} characters (plain, or JSON {"secret": "..."})`);
  }
}

/** Accepts the plain string Secrets Manager generates, or a JSON object with a `secret` field. */
export function secretFromString(secretId: string, value: string | undefined): string {
  if (value === undefined) throw new UnusableSecretError(secretId, 'it has no SecretString');
  let secret = value;
  if (value.trimStart().startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new UnusableSecretError(secretId, 'it looks like JSON but does not parse');
    }
    const field = (parsed as { secret?: unknown }).secret;
    if (typeof field !== 'string') throw new UnusableSecretError(secretId, 'its JSON has no string field "secret"');
    secret = field;
  }
  if (secret.length < MIN_SECRET_LENGTH) throw new UnusableSecretError(secretId, `it is shorter than ${MIN_SECRET_LENGTH} characters`);
  return secret;
}

/** A loader that fetches the secret on first use and reuses it; a failed fetch is retried next call. */
export function createSecretLoader(client: SecretsManagerClient, secretId: string): () => Promise<string> {
  let pending: Promise<string> | undefined;
  return () => {
    pending ??= client
      .send(new GetSecretValueCommand({ SecretId: secretId }))
      .then((out) => secretFromString(secretId, out.SecretString))
      .catch((error: unknown) => {
        pending = undefined;
        throw error;
      });
    return pending;
  };
}
