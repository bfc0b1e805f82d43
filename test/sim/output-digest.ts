// The sample's outputs as digests: `npm start` on the in-memory services for a fixed slice of the
// sample world, each output file reduced to its sha256. A refactor that should change no behaviour
// must leave every digest as it was (test/sim/output-digest.test.ts); `npx tsx test/sim/output-digest.ts
// --write` records them again after a change of behaviour that is meant.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { start } from '../../functions/cli/start.js';

const ROOT = resolve(import.meta.dirname, '../..');
export const DIGEST_FILE = join(import.meta.dirname, 'fixtures', 'output-digest.json');
/** Every file a run writes that says what the engine did. */
export const DIGESTED_FILES = [
  'events.jsonl',
  'touches.jsonl',
  'decisions.jsonl',
  'signals.jsonl',
  'rejected.jsonl',
  'accounts.jsonl',
  'effects.json',
  'report.json',
] as const;
export const DIGEST_RUN = { accounts: 40, months: 4 } as const;

export async function sampleDigests(): Promise<Record<string, string>> {
  const out = mkdtempSync(join(tmpdir(), 'teichaku-digest-'));
  try {
    await start(
      {
        world: join(ROOT, 'templates/sample/world.yaml'),
        program: join(ROOT, 'templates/program.yaml'),
        out,
        ...DIGEST_RUN,
        services: 'memory',
      },
      () => undefined,
    );
    return Object.fromEntries(
      DIGESTED_FILES.map((file) => [
        file,
        createHash('sha256')
          .update(readFileSync(join(out, file)))
          .digest('hex'),
      ]),
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (
  process.argv[1] !== undefined &&
  resolve(process.argv[1]) === fileURLToPath(import.meta.url) &&
  process.argv.includes('--write')
) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  writeFileSync(DIGEST_FILE, `${JSON.stringify({ run: DIGEST_RUN, digests: await sampleDigests() }, null, 2)}\n`);
}
