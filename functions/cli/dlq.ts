// `teichaku dlq list|redrive --queue ingest|send|planning`: what is in a dead-letter queue and why, and sending
// it back to its work queue once the cause is fixed. `--queue slack|teams|hubspot|salesforce` lists a
// notification destination's dead letters (dlq-destinations.ts); those are not redriven. A message teichaku dead-lettered at once carries
// its reason and ids as attributes; one SQS moved there after its last delivery carries none, and the
// ids are read from its body. Bodies may hold personal data (addresses, names): they are printed
// only with --show-body.
//
// A redrive receives, sends to the work queue, then deletes, ten at a time. A re-run after a partial
// one sends what is left; a message sent whose delete failed is sent once more, which the handlers
// absorb (ingest applies an event id once, the sender claims a touch once, a planner plans an account once an hour).
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Command } from 'commander';
import { z } from 'zod';
import { parsePlanningWork } from '../adapters/planning-work-message.js';
import {
  createSqsDeadLetterQueue,
  createSqsRedriveTarget,
  type DeadLetterMessage,
  type DeadLetterQueue,
  queueNameOf,
  type RedriveTarget,
} from '../adapters/sqs-dead-letter-queue.js';
import { scrubEmails } from '../app/log-attributes.js';
import { Id } from '../core/events.js';
import {
  DESTINATION_QUEUES,
  type DestinationQueue,
  destinationMessageLine,
  destinationRedriveRefusal,
  isDestinationQueue,
} from './dlq-destinations.js';

export const WORK_QUEUES = ['ingest', 'send', 'planning'] as const;
export type WorkQueue = (typeof WORK_QUEUES)[number];

const QueueUrl = z.url({
  protocol: /^https?$/,
  message: 'must be a queue URL such as https://sqs.<region>.amazonaws.com/<account>/<name>',
});

const QUEUE_NAMES = [...WORK_QUEUES, ...DESTINATION_QUEUES] as const;

export const DlqFlags = z.object({
  queue: z.enum(QUEUE_NAMES, { message: `must be one of ${QUEUE_NAMES.join(', ')}` }),
  dlqUrl: QueueUrl,
  queueUrl: QueueUrl.optional(),
  region: z.string().trim().min(1).optional(),
  endpoint: z.url({ message: 'must be a URL' }).optional(),
  max: z.coerce.number<string>().int('must be a whole number').min(1, 'must be at least 1').max(100_000).default(1_000),
  showBody: z.boolean().default(false),
  dryRun: z.boolean().default(false),
});
export type DlqFlags = z.infer<typeof DlqFlags>;

