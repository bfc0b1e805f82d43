// SQS's batch calls, ten entries at the most, shared by the send queue, the dead letters and the
// `teichaku dlq` queue: cutting a list into calls, and SendMessageBatch with the entries SQS failed on
// its side sent again with backoff.
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import { type BackoffOptions, retryWithBackoff } from './backoff.js';

/** SQS's most entries per batch call (send, delete, change visibility) and per receive. */
export const SQS_BATCH_MAX = 10;

export function batchesOf<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += SQS_BATCH_MAX) out.push(items.slice(i, i + SQS_BATCH_MAX));
  return out;
}

/** An entry of a batch SQS did not take, by its index in the batch, with SQS's code (or the error's name). */
export interface UnsentEntry {
  readonly index: number;
  readonly code: string;
}

export interface BatchSendOutcome {
  readonly unsent: readonly UnsentEntry[];
  /** Set when a call failed as a whole (after the SDK's own retries): `unsent` is then what it had not sent. */
  readonly callError?: unknown;
}

class PartialFailure extends Error {
  constructor(readonly retryable: boolean) {
    super('some entries failed');
  }
}

/**
 * Sends one batch (at most SQS_BATCH_MAX entries). Entries SQS failed on its side are sent again with
 * backoff; a SenderFault means the entry itself is wrong (too big with its attributes, say), so a
 * batch with one is not tried again. Never throws: what was not sent is in the outcome.
 */
export async function sendMessageBatch(
  client: SQSClient,
  queueUrl: string,
  entries: readonly Omit<SendMessageBatchRequestEntry, 'Id'>[],
  backoff: BackoffOptions,
): Promise<BatchSendOutcome> {
  // Entry ids only need to be unique within the call; the index maps failures back to the entries.
  let pending: SendMessageBatchRequestEntry[] = entries.map((entry, i) => ({ ...entry, Id: String(i) }));
  let codes = new Map<string, string>();
  const unsent = (code: (id: string) => string) =>
    pending.map((e) => ({ index: Number(e.Id), code: code(e.Id ?? '') }));
  try {
    await retryWithBackoff(
      async () => {
        const out = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending }));
        const failed = out.Failed ?? [];
        if (failed.length === 0) {
          pending = [];
          return;
        }
        const failedIds = new Set(failed.map((f) => f.Id));
        pending = pending.filter((e) => failedIds.has(e.Id));
        codes = new Map(failed.map((f) => [f.Id ?? '?', f.Code ?? 'unknown']));
        throw new PartialFailure(!failed.some((f) => f.SenderFault === true));
      },
      (error) => error instanceof PartialFailure && error.retryable,
      backoff,
    );
    return { unsent: [] };
  } catch (error) {
    if (error instanceof PartialFailure) return { unsent: unsent((id) => codes.get(id) ?? 'unknown') };
    // The whole call failed: access denied, the queue gone, the network.
    const name = error instanceof Error ? error.name : 'non-Error thrown';
    return { unsent: unsent(() => name), callError: error };
  }
}
