// `teichaku dlq list|redrive` against SQS played by aws-sdk-client-mock (there is no local SQS): a
// small in-memory queue behind the mocked calls, so the tests see what stays, what goes and what a
// re-run does.
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DEAD_LETTER_ATTRIBUTES } from '../../functions/adapters/sqs-dead-letters.js';
import { messageLine, parseDlqFlags } from '../../functions/cli/dlq.js';
import { main } from '../../functions/cli/main.js';

const DLQ_URL = 'https://sqs.ap-northeast-1.amazonaws.com/123456789012/teichaku-IngestQueueDeadLetters';
const QUEUE_URL = 'https://sqs.ap-northeast-1.amazonaws.com/123456789012/teichaku-IngestQueue';
const QUEUE_ARN = 'arn:aws:sqs:ap-northeast-1:123456789012:teichaku-IngestQueue';
const SENT_MS = Date.parse('2026-03-02T01:00:00Z');

interface Stored {
  readonly id: string;
  readonly body: string;
  readonly attributes: Record<string, MessageAttributeValue>;
  handle: string | null;
}

const text = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });

/** A dead-letter queue and its work queue in memory, behind the mocked SQS client. */
function fakeQueues(messages: readonly Omit<Stored, 'handle'>[], options: { refuseSend?: ReadonlySet<string> } = {}) {
  const sqs = mockClient(SQSClient);
  const dlq: Stored[] = messages.map((m) => ({ ...m, handle: null }));
  const work: { body: string; attributes: Record<string, MessageAttributeValue> | undefined }[] = [];
  let receipts = 0;
  sqs.on(ReceiveMessageCommand).callsFake((input: { QueueUrl: string; MaxNumberOfMessages: number }) => {
    expect(input.QueueUrl).toBe(DLQ_URL);
    const visible = dlq.filter((m) => m.handle === null).slice(0, input.MaxNumberOfMessages);
    const out: Message[] = visible.map((m) => {
      m.handle = `h-${++receipts}`;
      return {
        MessageId: m.id,
        ReceiptHandle: m.handle,
        Body: m.body,
        MessageAttributes: m.attributes,
        Attributes: { SentTimestamp: String(SENT_MS) },
      };
    });
    return { Messages: out };
  });
  sqs
    .on(ChangeMessageVisibilityBatchCommand)
    .callsFake((input: { Entries: { Id: string; ReceiptHandle: string }[] }) => {
      for (const e of input.Entries) for (const m of dlq) if (m.handle === e.ReceiptHandle) m.handle = null;
      return { Successful: input.Entries.map((e) => ({ Id: e.Id })), Failed: [] };
    });
  sqs.on(DeleteMessageBatchCommand).callsFake((input: { Entries: { Id: string; ReceiptHandle: string }[] }) => {
    for (const e of input.Entries) {
      const at = dlq.findIndex((m) => m.handle === e.ReceiptHandle);
      if (at >= 0) dlq.splice(at, 1);
    }
    return { Successful: input.Entries.map((e) => ({ Id: e.Id })), Failed: [] };
  });
  sqs
    .on(SendMessageBatchCommand)
    .callsFake(
      (input: {
        QueueUrl: string;
        Entries: { Id: string; MessageBody: string; MessageAttributes?: Record<string, MessageAttributeValue> }[];
      }) => {
        expect(input.QueueUrl).toBe(QUEUE_URL);
        const refused = input.Entries.filter((e) => options.refuseSend?.has(e.MessageBody) === true);
        const taken = input.Entries.filter((e) => !refused.includes(e));
        for (const e of taken) work.push({ body: e.MessageBody, attributes: e.MessageAttributes });
        return {
          Successful: taken.map((e) => ({ Id: e.Id, MessageId: `w-${e.Id}`, MD5OfMessageBody: '' })),
          Failed: refused.map((e) => ({ Id: e.Id, Code: 'InternalError', SenderFault: false })),
        };
      },
    );
  return { sqs, dlq, work };
}

