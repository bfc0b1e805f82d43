// `teichaku build`: compiles a templates folder into the content file the construct deploys, in the
// current folder by default (a company's own project), as `npm run build` does in the repository.
import type { Command } from 'commander';
import { runBuild } from '../build/main.js';

export function register(program: Command): void {
  program
    .command('build')
    .description(
      'compile the templates (program, catalogs, sender, MJML) into the content file; fails naming each problem file:line',
    )
    .option('--templates <dir>', 'the templates folder', 'templates')
    .option('--out <file>', 'the content file to write', 'dist/content.json')
    .action(async (flags: { templates: string; out: string }) => {
      process.exitCode = await runBuild({ templates: flags.templates, out: flags.out });
    });
}
