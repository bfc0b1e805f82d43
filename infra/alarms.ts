// Alarms a person must see: a dead letter means an event or an email waits for a decision, a function
// error or throttle means the engine is not keeping up, and an unconfirmed send is an email that may or
// may not have reached a person.
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { METRIC_NAMESPACE, type MetricName } from '../functions/handlers/metrics.js';

const PERIOD = Duration.minutes(5);

export interface AlarmTargets {
  readonly deadLetterQueues: Readonly<Record<string, IQueue>>;
  readonly functions: Readonly<Record<string, IFunction>>;
  /** Functions whose throttles also raise an alarm. */
  readonly throttledFunctions: Readonly<Record<string, IFunction>>;
  /** The `service` dimension the handlers' custom metrics carry (their POWERTOOLS_SERVICE_NAME). */
  readonly metricService: string;
  readonly topic?: ITopic;
}

export function teichakuAlarms(scope: Construct, targets: AlarmTargets): Alarm[] {
  const alarms: Alarm[] = [];
  const add = (alarm: Alarm): void => {
    if (targets.topic !== undefined) alarm.addAlarmAction(new SnsAction(targets.topic));
    alarms.push(alarm);
  };
  for (const [name, queue] of Object.entries(targets.deadLetterQueues)) {
    add(
      new Alarm(scope, `${idOf(name)}DeadLettersAlarm`, {
        alarmDescription: `teichaku: messages are waiting in the ${name} dead-letter queue; inspect them and redrive or discard`,
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }
  for (const [name, fn] of Object.entries(targets.functions)) {
    add(
      new Alarm(scope, `${idOf(name)}ErrorsAlarm`, {
        alarmDescription: `teichaku: the ${name} function failed; see its log group`,
        metric: fn.metricErrors({ period: PERIOD, statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }
  for (const [name, fn] of Object.entries(targets.throttledFunctions)) {
    add(
      new Alarm(scope, `${idOf(name)}ThrottlesAlarm`, {
        alarmDescription: `teichaku: the ${name} function was throttled; check the account's Lambda concurrency`,
        metric: fn.metricThrottles({ period: PERIOD, statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }
  const unconfirmed: MetricName = 'UnconfirmedSends';
  add(
    new Alarm(scope, 'UnconfirmedSendsAlarm', {
      alarmDescription:
        'teichaku: the sender lost track of a send (it died, or SES failed after it may have accepted the email); the touch is never sent again. Read the Send Unconfirmed signal or the ledger status unconfirmed, and check whether the contact got the email',
      metric: new Metric({
        namespace: METRIC_NAMESPACE,
        metricName: unconfirmed,
        dimensionsMap: { service: targets.metricService },
        statistic: 'Sum',
        period: PERIOD,
      }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }),
  );
  return alarms;
}

function idOf(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
