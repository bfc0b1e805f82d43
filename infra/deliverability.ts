// The deliverability side of the construct: the verified identities mail may come from, the
// settings the handlers read (guard thresholds, warm-up, retention), SES's reputation alarms that
// turn the configuration set off through the guardrail function, the alarm on our own pause, the
// resume event's rule (the functions' IAM is in grants.ts).
import { readFileSync } from 'node:fs';
import { Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { EventBus, type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { HandlerFunction } from './handler-function.js';
import type { IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { isKnownIdentity } from '../functions/adapters/sender-address.js';
import { DEFAULT_COMPLIANCE_RETENTION_DAYS } from '../functions/core/compliance-record.js';
import { WarmUpSchedule } from '../functions/core/send-quota.js';
import { GuardrailThresholds } from '../functions/core/sending-rates.js';
import { RESUME_DETAIL_TYPE } from '../functions/core/sending-guard.js';
import { METRIC_NAMESPACE } from '../functions/handlers/metrics.js';
import type { DeliverabilityProps, ReputationAlarmProps } from './deliverability-props.js';
import { SES_EVENT_BUS_NAME, identityNameOf, senderIdentity } from './email.js';

export const DEFAULT_RESUME_EVENT_SOURCE = 'teichaku.ops';
const DEFAULT_REPUTATION: Required<ReputationAlarmProps> = { bounceRate: 0.05, complaintRate: 0.001 };

export interface DeliverabilitySettings {
  readonly thresholds: GuardrailThresholds;
  readonly warmUp: WarmUpSchedule;
  readonly retentionDays: number;
  readonly resumeEventSource: string;
  readonly reputation: Required<ReputationAlarmProps> | null;
}

/** The props checked once, with messages naming the prop and what it expects. */
export function deliverabilitySettings(props: DeliverabilityProps): DeliverabilitySettings {
  const thresholds = GuardrailThresholds.safeParse(props.guardrails ?? {});
  if (!thresholds.success) throw new Error(`teichaku: guardrails: ${thresholds.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  const warmUp = WarmUpSchedule.safeParse(props.warmUpDailyCaps ?? []);
  if (!warmUp.success) throw new Error('teichaku: warmUpDailyCaps must be whole numbers of at least 1, at most 365 days of them');
  const retentionDays = props.complianceRetentionDays ?? DEFAULT_COMPLIANCE_RETENTION_DAYS;
  if (!Number.isInteger(retentionDays) || retentionDays < 30 || retentionDays > 3650) {
    throw new Error(`teichaku: complianceRetentionDays must be a whole number of days from 30 to 3650 (got ${retentionDays})`);
  }
  const reputation = props.reputationAlarms === false ? null : { ...DEFAULT_REPUTATION, ...props.reputationAlarms };
  if (reputation !== null && [reputation.bounceRate, reputation.complaintRate].some((r) => !(r > 0 && r < 1))) {
    throw new Error('teichaku: reputationAlarms rates are fractions between 0 and 1 (0.05 = 5 %)');
  }
  return { thresholds: thresholds.data, warmUp: warmUp.data, retentionDays, resumeEventSource: props.resumeEventSource ?? DEFAULT_RESUME_EVENT_SOURCE, reputation };
}

/** The additional identities, created or referenced; their names with the main one's are what the sender may use. */
export function additionalIdentities(scope: Construct, props: DeliverabilityProps): IEmailIdentity[] {
  return (props.additionalSenderIdentities ?? []).map((options, i) => senderIdentity(scope, options.name, options, `SenderIdentity${i + 2}`));
}

/** Every identity name the deployment knows (lower case). */
export function knownIdentityNames(fromAddress: string, main: { readonly name?: string }, props: DeliverabilityProps): string[] {
  return [identityNameOf(fromAddress, main), ...(props.additionalSenderIdentities ?? []).map((i) => i.name)].map((n) => n.toLowerCase());
}

/**
 * Every From address the build's sender.yaml names must be on a known identity: SES would refuse
 * the rest at send time, for every contact of that locale.
 */
export function checkSenderAddresses(contentFile: string, fromAddress: string, identities: readonly string[]): void {
  const content = JSON.parse(readFileSync(contentFile, 'utf8')) as { sender?: Record<string, { fromAddress?: string } | undefined> };
  const addresses: [string, string][] = [['fromAddress', fromAddress]];
  for (const [locale, details] of Object.entries(content.sender ?? {})) if (details?.fromAddress !== undefined) addresses.push([`sender.yaml ${locale}.fromAddress`, details.fromAddress]);
  for (const [where, address] of addresses) {
    if (!isKnownIdentity(address, identities)) {
      throw new Error(`teichaku: ${where} is on no identity the construct knows (${identities.join(', ')}); add it to senderIdentity or additionalSenderIdentities`);
    }
  }
}

export interface DeliverabilityWiring {
  readonly eventBus: IEventBus;
  readonly configurationSetName: string;
  readonly guardrail: HandlerFunction;
  readonly guardrailDeadLetterQueue: IQueue;
  readonly topic?: ITopic;
  readonly settings: DeliverabilitySettings;
}

export interface DeliverabilityParts {
  readonly reputationAlarms: readonly Alarm[];
  readonly pausedAlarm: Alarm;
  readonly reputationAlarmRule: Rule | null;
  readonly resumeRule: Rule;
}

export function wireDeliverability(scope: Construct, w: DeliverabilityWiring): DeliverabilityParts {
  const notify = (alarm: Alarm): Alarm => {
    if (w.topic !== undefined) alarm.addAlarmAction(new SnsAction(w.topic));
    return alarm;
  };
  const reputationAlarms =
    w.settings.reputation === null
      ? []
      : (
          [
            ['Bounce', 'Reputation.BounceRate', w.settings.reputation.bounceRate],
            ['Complaint', 'Reputation.ComplaintRate', w.settings.reputation.complaintRate],
          ] as const
        ).map(([id, metricName, threshold]) =>
          notify(
            new Alarm(scope, `Reputation${id}RateAlarm`, {
              alarmDescription: `teichaku: SES ${metricName} of the configuration set reached ${threshold * 100} %; the guardrail function turned the set off. Find the cause, then: teichaku sending resume --reason "..."`,
              metric: new Metric({ namespace: 'AWS/SES', metricName, dimensionsMap: { 'ses:configuration-set': w.configurationSetName }, statistic: 'Maximum', period: Duration.minutes(15) }),
              threshold,
              comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
              evaluationPeriods: 1,
              treatMissingData: TreatMissingData.NOT_BREACHING,
            }),
          ),
        );
  const pausedAlarm = notify(
    new Alarm(scope, 'SendingPausedAlarm', {
      alarmDescription: 'teichaku: automated sending paused itself (bounce or complaint rate over its threshold, or SES refused). Read the Sending Paused signal, fix the cause, then: teichaku sending resume --reason "..."',
      metric: new Metric({ namespace: METRIC_NAMESPACE, metricName: 'SendingPaused', dimensionsMap: { service: 'teichaku' }, statistic: 'Sum', period: Duration.minutes(5) }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }),
  );
  const target = () => new LambdaFunction(w.guardrail, { deadLetterQueue: w.guardrailDeadLetterQueue, retryAttempts: 8 });
  // CloudWatch publishes alarm state changes to the default bus only.
  const reputationAlarmRule =
    reputationAlarms.length === 0
      ? null
      : new Rule(scope, 'ReputationAlarmRule', {
          description: 'teichaku: SES reputation alarms to the guardrail function (turns the configuration set off)',
          eventBus: EventBus.fromEventBusName(scope, 'AlarmEventsBus', SES_EVENT_BUS_NAME),
          eventPattern: {
            source: ['aws.cloudwatch'],
            detailType: ['CloudWatch Alarm State Change'],
            resources: reputationAlarms.map((a) => a.alarmArn),
            detail: { state: { value: ['ALARM'] } },
          },
          targets: [target()],
        });
  const resumeRule = new Rule(scope, 'ResumeRule', {
    description: 'teichaku: a person’s request to resume automated sending, to the guardrail function',
    eventBus: w.eventBus,
    eventPattern: { source: [w.settings.resumeEventSource], detailType: [RESUME_DETAIL_TYPE] },
    targets: [target()],
  });

  return { reputationAlarms, pausedAlarm, reputationAlarmRule, resumeRule };
}

export function configurationSetArnOf(scope: Construct, name: string): string {
  return Stack.of(scope).formatArn({ service: 'ses', resource: 'configuration-set', resourceName: name });
}