const flagName = (key: PropertyKey) => `--${String(key).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

export function parseDlqFlags(raw: unknown, command: 'list' | 'redrive'): DlqFlags {
  const parsed = DlqFlags.safeParse(raw);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map(
        (i) =>
          `${flagName(i.path[0] ?? '?')} ${i.code === 'invalid_type' && i.input === undefined ? 'is required' : i.message}`,
      );
  if (parsed.success && command === 'redrive' && isDestinationQueue(parsed.data.queue))
    throw new Error(destinationRedriveRefusal(parsed.data.queue));
  if (parsed.success && command === 'redrive' && parsed.data.queueUrl === undefined)
    problems.push(`--queue-url is required: the ${parsed.data.queue} queue the messages go back to`);
  if (problems.length > 0 || !parsed.success) throw new Error(`dlq ${command}: ${problems.join('; ')}`);
  return parsed.data;
}

/** How long received messages stay hidden while the command works on them. */
const HOLD_SEC = 120;

/** The event id (ingest) or touch id (send) of a message without teichaku's attributes, read from its body. */
function idFromBody(queue: WorkQueue, body: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return null;
  }
  const id = (value as Record<string, unknown> | null)?.[queue === 'ingest' ? 'id' : 'touchId'];
  return Id.safeParse(id).success ? (id as string) : null;
}

/** What a message is about: its event, its touch, or the shards and instant of its work item. */
function subjectOf(queue: WorkQueue, message: DeadLetterMessage): string {
  if (queue === 'planning') {
    const parsed = parsePlanningWork(message.body);
    return parsed.kind === 'ok'
      ? `work item shards ${parsed.work.shards.first}–${parsed.work.shards.last} at ${parsed.work.at}${parsed.work.after === null ? '' : ' (continued)'}`
      : 'work item (unreadable)';
  }
  const id =
    queue === 'ingest'
      ? (message.eventId ?? idFromBody(queue, message.body))
      : (message.touchId ?? idFromBody(queue, message.body));
  return `${queue === 'ingest' ? 'event' : 'touch'} ${id === null ? '(unreadable)' : scrubEmails(id)}`;
}

/** One message as a person reads it; no body unless asked. */
export function messageLine(
  queue: WorkQueue | DestinationQueue,
  message: DeadLetterMessage,
  showBody: boolean,
): string {
  if (isDestinationQueue(queue)) return destinationMessageLine(message, showBody);
  const reason = message.reason ?? 'no reason recorded (moved by SQS after its last delivery; see the function’s log)';
  const head = `${message.sentAt ?? '-'}  ${subjectOf(queue, message)}  message ${message.messageId}\n  reason: ${reason}`;
  return showBody ? `${head}\n  body: ${message.body}` : head;
}

/**
 * Receives up to `max` messages, each once, and gives them to `handle`, ten at a time. Stops when the
 * queue answers empty or only with messages already seen (held ones come back after HOLD_SEC).
 */
async function eachReceived(
  dlq: DeadLetterQueue,
  max: number,
  handle: (messages: DeadLetterMessage[]) => Promise<void>,
): Promise<void> {
  const seen = new Set<string>();
  while (seen.size < max) {
    const received = await dlq.receive(HOLD_SEC);
    const fresh = received.filter((m) => !seen.has(m.messageId)).slice(0, max - seen.size);
    const repeated = received.filter((m) => !fresh.includes(m));
    if (repeated.length > 0) await dlq.release(repeated);
    if (fresh.length === 0) return;
    for (const m of fresh) seen.add(m.messageId);
    await handle(fresh);
  }
}

/** Lists up to `max` messages and makes them visible again at once. */
export async function listDeadLetters(dlq: DeadLetterQueue, max: number): Promise<DeadLetterMessage[]> {
  const listed: DeadLetterMessage[] = [];
  try {
    await eachReceived(dlq, max, async (messages) => {
      listed.push(...messages);
    });
  } finally {
    await dlq.release(listed);
  }
  return listed;
}

export interface RedriveCounts {
  readonly redriven: number;
  /** Dead letters that name another source queue than the target: left where they are. */
  readonly otherQueue: number;
  /** Not taken by the work queue, or sent and not deleted (sent again by a re-run). */
  readonly failed: number;
}

/**
 * Sends each message back to the target queue, then deletes it from the dead-letter queue. A message
 * whose teichaku-source-queue names another queue is left alone. `dryRun` sends and deletes nothing.
 */
export async function redriveDeadLetters(
  dlq: DeadLetterQueue,
  target: { readonly queue: RedriveTarget; readonly url: string },
  options: { readonly max: number; readonly dryRun: boolean },
): Promise<RedriveCounts> {
  const targetName = queueNameOf(target.url);
  let redriven = 0;
  let otherQueue = 0;
  let failed = 0;
  const held: DeadLetterMessage[] = [];
  try {
    await eachReceived(dlq, options.max, async (messages) => {
      const ours = messages.filter((m) => m.sourceQueue === null || queueNameOf(m.sourceQueue) === targetName);
      otherQueue += messages.length - ours.length;
      held.push(...messages.filter((m) => !ours.includes(m)));
      if (options.dryRun) {
        redriven += ours.length;
        held.push(...ours);
        return;
      }
      const notSent = new Set(await target.queue.send(ours));
      const sent = ours.filter((m) => !notSent.has(m.messageId));
      held.push(...ours.filter((m) => notSent.has(m.messageId)));
      const notDeleted = new Set(await dlq.remove(sent));
      redriven += sent.length - notDeleted.size;
      failed += notSent.size + notDeleted.size;
    });
  } finally {
    await dlq.release(held);
  }
  return { redriven, otherQueue, failed };
}

export function redriveText(
  queue: WorkQueue | DestinationQueue,
  targetUrl: string,
  counts: RedriveCounts,
  dryRun: boolean,
): string {
  const lines = [
    `${dryRun ? 'would redrive' : 'redriven'}: ${counts.redriven} message(s) to the ${queue} queue ${queueNameOf(targetUrl)}`,
  ];
  if (counts.otherQueue > 0)
    lines.push(`left in place: ${counts.otherQueue} from another queue (their teichaku-source-queue names it)`);
  if (counts.failed > 0) lines.push(`failed: ${counts.failed} not sent or not deleted; run the redrive again`);
  return `${lines.join('\n')}\n`;
}

/** SQS's region: the flag, the environment, or the queue URL's host (sqs.<region>.amazonaws.com). */
export function sqsClient(flags: DlqFlags, env: NodeJS.ProcessEnv = process.env): SQSClient {
  const endpoint = flags.endpoint ?? env.AWS_ENDPOINT_URL_SQS;
  const fromUrl = /^sqs\.([a-z0-9-]+)\.amazonaws\.com/.exec(new URL(flags.dlqUrl).host)?.[1];
  const region =
    flags.region ??
    env.AWS_REGION ??
    env.AWS_DEFAULT_REGION ??
    fromUrl ??
    (endpoint === undefined ? undefined : 'us-east-1');
  if (region === undefined)
    throw new Error('dlq: no AWS region: pass --region <region> or set AWS_REGION to the region of the deployed stack');
  return new SQSClient({ region, ...(endpoint === undefined ? {} : { endpoint }) });
}

/** An SDK failure told as what to check. */
function sqsAccessError(error: unknown, flags: DlqFlags): Error {
  if (!(error instanceof Error)) return new Error(`dlq: SQS failed: ${String(error)}`);
  switch (error.name) {
    case 'QueueDoesNotExist':
    case 'AWS.SimpleQueueService.NonExistentQueue':
      return new Error(
        `dlq: queue ${[flags.dlqUrl, flags.queueUrl].flatMap((url) => (url === undefined ? [] : [queueNameOf(url)])).join(' or ')} does not exist: check --dlq-url, --queue-url and --region`,
      );
    case 'AccessDenied':
    case 'AccessDeniedException':
      return new Error(
        'dlq: access denied; the credentials need sqs:ReceiveMessage, sqs:ChangeMessageVisibility and sqs:DeleteMessage on the dead-letter queue and sqs:SendMessage on the work queue',
      );
    case 'CredentialsProviderError':
      return new Error(
        'dlq: no AWS credentials found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
      );
    default:
      return new Error(`dlq: SQS failed (${error.name}): ${scrubEmails(error.message)}`);
  }
}

export function register(program: Command): void {
  const dlq = program
    .command('dlq')
    .description('what is in a dead-letter queue and why, and sending it back after a fix');
  const common = (command: Command) =>
    command
      .requiredOption(
        '--queue <name>',
        'whose dead letters: ingest, send or planning; or a destination (list only): slack, teams, hubspot, salesforce',
      )
      .requiredOption(
        '--dlq-url <url>',
        'the dead-letter queue’s URL (the construct’s ingestDeadLetterQueue or sendDeadLetterQueue)',
      )
      .option('--region <region>', 'the queues’ AWS region (default: AWS_REGION, or the URL’s)')
      .option('--endpoint <url>', 'an SQS endpoint other than AWS (or AWS_ENDPOINT_URL_SQS)')
      .option('--max <n>', 'at most this many messages', '1000');
  common(dlq.command('list').description('the dead letters with their reasons and ids; bodies only with --show-body'))
    .option('--show-body', 'print each message body too (it may hold personal data)')
    .action(async (raw: unknown) => {
      const flags = parseDlqFlags(raw, 'list');
      const client = sqsClient(flags);
      try {
        const listed = await listDeadLetters(createSqsDeadLetterQueue(client, flags.dlqUrl), flags.max).catch(
          (error: unknown) => Promise.reject(sqsAccessError(error, flags)),
        );
        for (const message of listed) process.stdout.write(`${messageLine(flags.queue, message, flags.showBody)}\n`);
        process.stdout.write(
          `${listed.length} dead letter(s) in ${queueNameOf(flags.dlqUrl)}${listed.length >= flags.max ? ` (--max ${flags.max} reached; there may be more)` : ''}\n`,
        );
      } finally {
        client.destroy();
      }
    });
  common(dlq.command('redrive').description('send the dead letters back to their work queue once the cause is fixed'))
    .option('--queue-url <url>', 'the work queue they go back to (the construct’s ingestQueue or sendQueue)')
    .option('--dry-run', 'count what would go back; send and delete nothing')
    .action(async (raw: unknown) => {
      const flags = parseDlqFlags(raw, 'redrive');
      const client = sqsClient(flags);
      const targetUrl = flags.queueUrl as string;
      try {
        const counts = await redriveDeadLetters(
          createSqsDeadLetterQueue(client, flags.dlqUrl),
          { queue: createSqsRedriveTarget(client, targetUrl), url: targetUrl },
          { max: flags.max, dryRun: flags.dryRun },
        ).catch((error: unknown) => Promise.reject(sqsAccessError(error, flags)));
        process.stdout.write(redriveText(flags.queue, targetUrl, counts, flags.dryRun));
        if (counts.failed > 0) process.exitCode = 1;
      } finally {
        client.destroy();
      }
    });
}
