// The `Teichaku` construct: the whole engine of DESIGN.md in one piece a user can put into their own
// CDK app. Product events → ingest queue → ingest; Scheduler → planner → send queue → sender → SES;
// SES events → engagement; the public one-click unsubscribe URL → unsubscribe.
import { resolve } from 'node:path';
import { Annotations, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction, SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import type { Role } from 'aws-cdk-lib/aws-iam';
import { FunctionUrlAuthType, type FunctionUrl } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ConfigurationSet, IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DETAIL_TYPES } from '../functions/core/events.js';
import { type EnvName, HANDLER_ENV, type HandlerName } from '../functions/handlers/config.js';
import { teichakuAlarms } from './alarms.js';
import { guardOwnBus, teichakuBus } from './bus.js';
import { SES_EVENT_BUS_NAME, identityNameOf, senderIdentity, sendingConfigurationSet } from './email.js';
import { grantFunctions } from './grants.js';
import { BUNDLED_CONTENT_FILE, handlerFunction, type HandlerFunction } from './handler-function.js';
import { acknowledgeSigningKeyWithoutRotation } from './acknowledgements.js';
import { additionalIdentities, checkSenderAddresses, deliverabilitySettings, knownIdentityNames, wireDeliverability } from './deliverability.js';
import { deadLetterQueue, workQueue } from './queues.js';
import { plannerSchedule } from './planner-schedule.js';
import { checkedHardening, checkedSettings } from './settings.js';
import { complianceTable, teichakuTable } from './table.js';
import { WeeklyReport } from './weekly-report.js';
import { DEFAULT_EVENT_SOURCE, type TeichakuProps } from './teichaku-props.js';

export type { ConfigurationSetOptions, SenderIdentityOptions } from './email.js';
export { DEFAULT_EVENT_SOURCE, type TeichakuProps } from './teichaku-props.js';

const TIMEOUTS: Record<HandlerName, Duration> = {
  ingest: Duration.seconds(60),
  planner: Duration.minutes(5),
  sender: Duration.seconds(60),
  engagement: Duration.seconds(30),
  unsubscribe: Duration.seconds(10),
  guardrail: Duration.seconds(30),
};

