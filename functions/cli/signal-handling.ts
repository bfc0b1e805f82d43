// `teichaku ack` and `teichaku resolve`: a person took up, or closed, a signal on an account. Each
// makes one `Signal Acknowledged` / `Signal Resolved` event, checked against the event contract, and
// appends it to --out (the file `teichaku simulate --events` reads) and/or puts it on --bus. The
// event id is derived from its content, so running the same command twice applies once.

import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { Command } from 'commander';
import { z } from 'zod';
import { TeichakuError } from '../core/errors.js';
import { parseProductEvent } from '../core/events.js';
import { HANDLED_SIGNAL_TYPES } from '../core/signals.js';

export class SignalHandlingError extends TeichakuError {
  readonly code = 'SIGNAL_HANDLING';
  override readonly name = 'SignalHandlingError';
}

export type HandlingCommand = 'ack' | 'resolve';

const DETAIL_TYPE = { ack: 'Signal Acknowledged', resolve: 'Signal Resolved' } as const;

export const HandlingFlags = z
  .object({
    account: z.string().min(1, 'must name the account id'),
    signal: z.string().min(1, `must name the signal type (${HANDLED_SIGNAL_TYPES.join(', ')})`),
    by: z.string().min(1, 'must name who (an email address or a name)'),
    at: z.string().optional(),
    note: z.string().optional(),
    outcome: z.string().optional(),
    out: z.string().min(1).optional(),
    bus: z.string().min(1).max(256).optional(),
    source: z.string().min(1).max(256).default('com.example.product'),
  })
  .refine((f) => f.out !== undefined || f.bus !== undefined, {
    path: ['out'],
    message: 'or --bus must be given (where the event goes)',
  });
export type HandlingFlags = z.infer<typeof HandlingFlags>;

/** The event, as `teichaku simulate` reads it and as ingest parses it. */
export interface HandlingEvent {
  readonly id: string;
  readonly source: string;
  readonly 'detail-type': string;
  readonly time: string;
  readonly detail: Record<string, unknown>;
}

/** Builds and checks the event; a bad field is named with what it expects (never its value). */
export function handlingEvent(command: HandlingCommand, flags: HandlingFlags, now: string): HandlingEvent {
  if (command === 'ack' && flags.outcome !== undefined)
    throw new SignalHandlingError('ack: --outcome belongs to `teichaku resolve`');
  const at = flags.at ?? now;
  const detail: Record<string, unknown> = {
    accountId: flags.account,
    signalType: flags.signal,
    by: flags.by,
    at,
    ...(flags.note === undefined ? {} : { note: flags.note }),
    ...(flags.outcome === undefined ? {} : { outcome: flags.outcome }),
  };
  const detailType = DETAIL_TYPE[command];
  const digest = createHash('sha256')
    .update(JSON.stringify([detailType, detail]))
    .digest('hex')
    .slice(0, 24);
  const event = { id: `${command}-${digest}`, source: flags.source, 'detail-type': detailType, time: at, detail };
  const parsed = parseProductEvent(event, { receivedAt: now });
  if (parsed.kind === 'rejected') {
    const flag = (path: string) => `--${path.replace(/^detail\./, '').replace('signalType', 'signal')}`;
    throw new SignalHandlingError(
      `${command}: ${parsed.problems.map((p) => `${flag(p.path)}: expected ${p.expected}`).join('; ')}`,
    );
  }
  return event;
}

export async function runHandling(
  command: HandlingCommand,
  flags: HandlingFlags,
  now: string = new Date().toISOString(),
  client?: Pick<EventBridgeClient, 'send'>,
): Promise<HandlingEvent> {
  const event = handlingEvent(command, flags, now);
  if (flags.out !== undefined) {
    mkdirSync(dirname(flags.out), { recursive: true });
    appendFileSync(flags.out, `${JSON.stringify(event)}\n`);
  }
  if (flags.bus !== undefined) {
    const eventBridge = client ?? new EventBridgeClient({});
    const response = await eventBridge.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: flags.bus,
            Source: event.source,
            DetailType: event['detail-type'],
            Time: new Date(event.time),
            Detail: JSON.stringify(event.detail),
          },
        ],
      }),
    );
    if ((response.FailedEntryCount ?? 0) > 0)
      throw new SignalHandlingError(
        `${command}: EventBridge refused the event (${response.Entries?.[0]?.ErrorCode ?? 'no error code'}); run the command again`,
      );
  }
  return event;
}

function registerOne(program: Command, command: HandlingCommand): void {
  const cmd = program
    .command(command)
    .description(
      command === 'ack'
        ? 'a person took up a signal on an account: an acknowledged Account At Risk is not raised again while handled'
        : 'a person closed a signal on an account: it leaves the queue until it is raised again',
    )
    .requiredOption('--account <id>', 'the account id')
    .requiredOption('--signal <type>', `the signal type: ${HANDLED_SIGNAL_TYPES.join(', ')}`)
    .requiredOption('--by <who>', 'who: an email address or a name')
    .option('--at <ISO>', 'when (default: now)')
    .option('--note <text>', 'a note (at most 1000 characters)');
  if (command === 'resolve') cmd.option('--outcome <text>', 'what came of it, in a few words');
  cmd
    .option('--out <file.jsonl>', 'append the event to this file (teichaku simulate --events reads it)')
    .option('--bus <name>', 'put the event on this EventBridge bus')
    .option('--source <source>', 'the source the event carries (the deployment’s eventSource)', 'com.example.product')
    .action(async (raw: unknown) => {
      const parsed = HandlingFlags.safeParse(raw);
      if (!parsed.success)
        throw new SignalHandlingError(
          `${command}: ${parsed.error.issues.map((i) => `--${i.path.join('.')} ${i.message}`).join('; ')}`,
        );
      const event = await runHandling(command, parsed.data);
      const where = [
        ...(parsed.data.out === undefined ? [] : [`appended to ${parsed.data.out}`]),
        ...(parsed.data.bus === undefined ? [] : [`put on ${parsed.data.bus}`]),
      ].join(' and ');
      process.stdout.write(`${event['detail-type']} ${event.id} for account ${parsed.data.account}: ${where}\n`);
    });
}

export function register(program: Command): void {
  registerOne(program, 'ack');
  registerOne(program, 'resolve');
}
