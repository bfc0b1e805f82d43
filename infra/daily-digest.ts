// The daily digest (the construct's `dailyDigest` prop, off by default): EventBridge Scheduler runs a
// function that reads the table once at a bounded rate and emails each CS owner their digest (their
// own accounts: what needs them, what changed) from the team's address. Failed runs go to a
// dead-letter queue and raise an alarm.
import { Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression, TimeWindow } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { isKnownIdentity } from '../functions/core/sender-address.js';
import { type HandlerFunction, handlerFunction } from './handler-function.js';
import { deadLetterQueue } from './queues.js';

export interface DailyDigestOptions {
  /**
   * When the digests go. For a local hour, give the zone:
   * `ScheduleExpression.cron({ hour: '8', minute: '0', timeZone: TimeZone.ASIA_TOKYO })`.
   * @default - every day 00:00 UTC
   */
  readonly schedule?: ScheduleExpression;
  /**
   * Read capacity units per second the digest's Scan may use on average.
   * @default 1000
   */
  readonly maxReadUnitsPerSecond?: number;
  /**
   * The From address of the digests; it must be on one of the construct's sender identities.
   * @default - the construct's `fromAddress`
   */
  readonly fromAddress?: string;
  /**
   * The digests' language (words and the plays' `do`): one per deployment, since a CS team reads one.
   * @default 'ja'
   */
  readonly locale?: 'ja' | 'en';
}

export interface DailyDigestProps extends DailyDigestOptions {
  readonly table: TableV2;
  /** The team's From address (the construct's `fromAddress`), used when no `fromAddress` is given. */
  readonly teamFromAddress: string;
  /** Lower-case names of every identity mail may come from. */
  readonly identityNames: readonly string[];
  readonly senderIdentities: readonly IEmailIdentity[];
  readonly entry: string;
  readonly contentFile: string;
  readonly removalPolicy: RemovalPolicy;
  readonly logRetention: RetentionDays;
  readonly tracing: boolean;
  readonly alarmTopic?: ITopic;
}

// A Scan of a large table at the default rate takes minutes; the function may run to Lambda's limit.
const TIMEOUT = Duration.minutes(15);

export class DailyDigest extends Construct {
  public readonly function: HandlerFunction;
  public readonly schedule: Schedule;
  /** Failed runs (Scheduler delivery or the function itself). */
  public readonly deadLetterQueue: Queue;
  public readonly alarm: Alarm;

  constructor(scope: Construct, id: string, props: DailyDigestProps) {
    super(scope, id);
    const rate = props.maxReadUnitsPerSecond ?? 1000;
    if (!(rate > 0))
      throw new Error(`teichaku: dailyDigest.maxReadUnitsPerSecond must be a positive number, got ${rate}`);
    const fromAddress = props.fromAddress ?? props.teamFromAddress;
    if (!isKnownIdentity(fromAddress, props.identityNames))
      throw new Error(
        `teichaku: dailyDigest.fromAddress is on no identity the construct knows (${props.identityNames.join(', ')}); add it to senderIdentity or additionalSenderIdentities`,
      );
    const locale = props.locale ?? 'ja';
    if (locale !== 'ja' && locale !== 'en')
      throw new Error(`teichaku: dailyDigest.locale must be 'ja' or 'en', got ${JSON.stringify(locale)}`);

    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetters', props.removalPolicy);
    this.function = handlerFunction(this, 'Function', {
      entry: props.entry,
      description: 'teichaku digest: emails each CS owner the daily digest of their accounts',
      timeout: TIMEOUT,
      // Each account is kept as its queue items and changes only: about 1.2 KB for an account in the
      // queue (100,000 synthetic at-risk accounts), so 1,000,000 all in the queue fit; the Scan's read
      // rate, not memory, bounds one run, as for the weekly report.
      memorySizeMb: 3008,
      environment: {
        TABLE_NAME: props.table.tableName,
        CONTENT_FILE: './content.json',
        POWERTOOLS_SERVICE_NAME: 'teichaku',
        DIGEST_FROM_ADDRESS: fromAddress,
        DIGEST_LOCALE: locale,
        DIGEST_MAX_READ_UNITS: String(rate),
      },
      contentFile: props.contentFile,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      tracing: props.tracing,
      deadLetterQueue: this.deadLetterQueue,
    });
    // A run that failed for some owners has sent to the others: Lambda must not run it again.
    this.function.configureAsyncInvoke({ retryAttempts: 0 });
    // Scan reads every partition (it has no leading key). SES authorises SendEmail on the From
    // identity; the digest uses no configuration set (internal mail: its bounces are not the
    // customers' rates, and a paused customer sending must not silence the CS team).
    this.function.addToRolePolicy(
      new PolicyStatement({ actions: ['dynamodb:Scan'], resources: [props.table.tableArn] }),
    );
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: props.senderIdentities.map((i) => i.emailIdentityArn),
      }),
    );

    this.schedule = this.runOn(props.schedule ?? ScheduleExpression.cron({ hour: '0', minute: '0' }));
    this.alarm = new Alarm(this, 'FailedAlarm', {
      alarmDescription:
        'teichaku: the daily digest failed (some owners got none) or its run was dead-lettered; see the digest function log group',
      metric: this.function.metricErrors({ period: Duration.hours(1), statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    if (props.alarmTopic !== undefined) this.alarm.addAlarmAction(new SnsAction(props.alarmTopic));
  }

  private runOn(expression: ScheduleExpression): Schedule {
    const role = new Role(this, 'ScheduleRole', {
      description: 'teichaku: lets EventBridge Scheduler start the daily digest',
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.function.functionArn] }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetterQueue.queueArn] }),
    );
    return new Schedule(this, 'Schedule', {
      description: 'teichaku: send the daily digest to each CS owner',
      schedule: expression,
      timeWindow: TimeWindow.off(),
      target: new LambdaInvoke(this.function, {
        role: role.withoutPolicyUpdates(),
        deadLetterQueue: this.deadLetterQueue,
        // A retry would send the digests already sent again: a failed run is left to the alarm.
        retryAttempts: 0,
        maxEventAge: Duration.hours(6),
      }),
    });
  }
}
