// `teichaku sending status` and `teichaku sending resume`: whether automated sending is paused, why,
// with the figures; and the only way back, a person's resume with a reason, recorded in the table.
// When an SES reputation alarm turned the configuration set off, the resume turns it back on
// (`--configuration-set`, the stack's output).
import { userInfo } from 'node:os';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Command } from 'commander';
import { z } from 'zod';
import { createDynamoSendingGuard } from '../adapters/dynamodb-sending-guard.js';
import { createEventBridgePublisher } from '../adapters/eventbridge-publisher.js';
import { createConfigurationSetSwitch } from '../adapters/ses-configuration-set.js';
import { resumeWith, type SendingControl } from '../app/sending-control.js';
import { Text } from '../core/events.js';
import { describePause, type ResumeOutcome, type SendingGuardState } from '../core/sending-guard.js';
import { TableFlags, tableAccessError, tableClient } from './table-access.js';

export const SendingFlags = TableFlags.extend({
  reason: Text(500).optional(),
  by: Text(100).optional(),
  configurationSet: z.string().trim().min(1).max(64).optional(),
  eventBus: z.string().trim().min(1).max(256).optional(),
});
export type SendingFlags = z.infer<typeof SendingFlags>;

const flagName = (key: PropertyKey) => `--${String(key).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

export function parseSendingFlags(raw: unknown, command: 'status' | 'resume'): SendingFlags {
  const parsed = SendingFlags.safeParse(raw);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map(
        (i) =>
          `${flagName(i.path[0] ?? '?')} ${i.code === 'invalid_type' && i.input === undefined ? 'is required' : i.message}`,
      );
  if (parsed.success && command === 'resume' && parsed.data.reason === undefined)
    problems.push('--reason is required: say why sending may go on (it is kept with the resume)');
  if (problems.length > 0 || !parsed.success) throw new Error(`sending ${command}: ${problems.join('; ')}`);
  return parsed.data;
}

/** The state as a person reads it. */
export function statusText(state: SendingGuardState): string {
  const lines = [
    state.status === 'paused' && state.pause !== null
      ? `sending: PAUSED since ${state.pause.pausedAt}\n  why: ${describePause(state.pause)}`
      : 'sending: on',
  ];
  if (state.resumedAt !== null) lines.push(`last resumed: ${state.resumedAt}`);
  if (state.firstSendAt !== null) lines.push(`first send: ${state.firstSendAt}`);
  const recent = state.history.slice(-10);
  if (recent.length > 0) {
    lines.push('history (latest last):');
    for (const h of recent)
      lines.push(
        h.action === 'paused'
          ? `  ${h.pausedAt} paused: ${describePause(h)}`
          : `  ${h.at} resumed by ${h.by} (${h.channel}): ${h.reason}`,
      );
  }
  return `${lines.join('\n')}\n`;
}

export interface ResumeDeps {
  readonly control: SendingControl;
  readonly now: () => string;
}

/** Resumes with the person's name and reason; refuses when SES's alarm turned the set off and no set is named to turn back on. */
export async function resumeSendingFromCli(flags: SendingFlags, deps: ResumeDeps): Promise<ResumeOutcome> {
  const state = await deps.control.guard.load();
  if (
    state.status === 'paused' &&
    deps.control.configurationSet === undefined &&
    state.pause?.cause.kind === 'ses-alarm'
  ) {
    throw new Error(
      'sending resume: an SES reputation alarm turned the configuration set off; pass --configuration-set <name> (the stack output) so the resume turns it back on',
    );
  }
  return resumeWith(deps.control, {
    at: deps.now(),
    by: flags.by ?? userInfo().username,
    reason: flags.reason as string,
    channel: 'cli',
  });
}

function controlFor(flags: SendingFlags): { control: SendingControl; close(): void } {
  const dynamo = tableClient(flags);
  const ses =
    flags.configurationSet === undefined
      ? null
      : new SESv2Client(flags.region === undefined ? {} : { region: flags.region });
  const bus =
    flags.eventBus === undefined
      ? null
      : new EventBridgeClient(flags.region === undefined ? {} : { region: flags.region });
  return {
    control: {
      guard: createDynamoSendingGuard(dynamo, { tableName: flags.table }),
      ...(ses === null || flags.configurationSet === undefined
        ? {}
        : { configurationSet: createConfigurationSetSwitch(ses, flags.configurationSet) }),
      ...(bus === null || flags.eventBus === undefined
        ? {}
        : { publisher: createEventBridgePublisher(bus, { eventBusName: flags.eventBus }) }),
    },
    close() {
      dynamo.destroy();
      ses?.destroy();
      bus?.destroy();
    },
  };
}

export function register(program: Command): void {
  const sending = program.command('sending').description('whether automated sending is paused, and resuming it');
  const tableOptions = (command: Command) =>
    command
      .requiredOption('--table <name>', 'the deployed teichaku table')
      .option('--region <region>', 'the table’s AWS region (default: AWS_REGION)')
      .option('--endpoint <url>', 'a DynamoDB endpoint other than AWS (DynamoDB Local; or AWS_ENDPOINT_URL_DYNAMODB)');
  tableOptions(
    sending.command('status').description('is sending paused, why, and the pauses and resumes so far'),
  ).action(async (raw: unknown) => {
    const flags = parseSendingFlags(raw, 'status');
    const { control, close } = controlFor(flags);
    try {
      process.stdout.write(
        statusText(
          await control.guard.load().catch((error: unknown) => Promise.reject(tableAccessError(error, flags))),
        ),
      );
    } finally {
      close();
    }
  });
  tableOptions(
    sending.command('resume').description('resume automated sending after a pause; the reason is kept with it'),
  )
    .requiredOption('--reason <text>', 'why sending may go on (what was found and fixed)')
    .option('--by <name>', 'who resumes (default: your user name)')
    .option(
      '--configuration-set <name>',
      'turn this SES configuration set back on (needed when an SES reputation alarm paused it)',
    )
    .option('--event-bus <name>', 'also publish `Sending Resumed` on this bus')
    .action(async (raw: unknown) => {
      const flags = parseSendingFlags(raw, 'resume');
      const { control, close } = controlFor(flags);
      try {
        const outcome = await resumeSendingFromCli(flags, { control, now: () => new Date().toISOString() });
        process.stdout.write(
          outcome.kind === 'resumed'
            ? `sending resumed (it was paused at ${outcome.pausedAt}); recorded with your reason\n`
            : 'sending was not paused: nothing to resume\n',
        );
      } finally {
        close();
      }
    });
}
