import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseSendJob } from '../../functions/adapters/send-job.js';
import { createSqsSendQueue, EnqueueError } from '../../functions/adapters/sqs-send-queue.js';
import type { PlannedTouch } from '../../functions/core/decisions.js';
import { aPlannedTouch } from '../fixtures/builders.js';

const sqs = mockClient(SQSClient);
const queue = createSqsSendQueue(new SQSClient({ region: 'us-east-1' }), {
  queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/send',
  backoff: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => undefined },
});

function aTouch(i: number): PlannedTouch {
  return aPlannedTouch(
    { kind: 'webinar-invite', webinarId: 'w-1' },
    { touchId: `webinar-invite.${String(i).padStart(32, '0')}`, contactId: `c-${i}`, locale: 'en' },
  );
}

beforeEach(() => sqs.reset());

describe('SQS send queue', () => {
  it('sends one message per touch, ten per call, each body a send job the sender parses back', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const touches = Array.from({ length: 12 }, (_, i) => aTouch(i));
    await queue.enqueue(touches);
    const calls = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.Entries?.length)).toEqual([10, 2]);
    expect(calls[0]?.QueueUrl).toBe('https://sqs.us-east-1.amazonaws.com/123456789012/send');
    const bodies = calls.flatMap((c) => c.Entries ?? []).map((e) => parseSendJob(e.MessageBody ?? ''));
    expect(bodies).toEqual(touches.map((job) => ({ kind: 'ok', job })));
  });

  it('retries the entries SQS failed on its side', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Successful: [{ Id: '0', MessageId: 'a', MD5OfMessageBody: '' }],
        Failed: [{ Id: '1', Code: 'InternalError', SenderFault: false }],
      })
      .resolves({ Successful: [], Failed: [] });
    await queue.enqueue([aTouch(0), aTouch(1)]);
    const retry = sqs.commandCalls(SendMessageBatchCommand)[1]?.args[0].input.Entries ?? [];
    expect(retry.map((e) => JSON.parse(e.MessageBody ?? '{}').contactId)).toEqual(['c-1']);
  });

  it('does not retry entries SQS refused as malformed, and names their touches', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolves({ Successful: [], Failed: [{ Id: '0', Code: 'InvalidMessageContents', SenderFault: true }] });
    const error = await queue.enqueue([aTouch(7)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnqueueError);
    expect((error as EnqueueError).touchIds).toEqual([aTouch(7).touchId]);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(1);
  });
});
