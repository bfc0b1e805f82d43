// Engagement, the part of the construct that learns what became of each email: SES publishes the
// configuration set's events (deliveries, bounces, complaints, …) to the account's default bus, a rule
// there hands this deployment's to the engagement function, which records them and suppresses
// bounced and complaining contacts.
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { SES_EVENT_BUS_NAME } from './email.js';
import { grantEngagement } from './grants.js';
import type { HandlerFunction } from './handler-function.js';
import { deadLetterQueue } from './queues.js';
import type { PartProps } from './teichaku-functions.js';

export interface EngagementProps extends PartProps {
  /** The configuration set whose events are this deployment's (Sending.configurationSet). */
  readonly configurationSetName: string;
}

export class Engagement {
  /** SES events the engagement function could not take (EventBridge delivery or the function itself). */
  public readonly deadLetterQueue: Queue;
  public readonly function: HandlerFunction;
  public readonly sesEventsRule: Rule;

  constructor(scope: Construct, props: EngagementProps) {
    this.deadLetterQueue = deadLetterQueue(scope, 'EngagementDeadLetters', props.removalPolicy);
    this.function = props.functions.make(
      'engagement',
      {},
      {
        description: 'records SES delivery and engagement events, suppresses bounces and complaints',
        deadLetterQueue: this.deadLetterQueue,
      },
    );
    grantEngagement(this.function, props);
    this.sesEventsRule = new Rule(scope, 'SesEventsRule', {
      description: 'teichaku: SES events of its configuration set to the engagement function',
      eventBus: EventBus.fromEventBusName(scope, 'SesEventsBus', SES_EVENT_BUS_NAME),
      eventPattern: {
        source: ['aws.ses'],
        // Only this deployment's mail: the company may send other mail through the same SES account.
        detail: { mail: { tags: { 'ses:configuration-set': [props.configurationSetName] } } },
      },
      targets: [new LambdaFunction(this.function, { deadLetterQueue: this.deadLetterQueue, retryAttempts: 8 })],
    });
  }
}
