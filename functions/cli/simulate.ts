// `teichaku simulate`: replays a file of product events through the real handlers on a virtual clock
// and writes what the engine would have sent (touches.jsonl), told (signals.jsonl) and refused
// (rejected.jsonl), with the KPI report. Exit 0 when the run completed; a bad line never stops it.
import type { Command } from 'commander';
import { z } from 'zod';
import { Instant } from '../core/events.js';
import { progressDisplay } from '../sim/progress-bar.js';
import { SERVICE_MODES } from '../sim/replay-ports.js';
import { runSimulation, type SimulationResult } from '../sim/run-simulation.js';
import { formatSummary } from '../sim/summary.js';
import { type FreshOutput, withFreshOutput } from './fresh-output.js';

export const SimulateFlags = z
  .strictObject({
    events: z.string().min(1, 'must name the events file (one EventBridge event per line)'),
    from: Instant.optional(),
    until: Instant,
    out: z.string().min(1, 'must name the output folder'),
    program: z.string().min(1).default('templates/program.yaml'),
    services: z.enum(SERVICE_MODES, { message: `must be one of ${SERVICE_MODES.join(', ')}` }).default('memory'),
  })
  .refine((f) => f.from === undefined || f.from < f.until, { path: ['from'], message: 'must be before --until' });
export type SimulateFlags = z.infer<typeof SimulateFlags>;

/** Parses the flags; the error names each bad flag and what it expects, never echoing the value. */
export function parseSimulateFlags(raw: unknown): SimulateFlags {
  const parsed = SimulateFlags.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (i) =>
      `--${String(i.path[0] ?? '?')} ${i.code === 'invalid_type' && i.input === undefined ? 'is required' : i.message}`,
  );
  throw new Error(`simulate: ${problems.join('; ')}`);
}

/** The output files' paths once the run's folder has taken the place of the output folder. */
export function publishedFiles(files: SimulationResult['files'], output: FreshOutput): SimulationResult['files'] {
  const moved: Record<string, string> = {};
  for (const [name, path] of Object.entries(files)) moved[name] = output.published(path);
  return moved as unknown as SimulationResult['files'];
}

export function filesText(result: SimulationResult): string {
  const f = result.files;
  return [
    `touches:   ${f.touches}`,
    `decisions: ${f.decisions}`,
    `signals:   ${f.signals}`,
    `rejected:  ${f.rejected}`,
    `accounts:  ${f.accounts}`,
    `report:    ${f.report}`,
    `mailbox:   ${f.mailbox}`,
  ].join('\n');
}

export function register(program: Command): void {
  program
    .command('simulate')
    .description('replay product events (one EventBridge event per line) through the engine on a virtual clock')
    .requiredOption('--events <file.jsonl>', 'the events to replay, one EventBridge event per line')
    .option('--from <ISO>', 'start of the replay (default: the earliest event)')
    .requiredOption('--until <ISO>', 'end of the replay (exclusive)')
    .requiredOption(
      '--out <dir>',
      'where touches.jsonl, decisions.jsonl, signals.jsonl, rejected.jsonl, accounts.jsonl and report.html go',
    )
    .option('--program <file>', 'the program; its folder holds the templates and catalogs', 'templates/program.yaml')
    .option('--services <local|memory>', 'memory (fast), or local DynamoDB and SES started for the run', 'memory')
    .action(async (raw: unknown) => {
      const flags = parseSimulateFlags(raw);
      const progress = progressDisplay();
      // Written beside --out and moved in at the end: a failed run leaves the last good output whole.
      const { result, files } = await withFreshOutput(flags.out, async (output) => {
        try {
          const run = await runSimulation({
            eventsFile: flags.events,
            ...(flags.from === undefined ? {} : { from: flags.from }),
            until: flags.until,
            outDir: output.stagingDir,
            programFile: flags.program,
            services: flags.services,
            onProgress: (p) => progress.update(p),
          });
          return { result: run, files: publishedFiles(run.files, output) };
        } finally {
          progress.stop();
        }
      });
      process.stdout.write(`${formatSummary(result.summary)}\n\n${filesText({ ...result, files })}\n`);
    });
}
