// A run's output takes the place of the last one only when the run has finished: a failed run,
// at any step, leaves the previous output whole and no half-written folder behind.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { withFreshOutput } from '../../functions/cli/fresh-output.js';
import { main } from '../../functions/cli/main.js';
import { start } from '../../functions/cli/start.js';

const ROOT = resolve(import.meta.dirname, '../..');

function previousRun(parent: string): string {
  const out = join(parent, 'sample');
  mkdirSync(join(out, 'assets'), { recursive: true });
  writeFileSync(join(out, 'events.jsonl'), 'last good events\n');
  writeFileSync(join(out, 'touches.jsonl'), 'last good touches\n');
  writeFileSync(join(out, 'assets', 'old.css'), 'old');
  writeFileSync(join(out, 'notes.txt'), 'written by a person');
  return out;
}

describe('fresh output', () => {
  let parent: string;
  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'teichaku-fresh-'));
  });

  it('replaces the files a finished run wrote, keeps the others, and leaves no staging folder', async () => {
    const out = previousRun(parent);
    const path = await withFreshOutput(out, async (output) => {
      expect(output.stagingDir.startsWith(join(parent, '.sample.partial-'))).toBe(true);
      // While the run goes on, the output folder is untouched.
      expect(readFileSync(join(out, 'events.jsonl'), 'utf8')).toBe('last good events\n');
      await writeFile(join(output.stagingDir, 'events.jsonl'), 'new events\n');
      mkdirSync(join(output.stagingDir, 'assets'));
      await writeFile(join(output.stagingDir, 'assets', 'new.css'), 'new');
      return output.published(join(output.stagingDir, 'events.jsonl'));
    });
    expect(path).toBe(join(out, 'events.jsonl'));
    expect(readFileSync(join(out, 'events.jsonl'), 'utf8')).toBe('new events\n');
    expect(readFileSync(join(out, 'touches.jsonl'), 'utf8')).toBe('last good touches\n');
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('written by a person');
    expect(readdirSync(join(out, 'assets'))).toEqual(['new.css']);
    expect(readdirSync(parent)).toEqual(['sample']);
  });

  it('leaves the previous output whole when the run fails, and removes what it had written', async () => {
    const out = previousRun(parent);
    const before = readdirSync(out).sort();
    await expect(
      withFreshOutput(out, async (output) => {
        await writeFile(join(output.stagingDir, 'events.jsonl'), 'half written');
        throw new Error('local DynamoDB did not start');
      }),
    ).rejects.toThrow('local DynamoDB did not start');
    expect(readdirSync(out).sort()).toEqual(before);
    expect(readFileSync(join(out, 'events.jsonl'), 'utf8')).toBe('last good events\n');
    expect(readdirSync(parent)).toEqual(['sample']);
  });

  it('creates the output folder for a first run', async () => {
    const out = join(parent, 'first', 'run');
    await withFreshOutput(out, async (output) => writeFile(join(output.stagingDir, 'report.html'), '<p>'));
    expect(readdirSync(out)).toEqual(['report.html']);
  });
});

describe('npm start without Java', () => {
  const path = process.env.PATH;
  afterEach(() => {
    process.env.PATH = path;
  });

  it('says Java is missing and leaves the last run whole', { timeout: 60_000 }, async () => {
    const parent = mkdtempSync(join(tmpdir(), 'teichaku-nojava-'));
    const out = previousRun(parent);
    // An empty PATH: no `java` to start DynamoDB Local with (the sample's events are drawn first).
    process.env.PATH = mkdtempSync(join(tmpdir(), 'teichaku-empty-path-'));
    const flags = {
      world: join(ROOT, 'templates/sample/world.yaml'),
      program: join(ROOT, 'templates/program.yaml'),
      out,
      accounts: 2,
      months: 1,
      services: 'local' as const,
    };
    await expect(start(flags, () => undefined)).rejects.toThrow(/needs Java 17.*--services memory/);
    expect(readFileSync(join(out, 'events.jsonl'), 'utf8')).toBe('last good events\n');
    expect(readFileSync(join(out, 'touches.jsonl'), 'utf8')).toBe('last good touches\n');
    expect(readdirSync(parent)).toEqual(['sample']);
  });
});

describe('teichaku simulate into a folder that holds the last run', () => {
  async function simulate(...args: string[]): Promise<{ code: number; stdout: string }> {
    let stdout = '';
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      return { code: await main(['node', 'teichaku', 'simulate', ...args]), stdout };
    } finally {
      out.mockRestore();
      err.mockRestore();
      process.exitCode = undefined;
    }
  }

  it('keeps the last output when the run fails', async () => {
    const out = previousRun(mkdtempSync(join(tmpdir(), 'teichaku-sim-fail-')));
    const run = await simulate('--events', join(out, 'missing.jsonl'), '--until', '2026-03-01T00:00:00Z', '--out', out);
    expect(run.code).toBe(2);
    expect(readFileSync(join(out, 'touches.jsonl'), 'utf8')).toBe('last good touches\n');
  });

  it('replays an events file kept in the output folder itself and prints the published paths', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'teichaku-sim-same-'));
    const out = previousRun(parent);
    const event = {
      id: 'e1',
      source: 'com.example.product',
      'detail-type': 'Contact Removed',
      time: '2026-01-05T00:00:00Z',
      detail: { accountId: 'a1', contactId: 'c1' },
    };
    writeFileSync(join(out, 'events.jsonl'), `${JSON.stringify(event)}\n`);
    const run = await simulate('--events', join(out, 'events.jsonl'), '--until', '2026-01-10T00:00:00Z', '--out', out);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(join(out, 'touches.jsonl'));
    expect(run.stdout).not.toContain('.partial-');
    expect(readFileSync(join(out, 'touches.jsonl'), 'utf8')).not.toBe('last good touches\n');
    expect(readFileSync(join(out, 'events.jsonl'), 'utf8')).toContain('"e1"');
    expect(readdirSync(parent)).toEqual(['sample']);
  });
});
