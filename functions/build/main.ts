// `npm run build`: compiles templates/ into dist/content.json, or prints each problem as
// file:line: message and exits non-zero without writing anything.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildReport } from './build-content.js';
import { formatProblem } from './problems.js';

export interface BuildOptions {
  readonly templates: string;
  readonly out: string;
}

/** Writes the artifact atomically (a reader never sees half a file). Returns the exit code. */
export async function runBuild(options: BuildOptions, log: (line: string) => void = console.log): Promise<number> {
  const started = performance.now();
  const report = await buildReport(options.templates);
  for (const warning of report.warnings) log(`warning: ${formatProblem(warning)}`);
  if (report.content === null) {
    for (const problem of report.problems) log(formatProblem(problem));
    log(`\nbuild failed: ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}; nothing written`);
    return 1;
  }
  const out = resolve(options.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(`${out}.tmp`, `${JSON.stringify(report.content)}\n`);
  renameSync(`${out}.tmp`, out);
  const count = Object.keys(report.content.templates).length;
  log(
    `built ${count} templates into ${options.out} (hash ${report.content.hash}) in ${Math.round(performance.now() - started)} ms`,
  );
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      templates: { type: 'string', default: 'templates' },
      out: { type: 'string', default: 'dist/content.json' },
    },
  });
  process.exitCode = await runBuild({ templates: values.templates, out: values.out });
}