const rejected = (n: number, source = QUEUE_ARN): Omit<Stored, 'handle'> => ({
  id: `dl-${n}`,
  body: JSON.stringify({
    id: `evt-${n}`,
    source: 'com.example.product',
    'detail-type': 'Contact Upserted',
    detail: { accountId: 'acc-1', email: `person${n}@example.com`, name: `Person ${n}` },
  }),
  attributes: {
    [DEAD_LETTER_ATTRIBUTES.reason]: text(`event evt-${n} rejected: detail.email: expected an email address`),
    [DEAD_LETTER_ATTRIBUTES.eventId]: text(`evt-${n}`),
    [DEAD_LETTER_ATTRIBUTES.sourceQueue]: text(source),
    [DEAD_LETTER_ATTRIBUTES.sourceMessageId]: text(`m-${n}`),
  },
});

/** One SQS moved after its last delivery: no attributes. */
const exhausted = (n: number): Omit<Stored, 'handle'> => ({
  id: `dl-${n}`,
  body: JSON.stringify({ id: `evt-${n}`, detail: { name: `Person ${n}` } }),
  attributes: {},
});

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

describe('teichaku dlq list', () => {
  it('lists each dead letter with its reason and id, no bodies, and leaves them in the queue', async () => {
    const queues = fakeQueues([rejected(1), rejected(2), exhausted(3)]);
    restore = () => queues.sqs.restore();
    const listed = await run(['dlq', 'list', '--queue', 'ingest', '--dlq-url', DLQ_URL]);
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(
      '2026-03-02T01:00:00.000Z  event evt-1  message dl-1\n  reason: event evt-1 rejected: detail.email: expected an email address',
    );
    expect(listed.out).toContain(
      'event evt-3  message dl-3\n  reason: no reason recorded (moved by SQS after its last delivery',
    );
    expect(listed.out).toContain('3 dead letter(s) in teichaku-IngestQueueDeadLetters');
    expect(listed.out).not.toMatch(/person\d@example\.com|Person \d/);
    expect(queues.dlq.map((m) => [m.id, m.handle])).toEqual([
      ['dl-1', null],
      ['dl-2', null],
      ['dl-3', null],
    ]);
  });

  it('prints the bodies only when asked', async () => {
    const queues = fakeQueues([rejected(1)]);
    restore = () => queues.sqs.restore();
    const listed = await run(['dlq', 'list', '--queue', 'ingest', '--dlq-url', DLQ_URL, '--show-body']);
    expect(listed.out).toContain('person1@example.com');
  });

  it('stops at --max', async () => {
    const queues = fakeQueues(Array.from({ length: 25 }, (_, i) => rejected(i)));
    restore = () => queues.sqs.restore();
    const listed = await run(['dlq', 'list', '--queue', 'ingest', '--dlq-url', DLQ_URL, '--max', '12']);
    expect(listed.out).toContain(
      '12 dead letter(s) in teichaku-IngestQueueDeadLetters (--max 12 reached; there may be more)',
    );
    expect(queues.dlq.every((m) => m.handle === null)).toBe(true);
  });
});

