// `cdk synth` never packages templates older than templates/: unless a prebuilt content file is named
// (`-c contentFile=...`), the app builds templates/ into dist/content.json itself first, and refuses to
// synthesize when they do not build, instead of shipping whatever the last good build left behind.
import { existsSync, readFileSync } from 'node:fs';
import { runBuild } from '../functions/build/main.js';

export interface SynthContent {
  /** The content hash of the build the stack packages. */
  readonly hash: string;
  /** The hash of the content file before this build, or null when there was none. */
  readonly previousHash: string | null;
}

/** The templates do not build: synth stops and names each problem's file and line. */
export class StaleContentError extends Error {
  override readonly name = 'StaleContentError';
}

function hashOf(path: string): string | null {
  if (!existsSync(path)) return null;
  try {
    const hash = (JSON.parse(readFileSync(path, 'utf8')) as { hash?: unknown }).hash;
    return typeof hash === 'string' ? hash : null;
  } catch {
    return null;
  }
}

export async function buildContentForSynth(
  templatesDir: string,
  out: string,
  log: (line: string) => void = () => undefined,
): Promise<SynthContent> {
  const previousHash = hashOf(out);
  const lines: string[] = [];
  const code = await runBuild({ templates: templatesDir, out }, (line) => lines.push(line));
  if (code !== 0) {
    throw new StaleContentError(
      `teichaku: ${templatesDir} does not build, so synth stops rather than package the previous build${previousHash === null ? '' : ` (hash ${previousHash})`}:\n${lines.join('\n')}`,
    );
  }
  const hash = hashOf(out) as string;
  if (previousHash !== null && previousHash !== hash)
    log(
      `teichaku: templates changed since the last build (content hash ${previousHash} → ${hash}); packaging the new build`,
    );
  return { hash, previousHash };
}
