// `teichaku queue`: the accounts that need a person now, ranked, each with the reason, the last
// touches and the play; from a run's output folder or from the deployed table. `--owner` keeps one
// CS owner's accounts; `--json` gives the same as JSON.
import type { Command } from 'commander';
import { z } from 'zod';
import { loadReplayContent } from '../build/replay-content.js';
import { Email, Instant, Locale } from '../core/events.js';
import type { Programs } from '../core/programs.js';
import { accountQueueItems, type QueueItem, rankQueue } from '../core/work-queue.js';
import { runEnd, statesFromRun, statesFromTable } from './queue-sources.js';
import { TableFlags, tableAccessError, tableClient } from './table-access.js';

export const QueueFlags = z
  .object({
    fromRun: z.string().min(1).optional(),
    table: TableFlags.shape.table.optional(),
    region: TableFlags.shape.region,
    endpoint: TableFlags.shape.endpoint,
    at: Instant.optional(),
    owner: Email.optional(),
    limit: z.coerce
      .number({ message: 'must be a whole number' })
      .int('must be a whole number')
      .min(1)
      .max(10_000)
      .optional(),
    json: z.boolean().default(false),
    locale: Locale.default('en'),
    program: z.string().min(1).default('templates/program.yaml'),
  })
  .refine((f) => (f.fromRun === undefined) !== (f.table === undefined), {
    path: ['from-run'],
    message: 'or --table must be given (one of them)',
  });
export type QueueFlags = z.infer<typeof QueueFlags>;

const flagName = (key: PropertyKey) => `--${String(key).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

export function parseQueueFlags(raw: unknown): QueueFlags {
  const parsed = QueueFlags.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new Error(
    `queue: ${parsed.error.issues.map((i) => `${flagName(i.path[0] ?? '?')} ${i.code === 'invalid_type' && i.input === undefined ? 'is required' : i.message}`).join('; ')}`,
  );
}

export interface QueueRun {
  readonly at: string;
  readonly accounts: number;
  readonly items: readonly QueueItem[];
}

/** The queue at `--at` (default: a run's end, or now for the table), of `--owner`'s accounts when given. */
export async function readQueue(flags: QueueFlags, programs?: Programs): Promise<QueueRun> {
  const at = flags.at ?? (flags.fromRun === undefined ? new Date().toISOString() : runEnd(flags.fromRun));
  const list = programs ?? (await loadReplayContent(flags.program, at)).programs;
  const owner = flags.owner?.toLowerCase();
  const items: QueueItem[] = [];
  let accounts = 0;
  const onState = (state: Parameters<typeof accountQueueItems>[0]) => {
    if (owner !== undefined && state.profile?.csOwner?.email.toLowerCase() !== owner) return;
    accounts += 1;
    items.push(...accountQueueItems(state, list, at));
  };
  if (flags.fromRun !== undefined) await statesFromRun(flags.fromRun, onState);
  else {
    const table = { table: flags.table as string, region: flags.region, endpoint: flags.endpoint };
    const client = tableClient(table);
    try {
      await statesFromTable(client, table.table, onState).catch((error: unknown) => {
        throw tableAccessError(error, table);
      });
    } finally {
      client.destroy();
    }
  }
  const ranked = rankQueue(items, at);
  return { at, accounts, items: flags.limit === undefined ? ranked : ranked.slice(0, flags.limit) };
}

const CHANNEL: Record<string, string> = { phone: 'phone', meeting: 'meeting', email: 'email', slack: 'Slack' };

export function reasonText(item: QueueItem): string {
  const r = item.reason;
  if (r.kind === 'signal') return r.signalType;
  return r.moment === 'after-onboarding'
    ? `low touch: day ${r.day} after onboarding`
    : `low touch: ${r.day} days before renewal`;
}

function daysSince(from: string, at: string): number {
  return Math.floor((Date.parse(at) - Date.parse(from)) / 86_400_000);
}

/** One item as a few lines: rank, score, account, reason and status, the figures, the play, the last touches. */
export function itemText(item: QueueItem, rank: number, at: string, locale: Locale = 'en'): string {
  const status = item.status === 'acknowledged' ? `acknowledged by ${item.acknowledgedBy ?? 'someone'}` : 'open';
  const figures = [
    `health ${item.health ?? '–'}`,
    ...(item.arr === null ? [] : [`arr ${item.arr.arr.toLocaleString('en-US')} ${item.arr.currency}`]),
    ...(item.daysToRenewal === null ? [] : [`renewal ${item.renewalDate} (${item.daysToRenewal} days)`]),
    ...(item.csOwner === null ? [] : [`owner ${item.csOwner.name}`]),
  ].join(', ');
  const play =
    item.play === null
      ? '  play: none in the program'
      : `  play: ${item.play.who}, ${CHANNEL[item.play.channel] ?? item.play.channel}, within ${item.play.withinDays} days: ${item.play.do[locale]}`;
  const touches =
    item.lastTouches.length === 0
      ? '  last touches: none'
      : `  last touches: ${item.lastTouches.map((t) => `${t.at.slice(0, 10)} ${t.kind} to ${t.contactId}`).join('; ')}`;
  return [
    `${String(rank).padStart(3)}. ${item.score.toFixed(1).padStart(5)}  ${item.accountId}${item.accountName === null ? '' : ` (${item.accountName})`}`,
    `  ${reasonText(item)}, ${status}, since ${item.since.slice(0, 10)} (${daysSince(item.since, at)} days); ${figures}`,
    play,
    touches,
  ].join('\n');
}

export function queueText(run: QueueRun, locale: Locale = 'en'): string {
  const head = `${run.items.length} item(s) need a person at ${run.at} (${run.accounts} accounts read)`;
  return `${[head, ...run.items.map((item, i) => itemText(item, i + 1, run.at, locale))].join('\n')}\n`;
}

export function register(program: Command): void {
  program
    .command('queue')
    .description('the accounts that need a person now, ranked, with the reason, the last touches and the play')
    .option('--from-run <dir>', 'the --out folder of `teichaku simulate` or `npm start`')
    .option('--table <name>', 'or the deployed teichaku table')
    .option('--region <region>', 'the table’s AWS region (default: AWS_REGION)')
    .option('--endpoint <url>', 'a DynamoDB endpoint other than AWS (DynamoDB Local; or AWS_ENDPOINT_URL_DYNAMODB)')
    .option('--at <ISO>', 'read the queue as of this instant (default: the run’s end, or now)')
    .option('--owner <email>', 'only the accounts of this CS owner')
    .option('--limit <n>', 'at most this many items')
    .option('--program <file>', 'the program the accounts ran with', 'templates/program.yaml')
    .option('--locale <ja|en>', 'the language of the plays', 'en')
    .option('--json', 'the same queue as JSON')
    .action(async (raw: unknown) => {
      const flags = parseQueueFlags(raw);
      const run = await readQueue(flags);
      process.stdout.write(flags.json ? `${JSON.stringify(run, null, 2)}\n` : queueText(run, flags.locale));
    });
}
