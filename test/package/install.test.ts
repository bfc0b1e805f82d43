// teichaku as a company gets it: `npm pack`, the tarball installed into a fresh folder with the CDK
// packages a CDK app has, `npx teichaku init`, then the project's own scripts (`teichaku build`,
// `cdk synth` of the scaffolded app with plain Node, `teichaku simulate`, `teichaku start`), and a
// second project whose changed template shows in its own content. Each step's time is printed.
//
// The projects sit inside the folder the tarball was installed in, so Node and `npm run` find the
// packages in the folder above and one install serves both (each project's own `npm install` would
// install the same packages again). Inside a project the commands go through its package.json
// scripts, as a person would run them; `npx` there would look for a bin in the project's own
// node_modules only.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');
const repoPackage = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  version: string;
  devDependencies: Record<string, string>;
};
const CDK_PACKAGES = ['aws-cdk-lib', 'constructs', 'aws-cdk'].map(
  (name) => `${name}@${repoPackage.devDependencies[name]}`,
);
const QUIET_CDK = {
  CDK_DISABLE_VERSION_CHECK: 'true',
  CDK_DISABLE_CLI_TELEMETRY: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};
const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund'];

interface Step {
  readonly name: string;
  readonly seconds: number;
}
const steps: Step[] = [];

/** Runs one step; a failure shows what the command printed. */
function step(name: string, command: string, args: readonly string[], cwd: string): string {
  const started = performance.now();
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...QUIET_CDK },
    maxBuffer: 64 * 1024 * 1024,
  });
  steps.push({ name, seconds: (performance.now() - started) / 1000 });
  if (result.status !== 0)
    throw new Error(
      `${name}: ${command} ${args.join(' ')} exited ${result.status}\n${result.stdout}\n${result.stderr}`,
    );
  return result.stdout;
}

interface PackResult {
  readonly filename: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly files: readonly { readonly path: string }[];
}

