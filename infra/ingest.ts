// Ingest, the part of the construct that takes the product's events: a rule on the bus puts them on
// the ingest queue (with its dead-letter queue), and the ingest function applies them to account
// state in batches.
import { Duration } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DETAIL_TYPES } from '../functions/core/events.js';
import { grantIngest } from './grants.js';
import type { HandlerFunction } from './handler-function.js';
import { workQueue } from './queues.js';
import { type PartProps, TIMEOUTS } from './teichaku-functions.js';

/** A short wait lets one ingest batch hold several events of one account: one write instead of many. */
const BATCHING_WINDOW = Duration.seconds(2);

export interface IngestProps extends PartProps {
  /** The `source` of the product's events; the rule takes only those. */
  readonly eventSource: string;
}

export class Ingest {
  public readonly queue: Queue;
  /** Events that failed five times, and those ingest rejects for good (it sends them itself). */
  public readonly deadLetterQueue: Queue;
  public readonly function: HandlerFunction;
  public readonly rule: Rule;

  constructor(scope: Construct, props: IngestProps) {
    const work = workQueue(scope, 'IngestQueue', {
      consumerTimeout: TIMEOUTS.ingest,
      batchingWindow: BATCHING_WINDOW,
      removalPolicy: props.removalPolicy,
    });
    this.queue = work.queue;
    this.deadLetterQueue = work.deadLetterQueue;
    this.function = props.functions.make(
      'ingest',
      { DEAD_LETTER_QUEUE_URL: this.deadLetterQueue.queueUrl },
      { description: 'applies product events to account state', memorySizeMb: 512 },
    );
    grantIngest(this.function, { ...props, deadLetterQueue: this.deadLetterQueue });
    this.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 25,
        maxBatchingWindow: BATCHING_WINDOW,
        reportBatchItemFailures: true,
      }),
    );
    this.rule = new Rule(scope, 'IngestRule', {
      description: 'teichaku: product events to the ingest queue',
      eventBus: props.eventBus,
      eventPattern: { source: [props.eventSource], detailType: [...DETAIL_TYPES] },
      targets: [new SqsQueue(this.queue, { deadLetterQueue: this.deadLetterQueue })],
    });
  }
}
