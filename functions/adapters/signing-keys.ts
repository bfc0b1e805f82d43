// The keys that sign unsubscribe links, as the Secrets Manager secret holds them. Two formats:
//   - the bare string CloudFormation generated when the stack was created: one key, id `k0`;
//   - `{"keys":[{"id":"k2","key":"…"},{"id":"k1","key":"…"}]}`, written by `teichaku keys rotate`:
//     the current key first, then at most one previous key.
// Links are signed with the current key and verified with the current or the previous one, so a link
// keeps working until the second rotation after the one that signed it. Nothing here ever puts a key
// into an error message.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { TeichakuError } from '../core/errors.js';

/** The id of the key in a bare-string secret, and of tokens that carry no key id (signed before key ids). */
export const LEGACY_KEY_ID = 'k0';
export const MIN_KEY_LENGTH = 32;
/** Bytes of a new key; base64url makes them 64 characters, the length CloudFormation generates. */
const NEW_KEY_BYTES = 48;

/** A key id goes into every link, before the first dot: URL-safe, no dot. */
export const KeyId = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be 1 to 32 letters, digits, "-" or "_"');
export type KeyId = z.infer<typeof KeyId>;

export const SigningKey = z.object({
  id: KeyId,
  key: z.string().min(MIN_KEY_LENGTH, `must be at least ${MIN_KEY_LENGTH} characters`),
});
export type SigningKey = z.infer<typeof SigningKey>;

/** The secret's JSON: current first, then the previous key if there is one; ids differ. */
export const SigningKeysJson = z.object({
  keys: z
    .array(SigningKey)
    .min(1, 'must hold the current key')
    .max(2, 'must hold at most the current and the previous key')
    .refine((keys) => new Set(keys.map((k) => k.id)).size === keys.length, 'must not repeat a key id'),
});

export interface SigningKeys {
  /** Signs every new link. */
  readonly current: SigningKey;
  /** Still verifies links signed before the last rotation. */
  readonly previous: SigningKey | null;
}

export class UnusableSecretError extends TeichakuError {
  readonly code = 'UNUSABLE_SECRET';
  override readonly name = 'UnusableSecretError';
  constructor(
    readonly secretId: string,
    what: string,
  ) {
    super(
      `secret ${secretId}: ${what}; expected a SecretString that is either one key of at least ${MIN_KEY_LENGTH} characters, ` +
        'or JSON {"keys":[{"id":"k2","key":"..."},{"id":"k1","key":"..."}]} (current key first, at most two)',
    );
  }
}

/** Where in the JSON and what was wrong, never the value (zod's own messages may quote it). */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length === 0 ? 'the JSON' : issue.path.map(String).join('.');
      return `${where} ${issue.code === 'invalid_type' ? 'is missing or of the wrong type' : issue.message}`;
    })
    .join('; ');
}

/** The keys in the secret's value, in either format (also the older JSON `{"secret": "..."}`, as `k0`). */
export function signingKeysFromString(secretId: string, value: string | undefined): SigningKeys {
  if (value === undefined) throw new UnusableSecretError(secretId, 'it has no SecretString');
  if (!value.trimStart().startsWith('{')) return legacy(secretId, value);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new UnusableSecretError(secretId, 'it looks like JSON but does not parse');
  }
  if (typeof parsed === 'object' && parsed !== null && !('keys' in parsed) && 'secret' in parsed) {
    const secret = (parsed as { secret: unknown }).secret;
    if (typeof secret !== 'string') throw new UnusableSecretError(secretId, 'its field "secret" is not a string');
    return legacy(secretId, secret);
  }
  const keyring = SigningKeysJson.safeParse(parsed);
  if (!keyring.success) throw new UnusableSecretError(secretId, describeIssues(keyring.error));
  const [current, previous] = keyring.data.keys as [SigningKey, SigningKey?];
  return { current, previous: previous ?? null };
}

function legacy(secretId: string, key: string): SigningKeys {
  if (key.length < MIN_KEY_LENGTH)
    throw new UnusableSecretError(secretId, `its key is shorter than ${MIN_KEY_LENGTH} characters`);
  return { current: { id: LEGACY_KEY_ID, key }, previous: null };
}

/** The secret's value in the key-ring format. */
export function signingKeysToString(keys: SigningKeys): string {
  return JSON.stringify({ keys: keys.previous === null ? [keys.current] : [keys.current, keys.previous] });
}

/** The keys a token may be verified with: current, then previous. */
export function acceptedKeys(keys: SigningKeys): readonly SigningKey[] {
  return keys.previous === null ? [keys.current] : [keys.current, keys.previous];
}

/** `k<n+1>` for the highest `k<n>` held (`k0` for a bare-string secret), so ids never repeat in order. */
export function nextKeyId(keys: SigningKeys): KeyId {
  const numbers = acceptedKeys(keys)
    .map((k) => /^k(\d{1,9})$/.exec(k.id)?.[1])
    .filter((n): n is string => n !== undefined);
  let next = numbers.length === 0 ? 1 : Math.max(...numbers.map(Number)) + 1;
  while (acceptedKeys(keys).some((k) => k.id === `k${next}`)) next++;
  return `k${next}`;
}

/** A fresh random key (node:crypto), 64 URL-safe characters. */
export function newSigningKeyMaterial(): string {
  return randomBytes(NEW_KEY_BYTES).toString('base64url');
}

export interface Rotation {
  readonly keys: SigningKeys;
  /** The key no longer accepted: links it signed stop working. Null when nothing drops out. */
  readonly retired: KeyId | null;
}

/** Current becomes previous, the new key becomes current; the old previous is no longer accepted. */
export function rotateSigningKeys(keys: SigningKeys, newKey: string): Rotation {
  if (newKey.length < MIN_KEY_LENGTH)
    throw new Error(`a new signing key must be at least ${MIN_KEY_LENGTH} characters`);
  if (acceptedKeys(keys).some((k) => k.key === newKey))
    throw new Error('a new signing key must differ from the keys it replaces');
  return {
    keys: { current: { id: nextKeyId(keys), key: newKey }, previous: keys.current },
    retired: keys.previous?.id ?? null,
  };
}
