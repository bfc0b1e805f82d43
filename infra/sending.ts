// Sending, the part of the construct that sends the planned touches: the SES identities mail may come
// from, the configuration set every email goes out with, the send queue (with its dead-letter queue)
// the planner fills, and the sender function that claims, renders and sends each touch.
import { Duration, Stack } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ConfigurationSet, IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { DeliverabilityProps } from './deliverability-props.js';
import { additionalIdentities } from './deliverability-settings.js';
import {
  type ConfigurationSetOptions,
  type SenderIdentityOptions,
  senderIdentity,
  sendingConfigurationSet,
} from './email.js';
import { grantSender } from './grants.js';
import type { HandlerFunction } from './handler-function.js';
import { workQueue } from './queues.js';
import { type PartProps, TIMEOUTS } from './teichaku-functions.js';

export interface SendingProps extends PartProps, Pick<DeliverabilityProps, 'additionalSenderIdentities'> {
  /** The From address of every email (TeichakuProps.fromAddress). */
  readonly fromAddress: string;
  readonly senderIdentity: SenderIdentityOptions;
  readonly configurationSet: ConfigurationSetOptions;
  /** The key the sender signs unsubscribe tokens with. */
  readonly signingKey: ISecret;
  /** Where the links in emails point: the unsubscribe function's URL or the base URL given. */
  readonly unsubscribeBaseUrl: string;
  /** How many senders may run at once (Settings.senderConcurrency). */
  readonly senderConcurrency: number;
}

export class Sending {
  /** The identity of the From address. */
  public readonly identity: IEmailIdentity;
  /** Every identity mail may come from (the From address's first). */
  public readonly identities: readonly IEmailIdentity[];
  public readonly configurationSet: ConfigurationSet;
  /** ARN of the configuration set (the sender's `ses:SendEmail` resource, with the identities). */
  public readonly configurationSetArn: string;
  public readonly queue: Queue;
  public readonly deadLetterQueue: Queue;
  public readonly function: HandlerFunction;

  constructor(scope: Construct, props: SendingProps) {
    this.identity = senderIdentity(scope, props.fromAddress, props.senderIdentity);
    this.identities = [this.identity, ...additionalIdentities(scope, props)];
    this.configurationSet = sendingConfigurationSet(scope, props.configurationSet);
    this.configurationSetArn = Stack.of(scope).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });

    const work = workQueue(scope, 'SendQueue', {
      consumerTimeout: TIMEOUTS.sender,
      batchingWindow: Duration.seconds(0),
      removalPolicy: props.removalPolicy,
    });
    this.queue = work.queue;
    this.deadLetterQueue = work.deadLetterQueue;
    this.function = props.functions.make(
      'sender',
      {
        SEND_QUEUE_URL: this.queue.queueUrl,
        CONFIGURATION_SET_NAME: this.configurationSet.configurationSetName,
        UNSUBSCRIBE_SECRET_ARN: props.signingKey.secretArn,
        UNSUBSCRIBE_BASE_URL: props.unsubscribeBaseUrl,
        DEAD_LETTER_QUEUE_URL: this.deadLetterQueue.queueUrl,
      },
      { description: 'claims, renders and sends one touch through SES' },
    );
    grantSender(this.function, {
      ...props,
      sendQueue: this.queue,
      sendDeadLetterQueue: this.deadLetterQueue,
      senderIdentities: this.identities,
      configurationSetArn: this.configurationSetArn,
    });
    this.function.addEventSource(
      // Concurrency is capped here, not by reserved concurrency: a throttled SQS poll would count as a
      // receive and push good send jobs to the dead-letter queue.
      new SqsEventSource(this.queue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        maxConcurrency: props.senderConcurrency,
      }),
    );
  }
}
