// `teichaku init` and `teichaku build` in a company's own folder (the package test runs them from
// the installed tarball; these run them from the sources, in seconds).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InitError, initProject, projectName } from '../../functions/cli/init.js';
import { main } from '../../functions/cli/main.js';

const repoPackage = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
  devDependencies: Record<string, string>;
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'teichaku-init-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('teichaku init', () => {
  it('scaffolds the sample templates in ja and en, a CDK app, a README and a .gitignore, without the sample world', () => {
    const result = initProject(join(dir, 'My Success'));
    for (const file of [
      'templates/program.yaml',
      'templates/sender.yaml',
      'templates/catalogs/stories.yaml',
      'templates/layout/footer-en.mjml',
      'templates/emails/re-onboarding/ja.mjml',
      'templates/emails/re-onboarding/en.mjml',
      'infra/app.js',
      'cdk.json',
      '.gitignore',
      'README.md',
      'events/example.jsonl',
      'package.json',
    ]) {
      expect(result.files, file).toContain(file);
    }
    expect(existsSync(join(result.dir, 'templates/sample'))).toBe(false);
    expect(existsSync(join(result.dir, 'gitignore'))).toBe(false);
    expect(readFileSync(join(result.dir, 'README.md'), 'utf8')).toMatch(
      new RegExp(`^# my-success\\n[\\s\\S]*teichaku\\]\\([^)]*\\) ${repoPackage.version.replaceAll('.', '\\.')}`),
    );
  });

  it('depends on this teichaku version and on the CDK versions it was tested with, with the scripts a project runs', () => {
    const { dir: project } = initProject(join(dir, 'acme'));
    const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, string>
    >;
    expect(pkg.dependencies).toEqual({
      teichaku: repoPackage.version,
      'aws-cdk-lib': repoPackage.devDependencies['aws-cdk-lib'],
      constructs: repoPackage.devDependencies.constructs,
    });
    expect(pkg.devDependencies).toEqual({ 'aws-cdk': repoPackage.devDependencies['aws-cdk'] });
    expect(pkg.scripts).toMatchObject({
      build: 'teichaku build',
      preview: 'teichaku preview',
      start: 'teichaku start --services memory',
      deploy: 'teichaku build && cdk deploy',
      test: 'teichaku build && cdk synth --quiet',
    });
  });

  it('refuses a folder that is not empty, and changes nothing in it', () => {
    const taken = join(dir, 'taken');
    mkdirSync(taken);
    writeFileSync(join(taken, 'notes.txt'), 'ours');
    expect(() => initProject(taken)).toThrow(InitError);
    expect(existsSync(join(taken, 'templates'))).toBe(false);
  });

  it('makes an npm name of the folder name', () => {
    expect(projectName('/tmp/Our CS Emails!')).toBe('our-cs-emails');
    expect(projectName('/tmp/___')).toBe('teichaku-project');
  });
});

describe('teichaku build', () => {
  it('builds the folder’s templates into the content file it is given, and exits 1 naming file:line when one is broken', async () => {
    const { dir: project } = initProject(join(dir, 'acme'));
    const out = join(project, 'dist/content.json');
    expect(await main(['node', 'teichaku', 'build', '--templates', join(project, 'templates'), '--out', out])).toBe(0);
    expect(Object.keys((JSON.parse(readFileSync(out, 'utf8')) as { templates: object }).templates)).toHaveLength(20);

    const template = join(project, 'templates/emails/feature-tip/en.mjml');
    writeFileSync(template, readFileSync(template, 'utf8').replace('{{ contactName }}', '{{ nobody }}'));
    process.exitCode = undefined;
    expect(
      await main([
        'node',
        'teichaku',
        'build',
        '--templates',
        join(project, 'templates'),
        '--out',
        join(project, 'dist/broken.json'),
      ]),
    ).toBe(1);
    process.exitCode = undefined;
    expect(existsSync(join(project, 'dist/broken.json'))).toBe(false);
  }, 60_000);
});

describe('teichaku --version', () => {
  it('prints the version of the package that runs', async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      expect(await main(['node', 'teichaku', '--version'])).toBe(0);
    } finally {
      spy.mockRestore();
    }
    expect(written.join('').trim()).toBe(repoPackage.version);
  });
});
