// A deploy never ships templates older than templates/: the app's synth builds them itself, and stops
// (naming the file) when they do not build, rather than packaging the previous build's content file.
import { appendFileSync, cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildContentForSynth, StaleContentError } from '../../infra/content-build.js';
import { aTemporaryDir, removeTemporaryDirs } from './fixtures/synth.js';

const TEMPLATES = fileURLToPath(new URL('../../templates', import.meta.url));
afterAll(removeTemporaryDirs);

const hashIn = (path: string) => (JSON.parse(readFileSync(path, 'utf8')) as { hash: string }).hash;

describe('the content synth packages', () => {
  const dir = aTemporaryDir();
  const templates = join(dir, 'templates');
  const out = join(dir, 'dist', 'content.json');
  cpSync(TEMPLATES, templates, { recursive: true });

  it('is built from templates/ as they are now, replacing an older build', async () => {
    const first = await buildContentForSynth(templates, out);
    expect(first.previousHash).toBeNull();
    expect(hashIn(out)).toBe(first.hash);

    appendFileSync(join(templates, 'program.yaml'), '\n# edited after the last build\n');
    const lines: string[] = [];
    const second = await buildContentForSynth(templates, out, (line) => lines.push(line));
    expect(second.previousHash).toBe(first.hash);
    expect(second.hash).not.toBe(first.hash);
    expect(hashIn(out)).toBe(second.hash);
    expect(lines.join('\n')).toContain(`${first.hash} → ${second.hash}`);
  }, 60_000);

  it('is refused when templates/ do not build, naming the file, and the old build is left unshipped', async () => {
    const before = hashIn(out);
    const kind = readdirSync(join(templates, 'emails'))[0] as string;
    const file = join(templates, 'emails', kind, readdirSync(join(templates, 'emails', kind))[0] as string);
    writeFileSync(file, '<mjml><mj-body><mj-section><mj-column><mj-text>{{ unclosed</mj-column></mj-body>');
    const refused = buildContentForSynth(templates, out);
    await expect(refused).rejects.toThrow(StaleContentError);
    await expect(buildContentForSynth(templates, out)).rejects.toThrow(
      new RegExp(`${kind}.*does not build|does not build[\\s\\S]*${kind}`),
    );
    // Nothing new was written: the synth stopped before the stack was built at all.
    expect(hashIn(out)).toBe(before);
  }, 60_000);
});
