// The daily digests of a local run's last day: the same use case the digest λ runs, over the run's
// accounts.jsonl, sent through the local SES (when the run used it) from the replay's team address,
// and written to <out>/digests/<owner>.html and .txt for a person to open.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../adapters/local/local-services.js';
import { createSesMailer } from '../adapters/ses-mailer.js';
import { createSendDigests, type DigestsSent } from '../app/send-digests.js';
import type { Locale } from '../core/events.js';
import type { Mailer } from '../core/ports.js';
import type { Program } from '../core/program.js';
import type { Programs } from '../core/programs.js';
import { REPLAY_FROM_ADDRESS } from '../sim/replay-handlers.js';
import { statesFromRun } from './queue-sources.js';

export interface SampleDigestsOptions {
  /** The run's output folder (its accounts.jsonl); the digests go to its `digests/`. */
  readonly outDir: string;
  readonly programs: Program | Programs;
  /** The run's end: the digests are those of its last day. */
  readonly at: string;
  /** The local SES's address; null: nothing is sent, the files are still written. */
  readonly sesEndpoint: string | null;
  readonly locale?: Locale;
}

/** A file name for the owner: the address in lower case, anything but letters, digits, `.`, `-`, `_` and `@` as `_`. */
export function digestFileName(email: string): string {
  return email.toLowerCase().replace(/[^a-z0-9.@_-]/g, '_');
}

const NOT_SENT: Mailer = { send: async () => ({ messageId: 'not-sent' }) };

export async function sendSampleDigests(options: SampleDigestsOptions): Promise<DigestsSent & { dir: string }> {
  const dir = join(options.outDir, 'digests');
  await mkdir(dir, { recursive: true });
  const ses =
    options.sesEndpoint === null
      ? null
      : new SESv2Client({
          endpoint: options.sesEndpoint,
          region: LOCAL_REGION,
          credentials: LOCAL_CREDENTIALS,
          maxAttempts: 1,
        });
  try {
    const outcome = await createSendDigests({
      program: options.programs,
      readStates: (onState) => statesFromRun(options.outDir, onState),
      mailer: ses === null ? NOT_SENT : createSesMailer(ses, { limiter: { take: async () => {} } }),
      fromAddress: REPLAY_FROM_ADDRESS,
      locale: options.locale ?? 'ja',
      clock: () => options.at,
      logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
      keep: async (digest, email) => {
        const name = digestFileName(digest.owner.email);
        await writeFile(join(dir, `${name}.html`), email.html);
        await writeFile(join(dir, `${name}.txt`), email.text);
      },
    })();
    return { ...outcome, dir };
  } finally {
    ses?.destroy();
  }
}
