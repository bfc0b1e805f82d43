// The `Teichaku` construct: the whole engine in one piece a user can put into their own CDK app
// (README "How it works"). It makes the state every part shares (the bus, the table, the compliance
// table), then composes its parts, each in its own file:
// - unsubscribe.ts: the signing key of the links and the public one-click unsubscribe URL;
// - sending.ts: SES identities, the configuration set, send queue → sender → SES;
// - ingest.ts: product events → ingest queue → ingest;
// - planning.ts: Scheduler → coordinator → planning queue → planners → send queue;
// - engagement.ts: SES events → engagement;
// - deliverability.ts: reputation alarms → guardrail, and a person's resume request;
// - destinations.ts (with the `destinations` prop): notifications to Slack and Teams, and the CRM
//   record updates to HubSpot and Salesforce (crm-destinations.ts);
// - weekly-report.ts (a construct of its own, off by default): the weekly KPI report.
// The parts are plain classes, not constructs: their resources stay in this construct's scope, so
// every logical ID is the one deployments made before the split have (test/infra/logical-ids.test.ts).
// Permissions are in grants.ts, alarms on dead letters and errors in alarms.ts, the bus policy in bus.ts.
import { resolve } from 'node:path';
import { Annotations, Duration } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, type IEventBus, type Rule } from 'aws-cdk-lib/aws-events';
import type { Role } from 'aws-cdk-lib/aws-iam';
import type { FunctionUrl } from 'aws-cdk-lib/aws-lambda';
import { type Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import type { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ConfigurationSet, IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { teichakuAlarms } from './alarms.js';
import { guardOwnBus, teichakuBus } from './bus.js';
import { DailyDigest } from './daily-digest.js';
import { Deliverability } from './deliverability.js';
import { checkedDestinations, Destinations } from './destinations.js';
import { Engagement } from './engagement.js';
import type { HandlerFunction } from './handler-function.js';
import { checkedSegmentSources, Ingest } from './ingest.js';
import { Planning } from './planning.js';
import { Sending } from './sending.js';
import { type CheckedProps, checkedProps } from './settings.js';
import { complianceTable, teichakuTable } from './table.js';
import { type PartProps, SERVICE_NAME, sharedEnvironment, TeichakuFunctions } from './teichaku-functions.js';
import type { TeichakuProps } from './teichaku-props.js';
import { Unsubscribe } from './unsubscribe.js';
import { WeeklyReport } from './weekly-report.js';

export type { ConfigurationSetOptions, SenderIdentityOptions } from './email.js';
export { DEFAULT_EVENT_SOURCE, type TeichakuProps } from './teichaku-props.js';

export class Teichaku extends Construct {
  public readonly table: TableV2;
  /** The compliance record, append-only by IAM: roles may put entries and set their expiry, nothing else. */
  public readonly complianceTable: TableV2;
  /** Teichaku's own bus (its policy names who may put which source), or the one given in the props. */
  public readonly eventBus: IEventBus;
  /** The role of the rule that forwards product events from `forwardProductEventsFrom`, when given. */
  public readonly forwardProductEventsRole?: Role;
  public readonly ingestQueue: Queue;
  public readonly ingestDeadLetterQueue: Queue;
  public readonly sendQueue: Queue;
  public readonly sendDeadLetterQueue: Queue;
  /** Failed planner runs (Scheduler delivery or the coordinator itself). */
  public readonly plannerDeadLetterQueue: Queue;
  /** The work items of each planner run (ranges of due shards), taken by up to `plannerWorkers` planners. */
  public readonly planningQueue: Queue;
  /** Work items that kept failing, or that are no work item. */
  public readonly planningDeadLetterQueue: Queue;
  /** SES events the engagement function could not take (EventBridge delivery or the function itself). */
  public readonly engagementDeadLetterQueue: Queue;
  public readonly ingestFunction: HandlerFunction;
  /** Starts each planner run: cuts the due shards into work items. */
  public readonly coordinatorFunction: HandlerFunction;
  /** Plans the work items, one shard range at a time per function. */
  public readonly plannerFunction: HandlerFunction;
  public readonly senderFunction: HandlerFunction;
  public readonly engagementFunction: HandlerFunction;
  public readonly unsubscribeFunction: HandlerFunction;
  /** The public one-click unsubscribe endpoint. */
  public readonly unsubscribeUrl: FunctionUrl;
  /** The HMAC key of unsubscribe tokens; functions get its ARN, never its value. */
  public readonly unsubscribeSigningKey: Secret;
  public readonly senderIdentity: IEmailIdentity;
  public readonly configurationSet: ConfigurationSet;
  /** ARN of the configuration set (the sender's `ses:SendEmail` resource, with the identity). */
  public readonly configurationSetArn: string;
  public readonly ingestRule: Rule;
  public readonly sesEventsRule: Rule;
  public readonly plannerSchedule: Schedule;
  public readonly alarms: readonly Alarm[];
  /** The weekly KPI report (bucket, function, schedule), when the `weeklyReport` prop is on. */
  public readonly weeklyReport?: WeeklyReport;
  /** The daily digest to each CS owner (function, schedule), when the `dailyDigest` prop is on. */
  public readonly dailyDigest?: DailyDigest;
  /** Pauses sending on SES's reputation alarms and resumes it on a person's event. */
  public readonly guardrailFunction: HandlerFunction;
  /** Events the guardrail function could not take. */
  public readonly guardrailDeadLetterQueue: Queue;
  /** Every identity mail may come from (the sender identity first). */
  public readonly senderIdentities: readonly IEmailIdentity[];
  /** Alarms on the configuration set's `Reputation.BounceRate` and `Reputation.ComplaintRate` (they turn the set off). */
  public readonly reputationAlarms: readonly Alarm[];
  /** Fires when automated sending paused itself. */
  public readonly sendingPausedAlarm: Alarm;
  /** The Slack and Teams destinations of the notifications and the CRM ones, when the `destinations` prop names any. */
  public readonly destinations?: Destinations;

  constructor(scope: Construct, id: string, props: TeichakuProps) {
    super(scope, id);
    // Every prop is checked before anything is made, each error naming the prop.
    const checked = checkedProps(props);
    checkedSegmentSources(props.segmentEventSources);
    checkedDestinations(props.destinations);
    const { settings, removalPolicy } = checked;

    const ownBus = checked.ownBus ? teichakuBus(this, 'EventBus') : undefined;
    this.eventBus =
      ownBus ?? props.eventBus ?? EventBus.fromEventBusName(this, 'EventBus', props.eventBusName as string);
    this.table = teichakuTable(this, 'Table', { removalPolicy, encryptionKey: props.tableEncryptionKey });
    this.complianceTable = complianceTable(this, 'ComplianceTable', {
      removalPolicy,
      encryptionKey: props.tableEncryptionKey,
    });
    const functions = new TeichakuFunctions(this, {
      shared: sharedEnvironment(props, checked, this),
      handlersDir: settings.handlersDir,
      contentFile: settings.contentFile,
      logRetention: checked.logRetention,
      removalPolicy,
      tracing: checked.tracing,
    });
    const part: PartProps = {
      table: this.table,
      complianceTable: this.complianceTable,
      eventBus: this.eventBus,
      functions,
      removalPolicy,
    };

    const unsubscribe = new Unsubscribe(this, {
      ...part,
      reservedConcurrency: checked.hardening.unsubscribeReservedConcurrency,
      eventSource: checked.eventSource,
    });
    this.unsubscribeSigningKey = unsubscribe.signingKey;
    this.unsubscribeFunction = unsubscribe.function;
    this.unsubscribeUrl = unsubscribe.url;

    const sending = new Sending(this, {
      ...part,
      fromAddress: props.fromAddress,
      senderIdentity: checked.senderIdentity,
      additionalSenderIdentities: props.additionalSenderIdentities,
      configurationSet: props.configurationSet ?? {},
      signingKey: unsubscribe.signingKey,
      unsubscribeBaseUrl: props.unsubscribeBaseUrl ?? unsubscribe.url.url,
      senderConcurrency: settings.senderConcurrency,
    });
    this.senderIdentity = sending.identity;
    this.senderIdentities = sending.identities;
    this.configurationSet = sending.configurationSet;
    this.configurationSetArn = sending.configurationSetArn;
    this.sendQueue = sending.queue;
    this.sendDeadLetterQueue = sending.deadLetterQueue;
    this.senderFunction = sending.function;

    const ingest = new Ingest(this, {
      ...part,
      eventSource: checked.eventSource,
      segmentEventSources: props.segmentEventSources,
      rudderStackEvents: props.rudderStackEvents,
    });
    this.ingestQueue = ingest.queue;
    this.ingestDeadLetterQueue = ingest.deadLetterQueue;
    this.ingestFunction = ingest.function;
    this.ingestRule = ingest.rule;

    const planning = new Planning(this, {
      ...part,
      sendQueue: sending.queue,
      schedule: props.plannerSchedule ?? ScheduleExpression.rate(Duration.hours(1)),
      fanOut: settings.planner,
    });
    this.plannerDeadLetterQueue = planning.deadLetterQueue;
    this.planningQueue = planning.workQueue;
    this.planningDeadLetterQueue = planning.workDeadLetterQueue;
    this.coordinatorFunction = planning.coordinator;
    this.plannerFunction = planning.function;
    this.plannerSchedule = planning.schedule;

    const engagement = new Engagement(this, {
      ...part,
      configurationSetName: sending.configurationSet.configurationSetName,
    });
    this.engagementDeadLetterQueue = engagement.deadLetterQueue;
    this.engagementFunction = engagement.function;
    this.sesEventsRule = engagement.sesEventsRule;

    const guard = new Deliverability(this, {
      ...part,
      configurationSetName: sending.configurationSet.configurationSetName,
      configurationSetArn: sending.configurationSetArn,
      settings: checked.deliverability,
      topic: props.alarmTopic,
    });
    this.guardrailDeadLetterQueue = guard.deadLetterQueue;
    this.guardrailFunction = guard.function;
    this.reputationAlarms = guard.reputationAlarms;
    this.sendingPausedAlarm = guard.pausedAlarm;

    this.weeklyReport = this.weeklyReportOf(props, checked);
    this.dailyDigest = this.dailyDigestOf(props, checked);
    const wanted = props.destinations;
    if (
      wanted !== undefined &&
      [wanted.slack, wanted.teams, wanted.hubspot, wanted.salesforce].some((d) => d !== undefined)
    )
      this.destinations = new Destinations(this, wanted, { eventBus: this.eventBus, removalPolicy });
    this.alarms = [...this.engineAlarms(props.alarmTopic), ...guard.reputationAlarms, guard.pausedAlarm];
    if (ownBus !== undefined) this.forwardProductEventsRole = this.guardOwnBus(ownBus, props, checked);
    if (props.alarmTopic === undefined) {
      const count =
        this.alarms.length + (this.weeklyReport === undefined ? 0 : 1) + (this.dailyDigest === undefined ? 0 : 1);
      Annotations.of(this).addWarningV2(
        'teichaku:alarmsWithoutTopic',
        `${count} alarms (dead letters, function errors, unconfirmed sends, SES reputation, sending paused) notify nobody: set the alarmTopic prop (-c alarmTopicArn=arn:aws:sns:...)`,
      );
    }
  }

  private weeklyReportOf(props: TeichakuProps, checked: CheckedProps): WeeklyReport | undefined {
    const report = props.weeklyReport;
    if (report === undefined || report === false) return undefined;
    return new WeeklyReport(this, 'WeeklyReport', {
      ...(report === true ? {} : report),
      table: this.table,
      eventBus: this.eventBus,
      entry: resolve(checked.settings.handlersDir, 'report.ts'),
      contentFile: checked.settings.contentFile,
      removalPolicy: checked.removalPolicy,
      logRetention: checked.logRetention,
      tracing: checked.tracing,
      alarmTopic: props.alarmTopic,
    });
  }

  private dailyDigestOf(props: TeichakuProps, checked: CheckedProps): DailyDigest | undefined {
    const digest = props.dailyDigest;
    if (digest === undefined || digest === false) return undefined;
    return new DailyDigest(this, 'DailyDigest', {
      ...(digest === true ? {} : digest),
      table: this.table,
      teamFromAddress: props.fromAddress,
      identityNames: checked.identityNames,
      senderIdentities: this.senderIdentities,
      entry: resolve(checked.settings.handlersDir, 'digest.ts'),
      contentFile: checked.settings.contentFile,
      removalPolicy: checked.removalPolicy,
      logRetention: checked.logRetention,
      tracing: checked.tracing,
      alarmTopic: props.alarmTopic,
    });
  }

  /** Dead letters waiting, function errors, the sender's throttles, unconfirmed sends (alarms.ts). */
  private engineAlarms(topic: ITopic | undefined): Alarm[] {
    return teichakuAlarms(this, {
      deadLetterQueues: {
        ingest: this.ingestDeadLetterQueue,
        send: this.sendDeadLetterQueue,
        planner: this.plannerDeadLetterQueue,
        planning: this.planningDeadLetterQueue,
        engagement: this.engagementDeadLetterQueue,
        guardrail: this.guardrailDeadLetterQueue,
        ...this.destinations?.deadLetterQueues,
      },
      functions: {
        ingest: this.ingestFunction,
        coordinator: this.coordinatorFunction,
        planner: this.plannerFunction,
        sender: this.senderFunction,
        engagement: this.engagementFunction,
        unsubscribe: this.unsubscribeFunction,
        guardrail: this.guardrailFunction,
      },
      throttledFunctions: { sender: this.senderFunction },
      metricService: SERVICE_NAME,
      topic,
    });
  }

  /** Who may put which source on teichaku's own bus, and the forwarding from the product's bus (bus.ts). */
  private guardOwnBus(bus: EventBus, props: TeichakuProps, checked: CheckedProps): Role | undefined {
    return guardOwnBus(this, bus, {
      productSource: checked.eventSource,
      productPrincipals: checked.hardening.productPrincipals,
      // Survey answers from the survey page go on the bus with the product's source.
      productPublishers: [this.unsubscribeFunction],
      forwardFrom: props.forwardProductEventsFrom,
      forwardDeadLetterQueue: this.ingestDeadLetterQueue,
      resumeSource: checked.deliverability.resumeEventSource,
      resumePrincipals: checked.hardening.resumePrincipals,
      // The unsubscribe function publishes no signals.
      signalPublishers: [
        this.ingestFunction,
        this.plannerFunction,
        this.senderFunction,
        this.engagementFunction,
        this.guardrailFunction,
        ...(this.weeklyReport === undefined ? [] : [this.weeklyReport.function]),
      ],
    });
  }
}
