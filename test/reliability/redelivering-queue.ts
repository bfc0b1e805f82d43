// A standard SQS queue with a Lambda event source, as the properties need it to misbehave: every
// message is delivered up to 3 times in all (duplicates of a message that succeeded, redeliveries of
// one that failed), batches are any subset in any order, up to two function instances take batches
// at once, a failed message comes back after the visibility timeout, and the third failure sends it
// to the dead-letter queue. The deployed queues allow 5 receives (infra/queues.ts); 3 here is the
// harsher case for what the properties check (more dead letters, fewer chances to recover) and
// keeps their thousands of runs short.
import type { SQSRecord } from 'aws-lambda';
import type { Choices } from '../fixtures/faults.js';

export const MAX_RECEIVES = 3;

export interface QueuedMessage {
  readonly messageId: string;
  readonly body: string;
  receives: number;
  visibleAtMs: number;
}

/** What one invocation made of its batch: the ids it failed, or `crashed` (all of them). */
export type BatchOutcome = ReadonlySet<string> | 'crashed';

export interface QueueOptions {
  readonly visibilityMs: number;
  readonly batchSize: number;
  /** Whether messages get duplicate deliveries and instances run at once (false: the no-fault run). */
  readonly misbehave: boolean;
}

function record(message: QueuedMessage): SQSRecord {
  return {
    messageId: message.messageId,
    receiptHandle: `${message.messageId}/${message.receives}`,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receives + 1),
      SentTimestamp: '0',
      SenderId: 'test',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:ap-northeast-1:123456789012:teichaku',
    awsRegion: 'ap-northeast-1',
  };
}

export class RedeliveringQueue {
  private pending: QueuedMessage[] = [];
  readonly deadLetters: QueuedMessage[] = [];
  private sent = 0;
  deliveries = 0;
  duplicates = 0;

  constructor(
    private readonly name: string,
    private readonly choices: Choices,
    private readonly options: QueueOptions,
  ) {}

  get size(): number {
    return this.pending.length;
  }

  send(body: string, atMs: number): void {
    const id = `${this.name}-${++this.sent}`;
    this.pending.push({ messageId: id, body, receives: 0, visibleAtMs: atMs });
    if (!this.options.misbehave) return;
    // At-least-once: up to two more copies of the same message, handed out independently.
    const copies = this.choices.pick(3);
    for (let c = 1; c <= copies; c++)
      this.pending.push({ messageId: `${id}~${c}`, body, receives: 0, visibleAtMs: atMs });
    this.duplicates += copies;
  }

  /** Puts the dead letters back with fresh receive counts (what an operator's redrive does). */
  redrive(atMs: number): number {
    const moved = this.deadLetters.splice(0, this.deadLetters.length);
    for (const m of moved) this.pending.push({ ...m, receives: 0, visibleAtMs: atMs });
    return moved.length;
  }

  private takeBatch(): QueuedMessage[] {
    const size = this.options.misbehave
      ? 1 + this.choices.pick(Math.min(this.options.batchSize, this.pending.length))
      : this.options.batchSize;
    const batch: QueuedMessage[] = [];
    while (batch.length < size && this.pending.length > 0) {
      const at = this.options.misbehave ? this.choices.pick(this.pending.length) : 0;
      batch.push(...this.pending.splice(at, 1));
    }
    return batch;
  }

  /**
   * Hands batches to `consume` until the queue is empty; returns the clock (ms) it ended at. Each
   * call's `nowMs` is the latest time one of its messages became visible, never going back.
   */
  async drain(
    consume: (records: SQSRecord[], nowMs: number) => Promise<BatchOutcome>,
    startMs: number,
  ): Promise<number> {
    let clock = startMs;
    while (this.pending.length > 0) {
      const instances = this.options.misbehave ? 1 + this.choices.pick(2) : 1;
      const batches: QueuedMessage[][] = [];
      for (let i = 0; i < instances && this.pending.length > 0; i++) batches.push(this.takeBatch());
      clock = Math.max(clock, ...batches.flat().map((m) => m.visibleAtMs));
      const now = clock;
      const outcomes = await Promise.all(batches.map((batch) => consume(batch.map(record), now)));
      batches.forEach((batch, i) => {
        const outcome = outcomes[i] as BatchOutcome;
        for (const message of batch) {
          message.receives++;
          this.deliveries++;
          const failed = outcome === 'crashed' || outcome.has(message.messageId);
          if (!failed) continue;
          if (message.receives >= MAX_RECEIVES) this.deadLetters.push(message);
          else {
            message.visibleAtMs = now + this.options.visibilityMs;
            this.pending.push(message);
          }
        }
      });
    }
    return clock;
  }
}
