import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createSqsDeadLetters,
  DEAD_LETTER_ATTRIBUTES,
  REASON_MAX_CHARS,
} from '../../functions/adapters/sqs-dead-letters.js';
import type { DeadLetter } from '../../functions/core/ports.js';

const sqs = mockClient(SQSClient);
const DLQ = 'https://sqs.us-east-1.amazonaws.com/123456789012/ingest-dead-letters';
const SOURCE = 'arn:aws:sqs:us-east-1:123456789012:ingest';
const deadLetters = createSqsDeadLetters(new SQSClient({ region: 'us-east-1' }), {
  queueUrl: DLQ,
  backoff: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => undefined },
});

function aLetter(i: number, overrides: Partial<DeadLetter> = {}): DeadLetter {
  return {
    body: `{"id":"evt-${i}"}`,
    reason: `event evt-${i} rejected: detail.email: expected an email address`,
    eventId: `evt-${i}`,
    source: { queueArn: SOURCE, messageId: `m-${i}` },
    ...overrides,
  };
}

beforeEach(() => sqs.reset());

describe('SQS dead letters', () => {
  it('writes each body unchanged with its reason and ids as attributes, ten per call', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const letters = Array.from({ length: 23 }, (_, i) => aLetter(i));
    expect(await deadLetters.deadLetter(letters)).toEqual({ failed: [] });
    const calls = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.Entries?.length)).toEqual([10, 10, 3]);
    expect(calls.every((c) => c.QueueUrl === DLQ)).toBe(true);
    const first = calls[0]?.Entries?.[0];
    expect(first?.MessageBody).toBe('{"id":"evt-0"}');
    expect(first?.MessageAttributes).toEqual({
      [DEAD_LETTER_ATTRIBUTES.reason]: {
        DataType: 'String',
        StringValue: 'event evt-0 rejected: detail.email: expected an email address',
      },
      [DEAD_LETTER_ATTRIBUTES.eventId]: { DataType: 'String', StringValue: 'evt-0' },
      [DEAD_LETTER_ATTRIBUTES.sourceQueue]: { DataType: 'String', StringValue: SOURCE },
      [DEAD_LETTER_ATTRIBUTES.sourceMessageId]: { DataType: 'String', StringValue: 'm-0' },
    });
  });

  it('leaves out an id that could not be read, adds a touch id, and cuts a long reason', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    await deadLetters.deadLetter([
      aLetter(1, { eventId: null, touchId: 'feature-tip.abc', reason: 'x'.repeat(5_000) }),
    ]);
    const attributes =
      sqs.commandCalls(SendMessageBatchCommand)[0]?.args[0].input.Entries?.[0]?.MessageAttributes ?? {};
    expect(Object.keys(attributes).sort()).toEqual(
      [
        DEAD_LETTER_ATTRIBUTES.reason,
        DEAD_LETTER_ATTRIBUTES.sourceMessageId,
        DEAD_LETTER_ATTRIBUTES.sourceQueue,
        DEAD_LETTER_ATTRIBUTES.touchId,
      ].sort(),
    );
    expect(attributes[DEAD_LETTER_ATTRIBUTES.touchId]?.StringValue).toBe('feature-tip.abc');
    expect(attributes[DEAD_LETTER_ATTRIBUTES.reason]?.StringValue).toHaveLength(REASON_MAX_CHARS);
    expect(attributes[DEAD_LETTER_ATTRIBUTES.reason]?.StringValue?.endsWith(' …')).toBe(true);
  });

  it('tries entries SQS failed on its side again, only those', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Successful: [{ Id: '0', MessageId: 'a', MD5OfMessageBody: '' }],
        Failed: [{ Id: '1', Code: 'InternalError', SenderFault: false }],
      })
      .resolves({ Successful: [{ Id: '1', MessageId: 'b', MD5OfMessageBody: '' }], Failed: [] });
    expect(await deadLetters.deadLetter([aLetter(0), aLetter(1)])).toEqual({ failed: [] });
    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input.Entries?.map((e) => e.MessageBody)).toEqual(['{"id":"evt-1"}']);
  });

  it('returns an entry SQS refused as malformed, untried again, by its source message id', async () => {
    sqs.on(SendMessageBatchCommand).resolves({
      Successful: [{ Id: '1', MessageId: 'b', MD5OfMessageBody: '' }],
      Failed: [{ Id: '0', Code: 'InvalidParameterValue', SenderFault: true }],
    });
    expect(await deadLetters.deadLetter([aLetter(0), aLetter(1)])).toEqual({
      failed: [{ messageId: 'm-0', problem: 'InvalidParameterValue' }],
    });
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(1);
  });

  it('returns every entry of a call that failed whole, never throws, and goes on with the next ten', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .rejectsOnce(
        Object.assign(new Error('User is not authorized to perform sqs:SendMessage'), { name: 'AccessDenied' }),
      )
      .resolves({ Successful: [], Failed: [] });
    const letters = Array.from({ length: 12 }, (_, i) => aLetter(i));
    const { failed } = await deadLetters.deadLetter(letters);
    expect(failed).toEqual(
      letters.slice(0, 10).map((l) => ({ messageId: l.source.messageId, problem: 'AccessDenied' })),
    );
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(2);
  });
});
