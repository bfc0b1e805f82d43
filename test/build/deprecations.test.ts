// Templates written for an older teichaku keep building: a renamed field or variable is still read
// under its old name, with a warning naming the file, the line and the new name. The shipped table
// is empty (nothing has been renamed since 0.1), so these tests bring a table of their own.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildReport } from '../../functions/build/build-content.js';
import { DEPRECATIONS, type Deprecation, TEMPLATES_VERSION } from '../../functions/build/deprecations.js';
import type { Content } from '../../functions/core/email/content.js';
import { lineOfText, type TempTemplates, tempTemplates } from './temp-templates.js';

const NOW = new Date('2026-11-30T00:00:00Z');
const RENAMED: readonly Deprecation[] = [
  { scope: 'program', name: 'valueMoment', replacement: 'valueMilestone', since: '0.2' },
  { scope: 'catalogs/features', name: 'heading', replacement: 'title', since: '0.2' },
  { scope: 'variable', name: 'recipientName', replacement: 'contactName', since: '0.2' },
];

let t: TempTemplates;
beforeEach(() => {
  t = tempTemplates();
});
afterEach(() => t.dispose());

/** What a build makes, apart from what names its sources (the hash) and when it ran. */
function comparable(content: Content | null): unknown {
  expect(content).not.toBeNull();
  const { hash: _hash, builtAt: _builtAt, ...rest } = content as Content;
  return rest;
}

describe('deprecated names in templates/', () => {
  it('builds a program with a renamed field as if the new name were written, and warns naming file, line and replacement', async () => {
    const before = await buildReport(t.dir, NOW, undefined, RENAMED);
    t.replace('program.yaml', /valueMilestone:/, 'valueMoment:');
    const after = await buildReport(t.dir, NOW, undefined, RENAMED);
    expect(comparable(after.content)).toEqual(comparable(before.content));
    expect(after.warnings).toEqual([
      {
        file: t.path('program.yaml'),
        line: lineOfText(t.read('program.yaml'), 'valueMoment:'),
        message: '"valueMoment" is deprecated since teichaku 0.2: write "valueMilestone" (it still builds for now)',
      },
    ]);
  });

  it('reads a renamed catalog field in every entry, warning once per use', async () => {
    const before = await buildReport(t.dir, NOW, undefined, RENAMED);
    t.write('catalogs/features.yaml', t.read('catalogs/features.yaml').replaceAll('  title:', '  heading:'));
    const after = await buildReport(t.dir, NOW, undefined, RENAMED);
    expect(comparable(after.content)).toEqual(comparable(before.content));
    const uses = t
      .read('catalogs/features.yaml')
      .split('\n')
      .filter((line) => line.startsWith('  heading:')).length;
    expect(uses).toBeGreaterThan(1);
    expect(after.warnings).toHaveLength(uses);
    expect(after.warnings[0]).toMatchObject({
      file: t.path('catalogs/features.yaml'),
      line: lineOfText(t.read('catalogs/features.yaml'), '  heading:'),
    });
  });

  it('compiles a renamed template variable to the new one, warning at its line', async () => {
    const before = await buildReport(t.dir, NOW, undefined, RENAMED);
    t.replace('emails/feature-tip/en.mjml', '{{ contactName }}', '{{ recipientName }}');
    const after = await buildReport(t.dir, NOW, undefined, RENAMED);
    expect(after.problems).toEqual([]);
    expect(after.content?.templates['feature-tip/en']).toEqual({ ...before.content?.templates['feature-tip/en'] });
    expect(after.warnings).toEqual([
      expect.objectContaining({
        file: t.path('emails/feature-tip/en.mjml'),
        line: lineOfText(t.read('emails/feature-tip/en.mjml'), 'recipientName'),
        message:
          '{{ recipientName }} is deprecated since teichaku 0.2: write {{ contactName }} (it still builds for now)',
      }),
    ]);
  });

  it('refuses the old and the new name side by side', async () => {
    t.replace('program.yaml', /(\n\s+)valueMilestone: (\S+)/, '$1valueMilestone: $2$1valueMoment: $2');
    const report = await buildReport(t.dir, NOW, undefined, RENAMED);
    expect(report.content).toBeNull();
    expect(report.problems.map((p) => p.message)).toContain(
      'both "valueMoment" (deprecated since teichaku 0.2) and "valueMilestone" are given: keep "valueMilestone"',
    );
  });

  it('treats the old name as unknown once the table no longer lists it', async () => {
    t.replace('emails/feature-tip/en.mjml', '{{ contactName }}', '{{ recipientName }}');
    const report = await buildReport(t.dir, NOW, undefined, []);
    expect(report.content).toBeNull();
    expect(
      report.problems.some((p) => /\{\{ recipientName \}\} is not a variable of feature-tip/.test(p.message)),
    ).toBe(true);
  });
});

describe('the version templates/ are written for', () => {
  it('builds files of the first version: no version line, catalogs as bare lists', async () => {
    const before = await buildReport(t.dir, NOW);
    for (const [file, list] of [
      ['program.yaml', null],
      ['sender.yaml', null],
      ['catalogs/features.yaml', 'features'],
      ['catalogs/webinars.yaml', 'webinars'],
      ['catalogs/stories.yaml', 'stories'],
    ] as const) {
      t.replace(file, /^teichaku: .*\n/m, '');
      if (list !== null) t.replace(file, `${list}:\n`, '');
    }
    const after = await buildReport(t.dir, NOW);
    expect(after.problems).toEqual([]);
    expect(after.warnings).toEqual([]);
    expect(comparable(after.content)).toEqual(comparable(before.content));
  });

  it('refuses a file written for a newer teichaku, naming the line and the upgrade', async () => {
    t.replace('catalogs/stories.yaml', /^teichaku: .*$/m, 'teichaku: "0.9"');
    const report = await buildReport(t.dir, NOW);
    expect(report.content).toBeNull();
    expect(report.problems).toContainEqual({
      file: t.path('catalogs/stories.yaml'),
      line: lineOfText(t.read('catalogs/stories.yaml'), 'teichaku: "0.9"'),
      message: `teichaku: written for teichaku 0.9, newer than this teichaku (${TEMPLATES_VERSION}); upgrade teichaku in package.json`,
    });
  });

  it('is this package’s major.minor version, and the shipped files are written for it', () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(version.split('.').slice(0, 2).join('.')).toBe(TEMPLATES_VERSION);
    for (const file of [
      'program.yaml',
      'sender.yaml',
      'catalogs/features.yaml',
      'catalogs/webinars.yaml',
      'catalogs/stories.yaml',
    ]) {
      expect(t.read(file), file).toMatch(new RegExp(`^teichaku: "${TEMPLATES_VERSION.replace('.', '\\.')}"`, 'm'));
    }
  });

  it('ships no deprecation yet: nothing has been renamed since the first version', () => {
    expect(DEPRECATIONS).toEqual([]);
  });
});
