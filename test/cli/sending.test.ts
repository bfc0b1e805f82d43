// `teichaku sending status|resume` against DynamoDB Local: the pause as a person reads it, the
// resume recorded with who and why, and the configuration set turned back on when SES's alarm paused it.

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutConfigurationSetSendingOptionsCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoSendingGuard } from '../../functions/adapters/dynamodb-sending-guard.js';
import {
  createTable,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type LocalServices,
  startLocalServices,
} from '../../functions/adapters/local/local-services.js';
import { createConfigurationSetSwitch } from '../../functions/adapters/ses-configuration-set.js';
import { main } from '../../functions/cli/main.js';
import { parseSendingFlags, resumeSendingFromCli, statusText } from '../../functions/cli/sending.js';
import { pauseSending } from '../../functions/core/sending-guard.js';
import { DEFAULT_GUARDRAIL_THRESHOLDS } from '../../functions/core/sending-rates.js';

let services: LocalServices;
let dynamo: DynamoDBClient;
const tableName = `teichaku-sending-${process.pid}`;

beforeAll(async () => {
  services = await startLocalServices();
  dynamo = new DynamoDBClient({
    endpoint: services.dynamoEndpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  await createTable(dynamo, tableName);
}, 90_000);
afterAll(async () => {
  dynamo?.destroy();
  await services?.stop();
});

const PAUSED_AT = '2026-03-10T03:00:00.000Z';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => ((err += chunk), true)) as typeof process.stderr.write;
  const keys = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
  process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
  try {
    const code = await main(['node', 'teichaku', ...args]);
    return { code, out, err };
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
    process.exitCode = undefined;
    if (keys.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
    else process.env.AWS_ACCESS_KEY_ID = keys.id;
    if (keys.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
    else process.env.AWS_SECRET_ACCESS_KEY = keys.secret;
  }
}

describe('teichaku sending', () => {
  it('shows the pause with its figures, then resumes it with the reason given, recorded in the table', async () => {
    const guard = createDynamoSendingGuard(dynamo, { tableName });
    await guard.update((s) =>
      pauseSending(s, {
        pausedAt: PAUSED_AT,
        cause: {
          kind: 'rates',
          breach: { metric: 'complaint', window: 'hours', rate: 0.002, threshold: 0.0008, sends: 1000, count: 2 },
          windows: [],
          thresholds: DEFAULT_GUARDRAIL_THRESHOLDS,
        },
      }),
    );
    const table = ['--table', tableName, '--endpoint', services.dynamoEndpoint];
    const status = await run(['sending', 'status', ...table]);
    expect(status.code).toBe(0);
    expect(status.out).toContain('sending: PAUSED since 2026-03-10T03:00:00.000Z');
    expect(status.out).toContain('complaint rate 0.20 % (2 of 1000 sends) over the last 24 h ≥ 0.08 %');

    const refused = await run(['sending', 'resume', ...table]);
    expect(refused.code).not.toBe(0);
    expect((await guard.load()).status).toBe('paused');

    const resumed = await run([
      'sending',
      'resume',
      ...table,
      '--reason',
      'a purchased list was imported; removed',
      '--by',
      'ops-sato',
    ]);
    expect(resumed.out).toContain('sending resumed (it was paused at 2026-03-10T03:00:00.000Z)');
    const state = await guard.load();
    expect(state.status).toBe('sending');
    expect(state.history.at(-1)).toMatchObject({
      action: 'resumed',
      by: 'ops-sato',
      reason: 'a purchased list was imported; removed',
      channel: 'cli',
    });
    expect(statusText(state)).toContain('resumed by ops-sato (cli): a purchased list was imported; removed');
  });

  it('needs the configuration set named to undo an SES alarm’s pause, and turns it back on', async () => {
    const guard = createDynamoSendingGuard(dynamo, { tableName });
    await guard.update((s) =>
      pauseSending(s, {
        pausedAt: PAUSED_AT,
        cause: {
          kind: 'ses-alarm',
          alarm: 'complaints',
          metric: 'Reputation.ComplaintRate',
          value: 0.0012,
          threshold: 0.001,
        },
      }),
    );
    const flags = parseSendingFlags({ table: tableName, reason: 'checked with SES', by: 'ops' }, 'resume');
    await expect(resumeSendingFromCli(flags, { control: { guard }, now: () => PAUSED_AT })).rejects.toThrow(
      /--configuration-set/,
    );
    const ses = mockClient(SESv2Client);
    ses.on(PutConfigurationSetSendingOptionsCommand).resolves({});
    const outcome = await resumeSendingFromCli(flags, {
      control: {
        guard,
        configurationSet: createConfigurationSetSwitch(new SESv2Client({ region: LOCAL_REGION }), 'teichaku-set'),
      },
      now: () => PAUSED_AT,
    });
    expect(outcome.kind).toBe('resumed');
    expect(ses.commandCalls(PutConfigurationSetSendingOptionsCommand)[0]?.args[0].input).toEqual({
      ConfigurationSetName: 'teichaku-set',
      SendingEnabled: true,
    });
    ses.restore();
  });
});
