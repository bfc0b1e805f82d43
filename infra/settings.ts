// The construct's props checked once, with messages that say which prop and what is expected.
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DUE_SHARDS } from '../functions/adapters/table-schema.js';
import { Email } from '../functions/core/events.js';

const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface SettingsInput {
  readonly fromAddress: string;
  readonly eventBusGiven: boolean;
  readonly eventBusName?: string;
  readonly dueShards?: number;
  readonly sendRatePerSecond?: number;
  readonly senderConcurrency?: number;
  readonly contentFile?: string;
  readonly handlersDir?: string;
}

export interface Settings {
  /** Absolute directory of the handler entry files. */
  readonly handlersDir: string;
  /** Absolute path of the build's content file; it exists. */
  readonly contentFile: string;
  readonly dueShards: number;
  readonly sendRatePerSecond: number;
  readonly senderConcurrency: number;
}

export function checkedSettings(input: SettingsInput): Settings {
  if (input.eventBusGiven && input.eventBusName !== undefined) {
    throw new Error('teichaku: give either eventBus or eventBusName, not both');
  }
  // The sender parses FROM_ADDRESS with the same schema at cold start; fail here, not in Lambda.
  if (!Email.safeParse(input.fromAddress).success) {
    throw new Error('teichaku: fromAddress must be a bare email address such as success@example.com (the display name comes from the program)');
  }
  const dueShards = input.dueShards ?? DEFAULT_DUE_SHARDS;
  if (!Number.isInteger(dueShards) || dueShards < 1 || dueShards > 1000) {
    throw new Error(`teichaku: dueShards must be an integer from 1 to 1000 (got ${dueShards})`);
  }
  const sendRatePerSecond = input.sendRatePerSecond ?? 10;
  if (!Number.isFinite(sendRatePerSecond) || sendRatePerSecond <= 0) {
    throw new Error(`teichaku: sendRatePerSecond must be a positive number (got ${sendRatePerSecond})`);
  }
  const senderConcurrency = input.senderConcurrency ?? 2;
  // SQS event sources accept a maximum concurrency from 2 to 1000.
  if (!Number.isInteger(senderConcurrency) || senderConcurrency < 2 || senderConcurrency > 1000) {
    throw new Error(`teichaku: senderConcurrency must be an integer from 2 to 1000 (got ${senderConcurrency})`);
  }
  const contentFile = absolute(input.contentFile, 'dist/content.json');
  if (!existsSync(contentFile)) {
    throw new Error(
      `teichaku: the built program and templates (${input.contentFile ?? 'dist/content.json'}) do not exist; ` +
        'run `npm run build` first, or set the contentFile prop to a built content.json',
    );
  }
  const handlersDir = absolute(input.handlersDir, 'functions/handlers');
  return { handlersDir, contentFile, dueShards, sendRatePerSecond, senderConcurrency };
}

/** A given path is resolved from the current directory; the default from this package's root. */
function absolute(given: string | undefined, packageDefault: string): string {
  if (given === undefined) return resolve(PACKAGE_ROOT, packageDefault);
  return isAbsolute(given) ? given : resolve(process.cwd(), given);
}
