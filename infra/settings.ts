// The construct's props checked once, with messages that say which prop and what is expected.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DUE_SHARDS } from '../functions/adapters/table-schema.js';
import { Email } from '../functions/core/events.js';

// infra/ in the repository, lib/infra/ in the installed package.
const HERE = dirname(fileURLToPath(import.meta.url));
/** The handlers' TypeScript entry files: in the repository only (the package ships no sources). */
const SOURCE_HANDLERS_DIR = resolve(HERE, '../functions/handlers');
/** The handlers `npm run package` bundled (lib/handlers/<name>/index.mjs): in the package. */
const PACKAGED_HANDLERS_DIR = resolve(HERE, '../handlers');

/** Where the construct finds the content when no `contentFile` is given: `teichaku build`'s output, in the folder cdk runs from. */
export const DEFAULT_CONTENT_FILE = 'dist/content.json';

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
  const contentFile = fromCurrentDir(input.contentFile ?? DEFAULT_CONTENT_FILE);
  if (!existsSync(contentFile)) {
    throw new Error(
      `teichaku: the built program and templates (${input.contentFile ?? DEFAULT_CONTENT_FILE}) do not exist; ` +
        'run `npm run build` first (`npx teichaku build` in a project of your own), or set the contentFile prop to a built content.json',
    );
  }
  const handlersDir = input.handlersDir === undefined ? defaultHandlersDir() : fromCurrentDir(input.handlersDir);
  return { handlersDir, contentFile, dueShards, sendRatePerSecond, senderConcurrency };
}

/**
 * The sources when they are there (the repository: tests and `cdk synth` always bundle what is
 * checked out, never a stale lib/), else the package's pre-bundled handlers.
 */
function defaultHandlersDir(): string {
  return existsSync(join(SOURCE_HANDLERS_DIR, 'ingest.ts')) ? SOURCE_HANDLERS_DIR : PACKAGED_HANDLERS_DIR;
}

/** A relative path is taken from the current directory: the CDK app's folder, where cdk runs. */
function fromCurrentDir(path: string): string {
  return isAbsolute(path) ? path : resolve(process.cwd(), path);
}
