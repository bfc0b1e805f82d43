// `teichaku init <dir>`: a company's own project. It holds only the company's words and settings
// (templates/: program, emails, layout, catalogs, sender, the sample in ja and en), a CDK app that
// uses the Teichaku construct, and a package.json that depends on teichaku at this version: an
// upgrade is a change of that version, never a merge with teichaku's code.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { TeichakuError } from '../core/errors.js';
import { type PackageJson, packageJson, sampleTemplatesDir, scaffoldDir } from './package-files.js';

export class InitError extends TeichakuError {
  readonly code = 'INIT';
  override readonly name = 'InitError';
}

/** The CDK packages the scaffolded app uses, at the versions teichaku was tested with. */
const CDK_PACKAGES = ['aws-cdk-lib', 'constructs', 'aws-cdk'] as const;

export interface InitResult {
  readonly dir: string;
  readonly files: readonly string[];
}

/** An npm package name from a folder name: lower case, letters, digits, `-`, `.` and `_`. */
export function projectName(dir: string): string {
  const name = basename(resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '');
  return name === '' ? 'teichaku-project' : name;
}

export function projectPackageJson(name: string, teichaku: PackageJson): Record<string, unknown> {
  const pin = (dependency: (typeof CDK_PACKAGES)[number]) => {
    const version = teichaku.devDependencies[dependency];
    if (version === undefined)
      throw new InitError(`teichaku's package.json names no ${dependency} version to scaffold with`);
    return version;
  };
  return {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    description: 'Our customer-success touches: the words and settings teichaku sends',
    engines: { node: '>=20.11' },
    scripts: {
      build: 'teichaku build',
      preview: 'teichaku preview',
      start: 'teichaku start --services memory',
      simulate: 'teichaku simulate --events events/example.jsonl --until 2026-03-02T00:00:00Z --out out/example',
      synth: 'teichaku build && cdk synth',
      cdk: 'cdk',
      deploy: 'teichaku build && cdk deploy',
      test: 'teichaku build && cdk synth --quiet',
    },
    // As `cdk init app` does: the construct library in dependencies, the CDK command line as a dev tool.
    dependencies: { teichaku: teichaku.version, 'aws-cdk-lib': pin('aws-cdk-lib'), constructs: pin('constructs') },
    devDependencies: { 'aws-cdk': pin('aws-cdk') },
  };
}

export function initProject(dir: string): InitResult {
  const target = resolve(dir);
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new InitError(`${dir} exists and is not empty; give a new folder name (teichaku init my-success)`);
  }
  mkdirSync(target, { recursive: true });
  const teichaku = packageJson();
  const name = projectName(target);
  // The sample world stays in the package: `teichaku start` finds it there.
  cpSync(sampleTemplatesDir(), join(target, 'templates'), {
    recursive: true,
    filter: (from) => !relative(sampleTemplatesDir(), from).startsWith('sample'),
  });
  cpSync(scaffoldDir(), target, { recursive: true });
  // npm never packs a file named .gitignore, so the scaffold keeps it as gitignore.
  renameSync(join(target, 'gitignore'), join(target, '.gitignore'));
  const readme = join(target, 'README.md');
  writeFileSync(
    readme,
    readFileSync(readme, 'utf8').replaceAll('{{name}}', name).replaceAll('{{version}}', teichaku.version),
  );
  writeFileSync(join(target, 'package.json'), `${JSON.stringify(projectPackageJson(name, teichaku), null, 2)}\n`);
  return { dir: target, files: listFiles(target).map((f) => relative(target, f)) };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}

export function register(program: Command): void {
  program
    .command('init')
    .description(
      'scaffold a project of your own: templates/ (the sample, ja and en), a CDK app using the construct, package.json, README',
    )
    .argument('<dir>', 'the new project folder')
    .action((dir: string) => {
      const result = initProject(dir);
      const rel = relative(process.cwd(), result.dir) || '.';
      process.stdout.write(
        `teichaku: created ${rel} (${result.files.length} files)\n\n` +
          `  cd ${rel}\n  npm install\n  npm run build      # templates/ → dist/content.json; fails naming file:line\n` +
          '  npm run preview    # every email as you edit it\n  npm start          # the sample replay on your templates\n' +
          '  npm run deploy     # cdk deploy (set fromAddress and eventSource in cdk.json first)\n\n' +
          `  ${rel}/README.md says where CS ops and engineers start.\n`,
      );
    });
}
