// Deliverability, the part of the construct that keeps the sender's reputation: SES's reputation
// alarms on the configuration set (they turn it off through the guardrail function), the alarm on
// teichaku's own pause, and the rule that takes a person's request to resume. The props it reads are
// checked in deliverability-settings.ts; the identities mail may come from are made in sending.ts.
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { RESUME_DETAIL_TYPE } from '../functions/core/sending-guard.js';
import { METRIC_NAMESPACE } from '../functions/handlers/metrics.js';
import type { DeliverabilitySettings } from './deliverability-settings.js';
import { SES_EVENT_BUS_NAME } from './email.js';
import { grantGuardrail } from './grants.js';
import type { HandlerFunction } from './handler-function.js';
import { deadLetterQueue } from './queues.js';
import type { PartProps } from './teichaku-functions.js';

export interface DeliverabilityPartProps extends PartProps {
  readonly configurationSetName: string;
  /** ARN of the configuration set the guardrail turns off and on (Sending.configurationSetArn). */
  readonly configurationSetArn: string;
  readonly settings: DeliverabilitySettings;
  /** Where the alarms notify. */
  readonly topic?: ITopic;
}

export class Deliverability {
  /** Events the guardrail function could not take. */
  public readonly deadLetterQueue: Queue;
  /** Pauses sending on SES's reputation alarms and resumes it on a person's event. */
  public readonly function: HandlerFunction;
  /** Alarms on the configuration set's `Reputation.BounceRate` and `Reputation.ComplaintRate` (none with `reputationAlarms: false`). */
  public readonly reputationAlarms: readonly Alarm[];
  /** Fires when automated sending paused itself. */
  public readonly pausedAlarm: Alarm;
  /** Reputation alarms to the guardrail; none without reputation alarms. */
  public readonly reputationAlarmRule?: Rule;
  public readonly resumeRule: Rule;

  constructor(scope: Construct, props: DeliverabilityPartProps) {
    this.deadLetterQueue = deadLetterQueue(scope, 'GuardrailDeadLetters', props.removalPolicy);
    this.function = props.functions.make(
      'guardrail',
      { CONFIGURATION_SET_NAME: props.configurationSetName },
      {
        description: 'pauses sending on SES reputation alarms, resumes it on a person’s request',
        deadLetterQueue: this.deadLetterQueue,
      },
    );
    grantGuardrail(this.function, props);

    const notify = (alarm: Alarm): Alarm => {
      if (props.topic !== undefined) alarm.addAlarmAction(new SnsAction(props.topic));
      return alarm;
    };
    const reputation = props.settings.reputation;
    this.reputationAlarms =
      reputation === null
        ? []
        : (
            [
              ['Bounce', 'Reputation.BounceRate', reputation.bounceRate],
              ['Complaint', 'Reputation.ComplaintRate', reputation.complaintRate],
            ] as const
          ).map(([id, metricName, threshold]) =>
            notify(
              new Alarm(scope, `Reputation${id}RateAlarm`, {
                alarmDescription: `teichaku: SES ${metricName} of the configuration set reached ${threshold * 100} %; the guardrail function turned the set off. Find the cause, then: teichaku sending resume --reason "..."`,
                metric: new Metric({
                  namespace: 'AWS/SES',
                  metricName,
                  dimensionsMap: { 'ses:configuration-set': props.configurationSetName },
                  statistic: 'Maximum',
                  period: Duration.minutes(15),
                }),
                threshold,
                comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                evaluationPeriods: 1,
                treatMissingData: TreatMissingData.NOT_BREACHING,
              }),
            ),
          );
    this.pausedAlarm = notify(
      new Alarm(scope, 'SendingPausedAlarm', {
        alarmDescription:
          'teichaku: automated sending paused itself (bounce or complaint rate over its threshold, or SES refused). Read the Sending Paused signal, fix the cause, then: teichaku sending resume --reason "..."',
        metric: new Metric({
          namespace: METRIC_NAMESPACE,
          metricName: 'SendingPaused',
          dimensionsMap: { service: 'teichaku' },
          statistic: 'Sum',
          period: Duration.minutes(5),
        }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    const toGuardrail = () =>
      new LambdaFunction(this.function, { deadLetterQueue: this.deadLetterQueue, retryAttempts: 8 });
    // CloudWatch publishes alarm state changes to the default bus only.
    if (this.reputationAlarms.length > 0) {
      this.reputationAlarmRule = new Rule(scope, 'ReputationAlarmRule', {
        description: 'teichaku: SES reputation alarms to the guardrail function (turns the configuration set off)',
        eventBus: EventBus.fromEventBusName(scope, 'AlarmEventsBus', SES_EVENT_BUS_NAME),
        eventPattern: {
          source: ['aws.cloudwatch'],
          detailType: ['CloudWatch Alarm State Change'],
          resources: this.reputationAlarms.map((a) => a.alarmArn),
          detail: { state: { value: ['ALARM'] } },
        },
        targets: [toGuardrail()],
      });
    }
    this.resumeRule = new Rule(scope, 'ResumeRule', {
      description: 'teichaku: a person’s request to resume automated sending, to the guardrail function',
      eventBus: props.eventBus,
      eventPattern: { source: [props.settings.resumeEventSource], detailType: [RESUME_DETAIL_TYPE] },
      targets: [toGuardrail()],
    });
  }
}
