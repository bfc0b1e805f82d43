// The unsubscribe signing keys, read from Secrets Manager and kept in memory for a few minutes:
// never in an environment variable, never in the template, never logged.
//
// After `teichaku keys rotate`, a warm function keeps signing with the key it read for up to
// `maxAgeMs` (5 minutes by default, plus one read). That is safe because the replaced key stays
// accepted as the previous one: those links keep working until the rotation after next. A function
// that meets a token naming a key it does not hold (signed by a function that already read the new
// key) reads the secret again at once, at most once per `minRefreshMs`, so a made-up key id cannot
// turn into a flood of Secrets Manager calls.
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type SigningKeys, signingKeysFromString } from './signing-keys.js';

export { UnusableSecretError } from './signing-keys.js';

export const DEFAULT_KEY_MAX_AGE_MS = 5 * 60_000;
export const DEFAULT_KEY_MIN_REFRESH_MS = 30_000;

export interface SigningKeyLoaderOptions {
  /** How long keys read are used before the next call reads them again. */
  readonly maxAgeMs?: number;
  /** The shortest time between two reads asked for by an unknown key id. */
  readonly minRefreshMs?: number;
  readonly nowMs?: () => number;
}

/**
 * Loads the keys. `{ fresh: true }` asks for a new read (a token named a key not held), which
 * happens only when the keys in memory are older than `minRefreshMs`.
 */
export type SigningKeyLoader = (options?: { readonly fresh?: boolean }) => Promise<SigningKeys>;

/** A loader that reads on first use, again once the keys are `maxAgeMs` old; a failed read is retried next call. */
export function createSigningKeyLoader(
  client: SecretsManagerClient,
  secretId: string,
  options: SigningKeyLoaderOptions = {},
): SigningKeyLoader {
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_KEY_MAX_AGE_MS;
  const minRefreshMs = options.minRefreshMs ?? DEFAULT_KEY_MIN_REFRESH_MS;
  const nowMs = options.nowMs ?? Date.now;
  let held: { readonly keys: SigningKeys; readonly readAtMs: number } | undefined;
  let pending: Promise<SigningKeys> | undefined;

  function read(): Promise<SigningKeys> {
    pending ??= client
      .send(new GetSecretValueCommand({ SecretId: secretId }))
      .then((out) => {
        const keys = signingKeysFromString(secretId, out.SecretString);
        held = { keys, readAtMs: nowMs() };
        return keys;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  }

  return async (request = {}) => {
    if (held === undefined) return read();
    const ageMs = nowMs() - held.readAtMs;
    if (ageMs >= maxAgeMs || (request.fresh === true && ageMs >= minRefreshMs)) return read();
    return held.keys;
  };
}
