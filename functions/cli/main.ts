// The `teichaku` command line: each sub-command lives in its own file and is loaded on demand.
import { Command, CommanderError } from 'commander';
import { packageJson } from './package-files.js';

/** Sub-commands register themselves here: name → loader of a module exporting `register(program)`. */
const COMMANDS: ReadonlyArray<() => Promise<{ register(program: Command): void }>> = [
  () => import('./init.js'),
  () => import('./build.js'),
  () => import('./start-command.js'),
  () => import('./simulate.js'),
  () => import('./preview.js'),
  () => import('./report.js'),
  () => import('./explain.js'),
  () => import('./sending.js'),
  () => import('./compliance.js'),
  () => import('./dlq.js'),
  () => import('./keys.js'),
  () => import('./import.js'),
  () => import('./queue.js'),
  () => import('./signal-handling.js'),
];

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('teichaku')
    .description('teichaku: tech-touch adoption engine for customer success')
    // A project pins teichaku's version; this says which one is running.
    .version(packageJson().version)
    .exitOverride()
    .showHelpAfterError();
  for (const load of COMMANDS) (await load()).register(program);
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    process.stderr.write(`teichaku: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}
