// `teichaku keys rotate`: a new unsubscribe signing key, in one step. Reads the secret, makes a new
// random key the current one under the next id, keeps the current key as the previous one (links it
// signed keep working) and drops the old previous key, then writes the secret as a new version.
// Prints key ids and dates, never a key.
import { GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Command } from 'commander';
import { z } from 'zod';
import { DEFAULT_KEY_MAX_AGE_MS } from '../adapters/secrets.js';
import {
  type KeyId,
  newSigningKeyMaterial,
  rotateSigningKeys,
  signingKeysFromString,
  signingKeysToString,
} from '../adapters/signing-keys.js';
import { DEFAULT_TOKEN_TTL_DAYS } from '../adapters/unsubscribe-token.js';
import { DAY_MS } from '../core/time.js';

export const KeysRotateFlags = z.object({
  secretId: z.string().trim().min(1, 'must name the secret (the stack’s UnsubscribeSigningKey ARN or name)').max(2048),
  region: z.string().trim().min(1).optional(),
  dryRun: z.boolean().default(false),
  force: z.boolean().default(false),
});
export type KeysRotateFlags = z.infer<typeof KeysRotateFlags>;

const flagName = (key: PropertyKey) => `--${String(key).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

export function parseKeysRotateFlags(raw: unknown): KeysRotateFlags {
  const parsed = KeysRotateFlags.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new Error(
    `keys rotate: ${parsed.error.issues.map((i) => `${flagName(i.path[0] ?? '?')} ${i.code === 'invalid_type' && i.input === undefined ? 'is required' : i.message}`).join('; ')}`,
  );
}

/**
 * A warm function may sign with the key it read for up to DEFAULT_KEY_MAX_AGE_MS after a rotation;
 * a second rotation inside twice that would retire the key those fresh links name.
 */
export const MIN_ROTATION_INTERVAL_MS = 2 * DEFAULT_KEY_MAX_AGE_MS;

export interface RotateDeps {
  readonly client: SecretsManagerClient;
  readonly newKey?: () => string;
  readonly nowMs?: () => number;
}

export interface RotateOutcome {
  readonly dryRun: boolean;
  readonly current: KeyId;
  readonly previous: KeyId;
  /** No longer accepted after this rotation; null when the secret held one key. */
  readonly retired: KeyId | null;
  /** When the replaced ring was written: the retired key signed only links sent before it. */
  readonly retiredSignedBefore: string | null;
  readonly versionId: string | null;
}

export async function rotateSigningKey(flags: KeysRotateFlags, deps: RotateDeps): Promise<RotateOutcome> {
  const nowMs = deps.nowMs ?? Date.now;
  const read = await deps.client.send(new GetSecretValueCommand({ SecretId: flags.secretId }));
  const keys = signingKeysFromString(flags.secretId, read.SecretString);
  const writtenAt = read.CreatedDate ?? null;
  // Only a ring with a previous key was written by a rotation: a bare string's date is the stack's.
  if (
    keys.previous !== null &&
    writtenAt !== null &&
    nowMs() - writtenAt.getTime() < MIN_ROTATION_INTERVAL_MS &&
    !flags.force
  ) {
    throw new Error(
      `keys rotate: secret ${flags.secretId} was rotated at ${writtenAt.toISOString()}; functions may sign with ${keys.previous.id} for up to ` +
        `${DEFAULT_KEY_MAX_AGE_MS / 60_000} minutes after that, and rotating again now would stop those links working. ` +
        `Wait ${MIN_ROTATION_INTERVAL_MS / 60_000} minutes after a rotation, or pass --force (to retire a leaked key at once).`,
    );
  }
  const rotation = rotateSigningKeys(keys, (deps.newKey ?? newSigningKeyMaterial)());
  const outcome = {
    dryRun: flags.dryRun,
    current: rotation.keys.current.id,
    previous: keys.current.id,
    retired: rotation.retired,
    retiredSignedBefore: rotation.retired === null || writtenAt === null ? null : writtenAt.toISOString(),
  };
  if (flags.dryRun) return { ...outcome, versionId: null };
  const put = await deps.client.send(
    new PutSecretValueCommand({ SecretId: flags.secretId, SecretString: signingKeysToString(rotation.keys) }),
  );
  return { ...outcome, versionId: put.VersionId ?? null };
}

/** What a person reads: ids, dates and what stops working; never a key. */
export function rotationText(outcome: RotateOutcome, nowMs: number = Date.now()): string {
  const lines = [
    outcome.dryRun
      ? `dry run: would make ${outcome.current} the current unsubscribe signing key; nothing was written`
      : `rotated: ${outcome.current} is the current unsubscribe signing key${outcome.versionId === null ? '' : ` (secret version ${outcome.versionId})`}`,
    `${outcome.previous} stays accepted as the previous key: links it signed keep working until the next rotation`,
  ];
  if (outcome.retired === null) lines.push('no key is retired: every link sent so far keeps working');
  else {
    const before = outcome.retiredSignedBefore;
    const sent = before === null ? '' : ` (emails sent before about ${before})`;
    lines.push(
      `${outcome.retired} ${outcome.dryRun ? 'would no longer be' : 'is no longer'} accepted: links it signed${sent} ${outcome.dryRun ? 'would stop' : 'stop'} working`,
    );
    if (before !== null && nowMs - Date.parse(before) < DEFAULT_TOKEN_TTL_DAYS * DAY_MS) {
      lines.push(
        `note: links live ${DEFAULT_TOKEN_TTL_DAYS} days, so some of those emails are younger than their link's expiry`,
      );
    }
  }
  if (!outcome.dryRun)
    lines.push(
      `functions sign with ${outcome.current} within ${DEFAULT_KEY_MAX_AGE_MS / 60_000} minutes; nothing to redeploy`,
    );
  return `${lines.join('\n')}\n`;
}

export function register(program: Command): void {
  const keys = program.command('keys').description('the key that signs unsubscribe links');
  keys
    .command('rotate')
    .description('make a new signing key current; the current one stays accepted, the one before it is retired')
    .requiredOption('--secret-id <arn|name>', 'the stack’s UnsubscribeSigningKey secret')
    .option('--region <region>', 'the secret’s AWS region (default: AWS_REGION)')
    .option('--dry-run', 'read the secret and say what would change, write nothing')
    .option('--force', 'rotate even within 10 minutes of the last rotation (to retire a leaked key)')
    .action(async (raw: unknown) => {
      const flags = parseKeysRotateFlags(raw);
      const client = new SecretsManagerClient(flags.region === undefined ? {} : { region: flags.region });
      try {
        process.stdout.write(rotationText(await rotateSigningKey(flags, { client })));
      } finally {
        client.destroy();
      }
    });
}
