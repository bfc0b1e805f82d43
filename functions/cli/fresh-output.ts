// A run writes its files into a fresh folder beside the output folder, and they take the place of
// the previous run's files only when the run has finished. A run that fails (no Java for the local
// DynamoDB, a bad events file, Ctrl-C) leaves the last good output exactly as it was.
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

export interface FreshOutput {
  /** Where the run writes. */
  readonly stagingDir: string;
  /** Where its files end up once it has finished. */
  readonly outDir: string;
  /** The path a staged file will have once published. */
  published(stagedPath: string): string;
  /** Moves every staged file into the output folder, replacing files of the same name. */
  publish(): Promise<void>;
  /** Removes the staged files (the output folder is not touched). */
  discard(): Promise<void>;
}

/** Prepares a staging folder for a run whose output goes to `outDir`. */
export async function freshOutput(outDir: string): Promise<FreshOutput> {
  const target = resolve(outDir);
  // A sibling, so every move is a rename on the same file system, and nothing inside the output
  // folder changes while the run goes on (its events file may be read from there).
  const stagingDir = join(dirname(target), `.${basename(target)}.partial-${process.pid}-${Date.now()}`);
  await rm(stagingDir, { recursive: true, force: true });
  await mkdir(stagingDir, { recursive: true });
  return {
    stagingDir,
    outDir: target,
    published(stagedPath) {
      const full = resolve(stagedPath);
      return full === stagingDir || full.startsWith(`${stagingDir}/`)
        ? join(target, full.slice(stagingDir.length))
        : full;
    },
    async publish() {
      await mkdir(target, { recursive: true });
      for (const name of await readdir(stagingDir)) {
        const to = join(target, name);
        // A file is renamed over its predecessor (atomic); a folder of the same name is replaced whole.
        const existing = await stat(to).catch(() => null);
        if (existing?.isDirectory() === true) await rm(to, { recursive: true, force: true });
        await rename(join(stagingDir, name), to);
      }
      await rm(stagingDir, { recursive: true, force: true });
    },
    async discard() {
      await rm(stagingDir, { recursive: true, force: true });
    },
  };
}

/** Runs `work` against a staging folder; publishes on success, discards on failure. */
export async function withFreshOutput<T>(outDir: string, work: (output: FreshOutput) => Promise<T>): Promise<T> {
  const output = await freshOutput(outDir);
  try {
    const result = await work(output);
    await output.publish();
    return result;
  } catch (error) {
    await output.discard();
    throw error;
  }
}
