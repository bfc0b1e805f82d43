// Files the teichaku package carries for the command line (the sample templates `init` copies, the
// sample world `start` replays), found from this file: functions/cli/ in the repository,
// lib/functions/cli/ in the installed package. The package root is the nearest folder up holding
// teichaku's package.json.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const PackageJson = z.object({
  name: z.string(),
  version: z.string(),
  devDependencies: z.record(z.string(), z.string()).default({}),
});
export type PackageJson = z.infer<typeof PackageJson>;

let root: string | undefined;

export function packageRoot(): string {
  if (root !== undefined) return root;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file) && PackageJson.safeParse(JSON.parse(readFileSync(file, 'utf8'))).data?.name === 'teichaku') {
      root = dir;
      return dir;
    }
    if (dirname(dir) === dir)
      throw new Error(
        'teichaku: cannot find the teichaku package folder (no package.json named teichaku above the command)',
      );
  }
}

export function packageJson(): PackageJson {
  return PackageJson.parse(JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')));
}

/** The sample templates (program, emails, layout, catalogs, sender) in ja and en. */
export function sampleTemplatesDir(): string {
  return join(packageRoot(), 'templates');
}

/** The files of a new project besides its templates (README, CDK app, .gitignore, an events file). */
export function scaffoldDir(): string {
  return join(packageRoot(), 'scaffold');
}

/** The sample world `start` replays: the project's own when it keeps one, else the package's. */
export function sampleWorldFile(cwd: string = process.cwd()): string {
  const own = join(cwd, 'templates/sample/world.yaml');
  return existsSync(own) ? own : join(packageRoot(), 'templates/sample/world.yaml');
}
