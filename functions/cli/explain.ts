// `teichaku explain`: one account's story (or one person's in it), from a replay's output folder or
// from the deployed table, in the account's language and time zone; `--json` gives the same as JSON.
// An account or person that is not there exits 1 with a message saying so.
import type { Command } from 'commander';
import { z } from 'zod';
import { loadReplayContent } from '../build/replay-content.js';
import { sourcesFromRun, sourcesFromTable } from './explain-sources.js';
import { type AccountStory, buildStory, UnknownSubjectError } from './explain-story.js';
import { storyText } from './explain-text.js';
import { TableFlags, tableAccessError, tableClient } from './table-access.js';

export const ExplainFlags = z
  .object({
    account: z.string().trim().min(1, 'must name the account id'),
    contact: z.string().trim().min(1).optional(),
    fromRun: z.string().min(1).optional(),
    table: TableFlags.shape.table.optional(),
    region: TableFlags.shape.region,
    endpoint: TableFlags.shape.endpoint,
    json: z.boolean().default(false),
    program: z.string().min(1).default('templates/program.yaml'),
  })
  .refine((f) => (f.fromRun === undefined) !== (f.table === undefined), {
    path: ['from-run'],
    message: 'or --table must be given (one of them)',
  });
export type ExplainFlags = z.infer<typeof ExplainFlags>;

const flagName = (key: PropertyKey) => `--${String(key).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

export function parseExplainFlags(raw: unknown): ExplainFlags {
  const parsed = ExplainFlags.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new Error(
    `explain: ${parsed.error.issues.map((i) => `${flagName(i.path[0] ?? '?')} ${i.code === 'invalid_type' && i.input === undefined ? 'is required' : i.message}`).join('; ')}`,
  );
}

export async function explainAccount(flags: ExplainFlags): Promise<AccountStory> {
  let sources: Awaited<ReturnType<typeof sourcesFromRun>>;
  if (flags.fromRun !== undefined) {
    sources = await sourcesFromRun(flags.fromRun, flags.account);
  } else {
    const table = { table: flags.table as string, region: flags.region, endpoint: flags.endpoint };
    const client = tableClient(table);
    try {
      sources = await sourcesFromTable(client, table.table, flags.account).catch((error: unknown) => {
        throw error instanceof UnknownSubjectError ? error : tableAccessError(error, table);
      });
    } finally {
      client.destroy();
    }
  }
  const content = await loadReplayContent(flags.program, new Date().toISOString());
  return buildStory(sources, content.programs, flags.contact ?? null);
}

export function register(program: Command): void {
  program
    .command('explain')
    .description(
      'tell one account’s story: phases, milestones, health, and why each person did or did not get each email',
    )
    .requiredOption('--account <id>', 'the account id')
    .option('--contact <id>', 'only this person of the account')
    .option('--from-run <dir>', 'the --out folder of `teichaku simulate`')
    .option('--table <name>', 'or the deployed teichaku table')
    .option('--region <region>', 'the table’s AWS region (default: AWS_REGION)')
    .option('--endpoint <url>', 'a DynamoDB endpoint other than AWS (DynamoDB Local; or AWS_ENDPOINT_URL_DYNAMODB)')
    .option('--program <file>', 'the program the account ran with', 'templates/program.yaml')
    .option('--json', 'the same story as JSON')
    .action(async (raw: unknown) => {
      const flags = parseExplainFlags(raw);
      try {
        const story = await explainAccount(flags);
        process.stdout.write(flags.json ? `${JSON.stringify(story, null, 2)}\n` : storyText(story));
      } catch (error) {
        if (!(error instanceof UnknownSubjectError)) throw error;
        process.stderr.write(`teichaku explain: ${error.message}\n`);
        process.exitCode = 1;
      }
    });
}