describe('the npm package', () => {
  let root: string;
  let work: string;
  let tarball: string;
  let packed: PackResult;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'teichaku-package-'));
    work = join(root, 'work');
    mkdirSync(work);
  });

  afterAll(() => {
    const total = steps.reduce((sum, s) => sum + s.seconds, 0);
    const size =
      packed === undefined
        ? ''
        : `\npackage: ${(packed.size / 1e6).toFixed(2)} MB packed, ${(packed.unpackedSize / 1e6).toFixed(2)} MB unpacked, ${packed.files.length} files`;
    console.log(
      `${steps.map((s) => `${s.name.padEnd(44)} ${s.seconds.toFixed(1).padStart(6)} s`).join('\n')}\n${'total'.padEnd(44)} ${total.toFixed(1).padStart(6)} s${size}`,
    );
    rmSync(root, { recursive: true, force: true });
  });

  it('packs compiled JavaScript with declarations, the pre-bundled handlers and the templates, and no tests or sources', () => {
    const out = step('npm pack (prepack: tsc, esbuild)', 'npm', ['pack', '--json', '--pack-destination', root], REPO);
    packed = (JSON.parse(out.slice(out.indexOf('['))) as PackResult[])[0] as PackResult;
    tarball = join(root, packed.filename);
    const paths = packed.files.map((f) => f.path);
    for (const file of [
      'lib/infra/index.js',
      'lib/infra/index.d.ts',
      'lib/functions/core/events.d.ts',
      'lib/functions/cli/main.js',
      'lib/handlers/sender/index.mjs',
      'lib/handlers/report/index.mjs',
      'lib/functions/report/assets/report.css',
      'templates/program.yaml',
      'templates/sample/world.yaml',
      'schema/events.schema.json',
      'scaffold/gitignore',
      'bin/teichaku.js',
    ]) {
      expect(paths, file).toContain(file);
    }
    expect(
      paths.filter(
        (p) => /^(test|bench|functions|infra|scripts)\//.test(p) || (p.endsWith('.ts') && !p.endsWith('.d.ts')),
      ),
    ).toEqual([]);
  });

  it('installs from the tarball with the CDK packages, and brings no tsx', () => {
    writeFileSync(join(work, 'package.json'), `${JSON.stringify({ name: 'work', private: true, type: 'module' })}\n`);
    step(
      'npm install tarball + aws-cdk-lib, constructs, aws-cdk',
      'npm',
      ['install', ...NPM_FLAGS, tarball, ...CDK_PACKAGES],
      work,
    );
    expect(existsSync(join(work, 'node_modules/teichaku/lib/handlers/ingest/index.mjs'))).toBe(true);
    expect(existsSync(join(work, 'node_modules/tsx'))).toBe(false);
  });

  it('exports the construct and the event contract to plain Node', () => {
    const script =
      "const { Teichaku } = await import('teichaku/infra'); const { OnboardingCompleted } = await import('teichaku/events');" +
      "const ok = OnboardingCompleted.safeParse({ accountId: 'acc-1', completedAt: '2026-01-20T10:00:00+09:00' }).success;" +
      'console.log(typeof Teichaku, ok);';
    expect(
      step(
        'import teichaku/infra and teichaku/events',
        process.execPath,
        ['--input-type=module', '-e', script],
        work,
      ).trim(),
    ).toBe('function true');
  });

  it('scaffolds a project with npx teichaku init', () => {
    step('npx teichaku init my-success', 'npx', ['--no-install', 'teichaku', 'init', 'my-success'], work);
    const project = join(work, 'my-success');
    for (const file of [
      'templates/program.yaml',
      'templates/emails/feature-tip/ja.mjml',
      'templates/emails/feature-tip/en.mjml',
      'templates/layout/footer-ja.mjml',
      'templates/catalogs/features.yaml',
      'templates/sender.yaml',
      'infra/app.js',
      'cdk.json',
      'README.md',
      '.gitignore',
      'events/example.jsonl',
    ]) {
      expect(existsSync(join(project, file)), file).toBe(true);
    }
    const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
      scripts: Record<string, string>;
    };
    expect(pkg.dependencies.teichaku).toBe(repoPackage.version);
    expect(pkg.devDependencies['aws-cdk']).toBe(repoPackage.devDependencies['aws-cdk']);
    expect(Object.keys(pkg.scripts)).toEqual(expect.arrayContaining(['build', 'preview', 'start', 'deploy', 'test']));
  });

  it('builds the project’s templates into dist/content.json', () => {
    const project = join(work, 'my-success');
    step('teichaku build (npm run build)', 'npm', ['run', 'build'], project);
    const content = JSON.parse(readFileSync(join(project, 'dist/content.json'), 'utf8')) as {
      templates: Record<string, unknown>;
    };
    expect(Object.keys(content.templates)).toHaveLength(20);
  });

  it('synthesizes the scaffolded CDK app with plain Node, the pre-bundled handlers and the project’s content', () => {
    const project = join(work, 'my-success');
    step('cdk synth (npm run cdk -- synth)', 'npm', ['run', 'cdk', '--', 'synth', '--quiet', '--no-notices'], project);
    const out = join(project, 'cdk.out');
    const template = JSON.parse(readFileSync(join(out, 'CustomerSuccess.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string; Properties: { Handler?: string; Runtime?: string } }>;
    };
    const functions = Object.values(template.Resources).filter(
      (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Runtime === 'nodejs24.x',
    );
    // Ingest, planning coordinator, planner, sender, engagement, unsubscribe and guardrail.
    expect(functions.map((f) => f.Properties.Handler)).toEqual(Array(7).fill('index.handler'));
    const assets = readdirSync(out).filter((d) => d.startsWith('asset.') && existsSync(join(out, d, 'index.mjs')));
    expect(assets.length).toBeGreaterThanOrEqual(7);
    const built = readFileSync(join(project, 'dist/content.json'), 'utf8');
    expect(
      assets
        .filter((d) => existsSync(join(out, d, 'content.json')))
        .every((d) => readFileSync(join(out, d, 'content.json'), 'utf8') === built),
    ).toBe(true);
  });

  it('simulates the project’s example events', () => {
    const project = join(work, 'my-success');
    step('teichaku simulate (npm run simulate)', 'npm', ['run', 'simulate'], project);
    const touches = readFileSync(join(project, 'out/example/touches.jsonl'), 'utf8').trim().split('\n');
    expect(touches.length).toBeGreaterThan(0);
  });

  it('replays the sample world on the project’s templates with npm start', () => {
    const project = join(work, 'my-success');
    step('teichaku start, 20 accounts × 1 month', 'npm', ['start', '--', '--accounts', '20', '--months', '1'], project);
    expect(existsSync(join(project, 'out/sample/report.html'))).toBe(true);
  });

  it('builds a second project’s changed template into its own content only', () => {
    step('npx teichaku init other', 'npx', ['--no-install', 'teichaku', 'init', 'other'], work);
    const other = join(work, 'other');
    const template = join(other, 'templates/emails/feature-tip/en.mjml');
    const marker = 'Changed by our CS team for the package test';
    writeFileSync(template, readFileSync(template, 'utf8').replace('<mj-text>', `<mj-text>${marker} `));
    step('teichaku build of the second project', 'npm', ['run', 'build'], other);
    expect(readFileSync(join(other, 'dist/content.json'), 'utf8')).toContain(marker);
    expect(readFileSync(join(work, 'my-success/dist/content.json'), 'utf8')).not.toContain(marker);
  });
});
