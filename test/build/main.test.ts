import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBuild } from '../../functions/build/main.js';
import { Content } from '../../functions/core/email/content.js';
import { type TempTemplates, tempTemplates } from './temp-templates.js';

let t: TempTemplates;
let outDir: string;
beforeEach(() => {
  t = tempTemplates();
  outDir = mkdtempSync(join(tmpdir(), 'teichaku-dist-'));
});
afterEach(() => {
  t.dispose();
  rmSync(outDir, { recursive: true, force: true });
});

describe('runBuild (npm run build)', () => {
  it('writes the artifact and exits 0 when the templates are sound', async () => {
    const out = join(outDir, 'nested/content.json');
    const lines: string[] = [];
    expect(await runBuild({ templates: t.dir, out }, (l) => lines.push(l))).toBe(0);
    expect(Content.safeParse(JSON.parse(readFileSync(out, 'utf8'))).success).toBe(true);
    expect(lines.join('\n')).toMatch(/built 20 templates/);
  });

  it('exits 1, prints file:line for each problem and writes nothing when a template is broken', async () => {
    t.replace(
      'emails/re-engagement/en.mjml',
      '{{ activeDays }} {{ dropUnit }}</strong>',
      '{{ activeDayz }} {{ dropUnit }}</strong>',
    );
    const out = join(outDir, 'content.json');
    const lines: string[] = [];
    expect(await runBuild({ templates: t.dir, out }, (l) => lines.push(l))).toBe(1);
    expect(existsSync(out)).toBe(false);
    expect(lines.join('\n')).toMatch(
      /re-engagement\/en\.mjml:\d+:\d+: \{\{ activeDayz \}\} is not a variable of re-engagement/,
    );
    expect(lines.join('\n')).toMatch(/build failed: 1 problem; nothing written/);
  });
});