/** A short wait lets one ingest batch hold several events of one account: one write instead of many. */
const INGEST_BATCHING_WINDOW = Duration.seconds(2);

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
  /** Failed planner runs (Scheduler delivery or the function itself). */
  public readonly plannerDeadLetterQueue: Queue;
  /** SES events the engagement function could not take (EventBridge delivery or the function itself). */
  public readonly engagementDeadLetterQueue: Queue;
  public readonly ingestFunction: HandlerFunction;
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

  constructor(scope: Construct, id: string, props: TeichakuProps) {
    super(scope, id);
    const settings = checkedSettings({ ...props, eventBusGiven: props.eventBus !== undefined });
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const eventSource = props.eventSource ?? DEFAULT_EVENT_SOURCE;

    const ownBus = props.eventBus === undefined && props.eventBusName === undefined ? teichakuBus(this, 'EventBus') : undefined;
    this.eventBus = ownBus ?? props.eventBus ?? EventBus.fromEventBusName(this, 'EventBus', props.eventBusName as string);
    this.table = teichakuTable(this, 'Table', { removalPolicy, encryptionKey: props.tableEncryptionKey });
    this.complianceTable = complianceTable(this, 'ComplianceTable', { removalPolicy, encryptionKey: props.tableEncryptionKey });
    this.senderIdentity = senderIdentity(this, props.fromAddress, props.senderIdentity ?? {});
    const deliverability = deliverabilitySettings(props);
    this.senderIdentities = [this.senderIdentity, ...additionalIdentities(this, props)];
    const identityNames = knownIdentityNames(props.fromAddress, props.senderIdentity ?? {}, props);
    const hardening = checkedHardening({
      ...props,
      ownBus: ownBus !== undefined,
      eventSource,
      resumeEventSource: deliverability.resumeEventSource,
      fromIdentity: identityNameOf(props.fromAddress, props.senderIdentity ?? {}),
    });
    checkSenderAddresses(settings.contentFile, props.fromAddress, identityNames);
    this.configurationSet = sendingConfigurationSet(this, props.configurationSet ?? {});
    this.configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
    // The initial value is one bare key, which the functions read as key id k0; `teichaku keys rotate`
    // turns it into the key ring (signing-keys.ts). generateSecretString must stay as it is: on any
    // change to it CloudFormation generates a new value, which would replace every key, rotated ones
    // too, and break each link already sent (aws-cdk#19985).
    this.unsubscribeSigningKey = new Secret(this, 'UnsubscribeSigningKey', {
      description: 'teichaku: HMAC-SHA256 key of one-click unsubscribe tokens',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy,
    });
    acknowledgeSigningKeyWithoutRotation(this.unsubscribeSigningKey);

    const ingestWork = workQueue(this, 'IngestQueue', { consumerTimeout: TIMEOUTS.ingest, batchingWindow: INGEST_BATCHING_WINDOW, removalPolicy });
    const sendWork = workQueue(this, 'SendQueue', { consumerTimeout: TIMEOUTS.sender, batchingWindow: Duration.seconds(0), removalPolicy });
    this.ingestQueue = ingestWork.queue;
    this.ingestDeadLetterQueue = ingestWork.deadLetterQueue;
    this.sendQueue = sendWork.queue;
    this.sendDeadLetterQueue = sendWork.deadLetterQueue;
    this.plannerDeadLetterQueue = deadLetterQueue(this, 'PlannerDeadLetters', removalPolicy);
    this.engagementDeadLetterQueue = deadLetterQueue(this, 'EngagementDeadLetters', removalPolicy);
    this.guardrailDeadLetterQueue = deadLetterQueue(this, 'GuardrailDeadLetters', removalPolicy);

    // Every variable a handler may read, with this deployment's value. Each function gets exactly the
    // ones its handler declares (HANDLER_ENV), and the content file only if it reads CONTENT_FILE.
    const values: Record<EnvName, string> = {
      TABLE_NAME: this.table.tableName,
      EVENT_BUS_NAME: this.eventBus.eventBusName,
      EVENT_SOURCE: eventSource,
      SEND_QUEUE_URL: this.sendQueue.queueUrl,
      FROM_ADDRESS: props.fromAddress,
      CONFIGURATION_SET_NAME: this.configurationSet.configurationSetName,
      SEND_RATE_PER_SECOND: String(settings.sendRatePerSecond / settings.senderConcurrency),
      UNSUBSCRIBE_SECRET_ARN: this.unsubscribeSigningKey.secretArn,
      // The URL exists only once the unsubscribe function does.
      UNSUBSCRIBE_BASE_URL: props.unsubscribeBaseUrl ?? Lazy.string({ produce: () => this.unsubscribeUrl.url }),
      DUE_SHARDS: String(settings.dueShards),
      CONTENT_FILE: BUNDLED_CONTENT_FILE,
      POWERTOOLS_SERVICE_NAME: 'teichaku',
      GUARDRAIL_THRESHOLDS: JSON.stringify(deliverability.thresholds),
      WARM_UP_DAILY_CAPS: JSON.stringify(deliverability.warmUp),
      SENDER_CONCURRENCY: String(settings.senderConcurrency),
      SENDER_IDENTITIES: identityNames.join(','),
      RESUME_EVENT_SOURCE: deliverability.resumeEventSource,
      COMPLIANCE_RETENTION_DAYS: String(deliverability.retentionDays),
      COMPLIANCE_TABLE_NAME: this.complianceTable.tableName,
      FUTURE_TOLERANCE_SECONDS: String(hardening.futureToleranceSec),
      CS_OWNER_DOMAINS: hardening.csOwnerDomains.join(','),
      // Each of ingest and the sender sends its deterministic rejections to its own dead-letter queue.
      DEAD_LETTER_QUEUE_URL: '',
    };
    const ownDeadLetters: Partial<Record<HandlerName, Queue>> = { ingest: this.ingestDeadLetterQueue, sender: this.sendDeadLetterQueue };
    const valueFor = (name: HandlerName, variable: EnvName): string =>
      variable === 'DEAD_LETTER_QUEUE_URL' ? (ownDeadLetters[name]?.queueUrl ?? '') : values[variable];
    const fn = (name: HandlerName, description: string, options: { deadLetterQueue?: Queue; memorySizeMb?: number; reservedConcurrency?: number } = {}) => {
      const reads: readonly EnvName[] = HANDLER_ENV[name];
      return handlerFunction(this, `${capitalised(name)}Function`, {
        entry: resolve(settings.handlersDir, `${name}.ts`),
        description: `teichaku ${name}: ${description}`,
        timeout: TIMEOUTS[name],
        memorySizeMb: options.memorySizeMb ?? 256,
        environment: Object.fromEntries(reads.map((variable) => [variable, valueFor(name, variable)])),
        contentFile: reads.includes('CONTENT_FILE') ? settings.contentFile : undefined,
        logRetention: props.logRetention ?? RetentionDays.THREE_MONTHS,
        removalPolicy,
        tracing: props.tracing ?? false,
        deadLetterQueue: options.deadLetterQueue,
        reservedConcurrency: options.reservedConcurrency,
      });
    };

    // Reserved concurrency is also its ceiling: a flood on the public URL is throttled here, and cannot
    // take the account's concurrency from ingest and sending.
    this.unsubscribeFunction = fn('unsubscribe', 'one-click unsubscribe page and RFC 8058 POST', {
      reservedConcurrency: hardening.unsubscribeReservedConcurrency,
    });
    // Public on purpose: the link in an email and the mailbox provider's one-click POST (RFC 8058) come
    // without AWS credentials. The HMAC-signed, expiring token in the URL is the authentication, and
    // the function can do nothing but record an opt-out for the contact the token names.
    this.unsubscribeUrl = this.unsubscribeFunction.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });
    this.ingestFunction = fn('ingest', 'applies product events to account state', { memorySizeMb: 512 });
    this.plannerFunction = fn('planner', 'plans due touches onto the send queue', {
      memorySizeMb: 512,
      deadLetterQueue: this.plannerDeadLetterQueue,
    });
    this.senderFunction = fn('sender', 'claims, renders and sends one touch through SES');
    this.engagementFunction = fn('engagement', 'records SES delivery and engagement events, suppresses bounces and complaints', {
      deadLetterQueue: this.engagementDeadLetterQueue,
    });
    this.guardrailFunction = fn('guardrail', 'pauses sending on SES reputation alarms, resumes it on a person’s request', {
      deadLetterQueue: this.guardrailDeadLetterQueue,
    });

    grantFunctions({
      table: this.table,
      complianceTable: this.complianceTable,
      eventBus: this.eventBus,
      sendQueue: this.sendQueue,
      ingestDeadLetterQueue: this.ingestDeadLetterQueue,
      sendDeadLetterQueue: this.sendDeadLetterQueue,
      signingKey: this.unsubscribeSigningKey,
      senderIdentities: this.senderIdentities,
      configurationSetArn: this.configurationSetArn,
      functions: {
        ingest: this.ingestFunction,
        planner: this.plannerFunction,
        sender: this.senderFunction,
        engagement: this.engagementFunction,
        unsubscribe: this.unsubscribeFunction,
        guardrail: this.guardrailFunction,
      },
    });

    this.ingestFunction.addEventSource(
      new SqsEventSource(this.ingestQueue, { batchSize: 25, maxBatchingWindow: INGEST_BATCHING_WINDOW, reportBatchItemFailures: true }),
    );
    this.senderFunction.addEventSource(
      // Concurrency is capped here, not by reserved concurrency: a throttled SQS poll would count as a
      // receive and push good send jobs to the dead-letter queue.
      new SqsEventSource(this.sendQueue, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: settings.senderConcurrency }),
    );

    this.ingestRule = new Rule(this, 'IngestRule', {
      description: 'teichaku: product events to the ingest queue',
      eventBus: this.eventBus,
      eventPattern: { source: [eventSource], detailType: [...DETAIL_TYPES] },
      targets: [new SqsQueue(this.ingestQueue, { deadLetterQueue: this.ingestDeadLetterQueue })],
    });
    this.sesEventsRule = new Rule(this, 'SesEventsRule', {
      description: 'teichaku: SES events of its configuration set to the engagement function',
      eventBus: EventBus.fromEventBusName(this, 'SesEventsBus', SES_EVENT_BUS_NAME),
      eventPattern: {
        source: ['aws.ses'],
        // Only this deployment's mail: the company may send other mail through the same SES account.
        detail: { mail: { tags: { 'ses:configuration-set': [this.configurationSet.configurationSetName] } } },
      },
      targets: [new LambdaFunction(this.engagementFunction, { deadLetterQueue: this.engagementDeadLetterQueue, retryAttempts: 8 })],
    });
    this.plannerSchedule = plannerSchedule(this, 'PlannerSchedule', {
      planner: this.plannerFunction,
      deadLetterQueue: this.plannerDeadLetterQueue,
      expression: props.plannerSchedule ?? ScheduleExpression.rate(Duration.hours(1)),
      maxEventAge: Duration.hours(1),
    });

    const report = props.weeklyReport;
    if (report !== undefined && report !== false) {
      this.weeklyReport = new WeeklyReport(this, 'WeeklyReport', {
        ...(report === true ? {} : report),
        table: this.table,
        eventBus: this.eventBus,
        entry: resolve(settings.handlersDir, 'report.ts'),
        contentFile: settings.contentFile,
        removalPolicy,
        logRetention: props.logRetention ?? RetentionDays.THREE_MONTHS,
        tracing: props.tracing ?? false,
        alarmTopic: props.alarmTopic,
      });
    }

    this.alarms = teichakuAlarms(this, {
      deadLetterQueues: {
        ingest: this.ingestDeadLetterQueue,
        send: this.sendDeadLetterQueue,
        planner: this.plannerDeadLetterQueue,
        engagement: this.engagementDeadLetterQueue,
        guardrail: this.guardrailDeadLetterQueue,
      },
      functions: {
        ingest: this.ingestFunction,
        planner: this.plannerFunction,
        sender: this.senderFunction,
        engagement: this.engagementFunction,
        unsubscribe: this.unsubscribeFunction,
        guardrail: this.guardrailFunction,
      },
      throttledFunctions: { sender: this.senderFunction },
      metricService: values.POWERTOOLS_SERVICE_NAME,
      topic: props.alarmTopic,
    });
    const guard = wireDeliverability(this, {
      eventBus: this.eventBus,
      configurationSetName: this.configurationSet.configurationSetName,
      guardrail: this.guardrailFunction,
      guardrailDeadLetterQueue: this.guardrailDeadLetterQueue,
      topic: props.alarmTopic,
      settings: deliverability,
    });
    this.reputationAlarms = guard.reputationAlarms;
    this.sendingPausedAlarm = guard.pausedAlarm;
    this.alarms = [...this.alarms, ...guard.reputationAlarms, guard.pausedAlarm];

    if (ownBus !== undefined) {
      this.forwardProductEventsRole = guardOwnBus(this, ownBus, {
        productSource: eventSource,
        productPrincipals: hardening.productPrincipals,
        forwardFrom: props.forwardProductEventsFrom,
        forwardDeadLetterQueue: this.ingestDeadLetterQueue,
        resumeSource: deliverability.resumeEventSource,
        resumePrincipals: hardening.resumePrincipals,
        signalPublishers: [this.ingestFunction, this.plannerFunction, this.senderFunction, this.engagementFunction, this.guardrailFunction, ...(this.weeklyReport === undefined ? [] : [this.weeklyReport.function])],
      });
    }
    if (props.alarmTopic === undefined) {
      const count = this.alarms.length + (this.weeklyReport === undefined ? 0 : 1);
      Annotations.of(this).addWarningV2(
        'teichaku:alarmsWithoutTopic',
        `${count} alarms (dead letters, function errors, unconfirmed sends, SES reputation, sending paused) notify nobody: set the alarmTopic prop (-c alarmTopicArn=arn:aws:sns:...)`,
      );
    }
  }
}

function capitalised(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