describe('teichaku dlq redrive', () => {
  it('sends each body back to the work queue as it came, deletes it, counts it, and finds nothing on a re-run', async () => {
    const queues = fakeQueues([...Array.from({ length: 12 }, (_, i) => rejected(i)), exhausted(12)]);
    restore = () => queues.sqs.restore();
    const first = await run(['dlq', 'redrive', '--queue', 'ingest', '--dlq-url', DLQ_URL, '--queue-url', QUEUE_URL]);
    expect(first.code).toBe(0);
    expect(first.out).toBe('redriven: 13 message(s) to the ingest queue teichaku-IngestQueue\n');
    expect(queues.dlq).toEqual([]);
    expect(queues.work.map((m) => m.body)).toEqual([
      ...Array.from({ length: 12 }, (_, i) => rejected(i).body),
      exhausted(12).body,
    ]);
    // The reason stays with the dead letter: the work queue gets the message as it first came.
    expect(queues.work.every((m) => m.attributes === undefined)).toBe(true);
    const again = await run(['dlq', 'redrive', '--queue', 'ingest', '--dlq-url', DLQ_URL, '--queue-url', QUEUE_URL]);
    expect(again.out).toBe('redriven: 0 message(s) to the ingest queue teichaku-IngestQueue\n');
    expect(queues.work).toHaveLength(13);
  });

  it('counts what would go back on --dry-run and sends and deletes nothing', async () => {
    const queues = fakeQueues([rejected(1), rejected(2)]);
    restore = () => queues.sqs.restore();
    const dry = await run([
      'dlq',
      'redrive',
      '--queue',
      'ingest',
      '--dlq-url',
      DLQ_URL,
      '--queue-url',
      QUEUE_URL,
      '--dry-run',
    ]);
    expect(dry.out).toBe('would redrive: 2 message(s) to the ingest queue teichaku-IngestQueue\n');
    expect(queues.work).toEqual([]);
    expect(queues.dlq.map((m) => [m.id, m.handle])).toEqual([
      ['dl-1', null],
      ['dl-2', null],
    ]);
    expect(queues.sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
    expect(queues.sqs.commandCalls(DeleteMessageBatchCommand)).toHaveLength(0);
  });

  it('leaves a dead letter from another queue where it is', async () => {
    const queues = fakeQueues([rejected(1), rejected(2, 'arn:aws:sqs:ap-northeast-1:123456789012:teichaku-SendQueue')]);
    restore = () => queues.sqs.restore();
    const out = await run(['dlq', 'redrive', '--queue', 'ingest', '--dlq-url', DLQ_URL, '--queue-url', QUEUE_URL]);
    expect(out.out).toContain('redriven: 1 message(s)');
    expect(out.out).toContain('left in place: 1 from another queue');
    expect(queues.dlq.map((m) => [m.id, m.handle])).toEqual([['dl-2', null]]);
  });

  it('keeps a message the work queue refused in the dead-letter queue, says so and fails; a re-run sends it', async () => {
    const refused = new Set([rejected(2).body]);
    const queues = fakeQueues([rejected(1), rejected(2)], { refuseSend: refused });
    restore = () => queues.sqs.restore();
    const out = await run(['dlq', 'redrive', '--queue', 'ingest', '--dlq-url', DLQ_URL, '--queue-url', QUEUE_URL]);
    expect(out.code).toBe(1);
    expect(out.out).toContain('failed: 1 not sent or not deleted; run the redrive again');
    expect(queues.dlq.map((m) => [m.id, m.handle])).toEqual([['dl-2', null]]);
    refused.clear();
    await run(['dlq', 'redrive', '--queue', 'ingest', '--dlq-url', DLQ_URL, '--queue-url', QUEUE_URL]);
    expect(queues.dlq).toEqual([]);
    expect(queues.work.map((m) => m.body)).toEqual([rejected(1).body, rejected(2).body]);
  });
});

describe('teichaku dlq list --queue planning', () => {
  it('says which shards and which run a dead work item was for', () => {
    const line = messageLine(
      'planning',
      {
        messageId: 'm-1',
        body: JSON.stringify({ at: '2026-01-26T00:00:00.000Z', shards: { first: 4, last: 7 }, after: null }),
        reason: null,
        eventId: null,
        touchId: null,
        sentAt: null,
        receiptHandle: 'r',
        sourceQueue: null,
        otherAttributes: {},
      },
      false,
    );
    expect(line).toMatch(/work item shards 4–7 at 2026-01-26T00:00:00.000Z {2}message m-1/);
    expect(line).toMatch(/reason: no reason recorded/);
  });
});

describe('teichaku dlq flags', () => {
  it('names each bad flag', () => {
    expect(() => parseDlqFlags({ queue: 'planner', dlqUrl: DLQ_URL }, 'list')).toThrowError(
      /--queue must be one of ingest, send, planning, slack/,
    );
    expect(() => parseDlqFlags({ queue: 'ingest', dlqUrl: 'not a url' }, 'list')).toThrowError(
      /--dlq-url must be a queue URL/,
    );
    expect(() => parseDlqFlags({ queue: 'send', dlqUrl: DLQ_URL }, 'redrive')).toThrowError(
      /--queue-url is required: the send queue/,
    );
    expect(parseDlqFlags({ queue: 'send', dlqUrl: DLQ_URL, max: '20' }, 'list')).toMatchObject({
      max: 20,
      showBody: false,
      dryRun: false,
    });
  });
});
