// Ingest, the part of the construct that takes the product's events: a rule on the bus puts them on
// the ingest queue (with its dead-letter queue), and the ingest function applies them to account
// state in batches. Segment's messages arrive on its partner event bus, one rule there per partner
// source; RudderStack's on teichaku's bus with the source `rudderstack`; both go to the same queue,
// where ingest maps them onto the contract (functions/core/partner-events.ts).
import { Duration } from 'aws-cdk-lib';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DETAIL_TYPES } from '../functions/core/events.js';
import { RUDDERSTACK_SOURCE, SEGMENT_SOURCE_PREFIX } from '../functions/core/partner-events.js';
import { grantIngest } from './grants.js';
import type { HandlerFunction } from './handler-function.js';
import { workQueue } from './queues.js';
import { type PartProps, TIMEOUTS } from './teichaku-functions.js';

/** A short wait lets one ingest batch hold several events of one account: one write instead of many. */
const BATCHING_WINDOW = Duration.seconds(2);

export interface IngestProps extends PartProps {
  /** The `source` of the product's events; the rule takes only those. */
  readonly eventSource: string;
  /** Segment partner event sources (`aws.partner/segment.com/<sourceId>`), each with its partner event bus. */
  readonly segmentEventSources?: readonly string[];
  /** Whether RudderStack's EventBridge destination puts events on the bus (source `rudderstack`). */
  readonly rudderStackEvents?: boolean;
}

/** The calls the mapping takes; page, screen and alias are left on the bus. */
const PARTNER_CALLS = ['track', 'identify', 'group'];

const SEGMENT_SOURCE = /^aws\.partner\/segment\.com\/[A-Za-z0-9._-]{1,64}$/;

/** Checks the Segment sources before anything is made: each error names the prop and the value's index. */
export function checkedSegmentSources(sources: readonly string[] = []): readonly string[] {
  sources.forEach((source, i) => {
    if (!SEGMENT_SOURCE.test(source))
      throw new Error(
        `teichaku: segmentEventSources[${i}] must be a Segment partner event source such as ${SEGMENT_SOURCE_PREFIX}AbC123`,
      );
  });
  if (new Set(sources).size !== sources.length) throw new Error('teichaku: segmentEventSources has a duplicate');
  return sources;
}

export class Ingest {
  public readonly queue: Queue;
  /** Events that failed five times, and those ingest rejects for good (it sends them itself). */
  public readonly deadLetterQueue: Queue;
  public readonly function: HandlerFunction;
  public readonly rule: Rule;

  /** One rule per Segment partner source, on its partner event bus; and RudderStack's on the bus. */
  public readonly partnerRules: readonly Rule[];

  constructor(scope: Construct, props: IngestProps) {
    const segmentSources = checkedSegmentSources(props.segmentEventSources);
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
    const target = () => new SqsQueue(this.queue, { deadLetterQueue: this.deadLetterQueue });
    const segmentRules = segmentSources.map((source) => {
      // The partner event bus is named after its source; its id is the part after the last slash.
      const name = source.slice(SEGMENT_SOURCE_PREFIX.length).replace(/[^A-Za-z0-9]/g, '');
      return new Rule(scope, `IngestSegmentRule${name}`, {
        description: 'teichaku: Segment track, identify and group calls to the ingest queue',
        eventBus: EventBus.fromEventBusName(scope, `SegmentBus${name}`, source),
        eventPattern: { source: [source], detailType: PARTNER_CALLS },
        targets: [target()],
      });
    });
    const rudderStackRules = props.rudderStackEvents
      ? [
          new Rule(scope, 'IngestRudderStackRule', {
            description: 'teichaku: RudderStack track, identify and group calls to the ingest queue',
            eventBus: props.eventBus,
            eventPattern: { source: [RUDDERSTACK_SOURCE], detail: { type: PARTNER_CALLS } },
            targets: [target()],
          }),
        ]
      : [];
    this.partnerRules = [...segmentRules, ...rudderStackRules];
  }
}
