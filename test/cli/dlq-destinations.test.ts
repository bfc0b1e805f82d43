// `teichaku dlq` on a notification destination's dead-letter queue (Slack, Teams, the CRMs'), with SQS
// played by aws-sdk-client-mock: the list shows the event's detail-type and account and the attributes
// EventBridge sets; a redrive is refused before any SQS call, since the bus would deliver it to every rule.
import {
  ChangeMessageVisibilityBatchCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseDlqFlags } from '../../functions/cli/dlq.js';
import { destinationEventOf } from '../../functions/cli/dlq-destinations.js';
import { main } from '../../functions/cli/main.js';

const DLQ_URL = 'https://sqs.ap-northeast-1.amazonaws.com/123456789012/teichaku-SlackDeadLetterQueue';
const RULE_ARN = 'arn:aws:events:ap-northeast-1:123456789012:rule/teichaku-bus/teichaku-SlackRule';
const TARGET_ARN = 'arn:aws:events:ap-northeast-1:123456789012:api-destination/teichaku-slack/abc';
const SENT_MS = Date.parse('2026-03-02T01:00:00Z');

const text = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });

/** What EventBridge puts in a target's dead-letter queue: the original event, and why, as attributes. */
function undelivered(n: number, detail: Record<string, unknown>, errorMessage: string): Message {
  return {
    MessageId: `dl-${n}`,
    ReceiptHandle: `h-${n}`,
    Body: JSON.stringify({
      version: '0',
      id: `e-${n}`,
      'detail-type': 'Account At Risk',
      source: 'teichaku',
      time: '2026-03-02T00:59:00Z',
      detail,
    }),
    MessageAttributes: {
      ERROR_CODE: text('SDK_CLIENT_ERROR'),
      ERROR_MESSAGE: text(errorMessage),
      RULE_ARN: text(RULE_ARN),
      TARGET_ARN: text(TARGET_ARN),
      RETRY_ATTEMPTS: text('185'),
    },
    Attributes: { SentTimestamp: String(SENT_MS) },
  };
}

function fakeDlq(messages: Message[]) {
  const sqs = mockClient(SQSClient);
  let given = false;
  sqs.on(ReceiveMessageCommand).callsFake((input: { QueueUrl: string }) => {
    expect(input.QueueUrl).toBe(DLQ_URL);
    if (given) return { Messages: [] };
    given = true;
    return { Messages: messages };
  });
  sqs.on(ChangeMessageVisibilityBatchCommand).callsFake((input: { Entries: { Id: string }[] }) => ({
    Successful: input.Entries.map((e) => ({ Id: e.Id })),
    Failed: [],
  }));
  return sqs;
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => ((err += chunk), true)) as typeof process.stderr.write;
  try {
    const code = await main(['node', 'teichaku', ...args]);
    return { code, out, err };
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
    process.exitCode = undefined;
  }
}

let restore: (() => void) | undefined;
afterEach(() => restore?.());

// The first run loads every command module; on a busy machine that alone can pass the test timeout.
let emptyList = '';
beforeAll(async () => {
  const sqs = fakeDlq([]);
  try {
    emptyList = (await run(['dlq', 'list', '--queue', 'slack', '--dlq-url', DLQ_URL])).out;
  } finally {
    sqs.restore();
  }
}, 180_000);

describe('teichaku dlq list --queue slack', () => {
  it('says so when the queue is empty', () => {
    expect(emptyList).toBe('0 dead letter(s) in teichaku-SlackDeadLetterQueue\n');
  });

  it('shows the detail-type, the account and the error, rule and target EventBridge set, no bodies', async () => {
    const sqs = fakeDlq([
      undelivered(1, { accountId: 'acc-1042', score: 31 }, 'Connection timed out'),
      undelivered(2, { accountId: 'acc-7', owner: 'sato@example.com' }, 'Rejected\u202e for sato@example.com'),
    ]);
    restore = () => sqs.restore();
    const listed = await run(['dlq', 'list', '--queue', 'slack', '--dlq-url', DLQ_URL]);
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(
      [
        '2026-03-02T01:00:00.000Z  Account At Risk  account acc-1042  message dl-1',
        '  error: SDK_CLIENT_ERROR: Connection timed out (retries: 185)',
        `  rule: ${RULE_ARN}`,
        `  target: ${TARGET_ARN}`,
      ].join('\n'),
    );
    // An address in EventBridge's message is scrubbed and an invisible character shown as `?`.
    expect(listed.out).toContain('  error: SDK_CLIENT_ERROR: Rejected? for <email> (retries: 185)');
    expect(listed.out).not.toContain('sato@example.com');
    expect(listed.out).toContain('2 dead letter(s) in teichaku-SlackDeadLetterQueue');
    // Listed, then made visible again: nothing deleted.
    expect(sqs.commandCalls(ChangeMessageVisibilityBatchCommand)[0]?.args[0].input.Entries).toHaveLength(2);
  });

  it('prints the original event only with --show-body', async () => {
    const sqs = fakeDlq([undelivered(1, { accountId: 'acc-1042' }, 'Bad gateway')]);
    restore = () => sqs.restore();
    const listed = await run(['dlq', 'list', '--queue', 'teams', '--dlq-url', DLQ_URL, '--show-body']);
    expect(listed.out).toContain('  body: {"version":"0","id":"e-1","detail-type":"Account At Risk"');
  });
});

describe('teichaku dlq redrive --queue slack', () => {
  it('is refused before any SQS call, saying why and where to look', async () => {
    const sqs = fakeDlq([undelivered(1, { accountId: 'acc-1042' }, 'Bad gateway')]);
    restore = () => sqs.restore();
    const tried = await run(['dlq', 'redrive', '--queue', 'slack', '--dlq-url', DLQ_URL, '--queue-url', DLQ_URL]);
    expect(tried.code).not.toBe(0);
    expect(tried.err).toMatch(/--queue slack is a notification destination's dead-letter queue/);
    expect(tried.err).toMatch(/deliver it again to every rule/);
    expect(sqs.calls()).toHaveLength(0);
  });

  it('is refused for every destination, and the flags name them', () => {
    for (const queue of ['slack', 'teams', 'hubspot', 'salesforce'])
      expect(() => parseDlqFlags({ queue, dlqUrl: DLQ_URL }, 'redrive')).toThrowError(/every rule that matches it/);
    expect(() => parseDlqFlags({ queue: 'crm', dlqUrl: DLQ_URL }, 'list')).toThrowError(
      /--queue must be one of ingest, send, planning, slack, teams, hubspot, salesforce/,
    );
    expect(parseDlqFlags({ queue: 'slack', dlqUrl: DLQ_URL }, 'list').queue).toBe('slack');
  });
});

describe('the event of a destination dead letter', () => {
  it('names a signal type teichaku knows and a valid account id, and nothing else', () => {
    expect(destinationEventOf('not json')).toEqual({ detailType: 'unreadable event', accountId: null });
    expect(
      destinationEventOf(JSON.stringify({ 'detail-type': 'Ignore\u202eme', detail: { accountId: 'a b\u0000' } })),
    ).toEqual({ detailType: 'unknown detail-type', accountId: null });
    expect(
      destinationEventOf(JSON.stringify({ 'detail-type': 'Support Surge', detail: { accountId: 'acc-9' } })),
    ).toEqual({ detailType: 'Support Surge', accountId: 'acc-9' });
  });
});
