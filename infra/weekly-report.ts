// The weekly KPI report (the construct's `weeklyReport` prop, off by default): EventBridge Scheduler
// runs a function that reads the table once at a bounded rate, keeps the week's reading in the table,
// writes report.html and report.json to a private, encrypted bucket whose lifecycle rule expires them,
// and publishes `Report Published` with their keys on the bus.
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Schedule, ScheduleExpression, TimeWindow } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { grantPutSignals } from './grants.js';
import { type HandlerFunction, handlerFunction } from './handler-function.js';
import { deadLetterQueue } from './queues.js';
import { grantItemActions, LEADING_KEYS } from './table.js';

export interface WeeklyReportOptions {
  /**
   * When the report is written.
   * @default - Mondays 00:00 UTC
   */
  readonly schedule?: ScheduleExpression;
  /**
   * Read capacity units per second the report's Scan may use on average.
   * @default 1000
   */
  readonly maxReadUnitsPerSecond?: number;
  /**
   * Days a report is kept in the bucket before the lifecycle rule deletes it.
   * @default 400
   */
  readonly keepDays?: number;
}

export interface WeeklyReportProps extends WeeklyReportOptions {
  readonly table: TableV2;
  readonly eventBus: IEventBus;
  readonly entry: string;
  readonly contentFile: string;
  readonly removalPolicy: RemovalPolicy;
  readonly logRetention: RetentionDays;
  readonly tracing: boolean;
  readonly alarmTopic?: ITopic;
}

/** The files the report page inlines; the bundle carries them (Chart.js is not bundled code). */
function reportAssetFiles(): { readonly from: string; readonly to: string }[] {
  const require = createRequire(import.meta.url);
  const assets = resolve(dirname(fileURLToPath(import.meta.url)), '../functions/report/assets');
  // The whole folder: whatever the page inlines (functions/report/render-html.ts) travels with it.
  return [
    { from: `${assets}/.`, to: 'report-assets' },
    { from: join(dirname(require.resolve('chart.js')), 'chart.umd.js'), to: 'report-assets/chart.umd.js' },
  ];
}

// A Scan of a large table at the default rate takes minutes; the function may run to Lambda's limit.
const TIMEOUT = Duration.minutes(15);

export class WeeklyReport extends Construct {
  public readonly bucket: Bucket;
  public readonly function: HandlerFunction;
  public readonly schedule: Schedule;
  /** Failed runs (Scheduler delivery or the function itself). */
  public readonly deadLetterQueue: Queue;
  public readonly alarm: Alarm;

  constructor(scope: Construct, id: string, props: WeeklyReportProps) {
    super(scope, id);
    const keepDays = props.keepDays ?? 400;
    const rate = props.maxReadUnitsPerSecond ?? 1000;
    if (!Number.isInteger(keepDays) || keepDays < 1)
      throw new Error(`teichaku: weeklyReport.keepDays must be a whole number of days ≥ 1, got ${keepDays}`);
    if (!(rate > 0))
      throw new Error(`teichaku: weeklyReport.maxReadUnitsPerSecond must be a positive number, got ${rate}`);

    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      lifecycleRules: [
        {
          id: 'expire-reports',
          prefix: 'reports/',
          expiration: Duration.days(keepDays),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S1',
      reason:
        'The bucket holds only the weekly report, written by one function role and read by people with IAM access to it; ' +
        'an access-log bucket would itself need one. Turn on CloudTrail S3 data events for an audit trail of who read it.',
    });

    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetters', props.removalPolicy);
    this.function = handlerFunction(this, 'Function', {
      entry: props.entry,
      description: 'teichaku report: writes the weekly KPI report to its bucket and announces it',
      timeout: TIMEOUT,
      // The report keeps a few KB per account (its report row, not its state): the Scan's read rate, not
      // memory, is what bounds one run (README, "How far it goes").
      memorySizeMb: 3008,
      environment: {
        TABLE_NAME: props.table.tableName,
        EVENT_BUS_NAME: props.eventBus.eventBusName,
        CONTENT_FILE: './content.json',
        POWERTOOLS_SERVICE_NAME: 'teichaku',
        REPORT_BUCKET_NAME: this.bucket.bucketName,
        REPORT_MAX_READ_UNITS: String(rate),
      },
      contentFile: props.contentFile,
      extraFiles: reportAssetFiles(),
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      tracing: props.tracing,
      deadLetterQueue: this.deadLetterQueue,
    });
    this.grantLeastPrivilege(props);

    this.schedule = this.runOn(props.schedule ?? ScheduleExpression.cron({ weekDay: 'MON', hour: '0', minute: '0' }));
    this.alarm = new Alarm(this, 'FailedAlarm', {
      alarmDescription:
        'teichaku: the weekly report failed or its run was dead-lettered; see the report function log group',
      metric: this.function.metricErrors({ period: Duration.hours(1), statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    if (props.alarmTopic !== undefined) this.alarm.addAlarmAction(new SnsAction(props.alarmTopic));
  }

  /** Scan the table and put its weekly reading; write reports under `reports/`; announce them. */
  private grantLeastPrivilege(props: WeeklyReportProps): void {
    const fn = this.function;
    // Scan reads every partition (it has no leading key); the readings go to the REPORT partition only.
    fn.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:Scan'], resources: [props.table.tableArn] }));
    grantItemActions(props.table, fn, ['BatchWriteItem'], [LEADING_KEYS.report]);
    const reports = `${this.bucket.bucketArn}/reports/*`;
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [reports] }));
    Validations.of(fn.role ?? fn).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as never)}.Arn>/reports/*]`,
      reason:
        'The report function writes a new object each week under reports/<date>/; S3 object ARNs can only be named by a prefix.',
    });
    grantPutSignals(props.eventBus, fn);
  }

  private runOn(expression: ScheduleExpression): Schedule {
    const role = new Role(this, 'ScheduleRole', {
      description: 'teichaku: lets EventBridge Scheduler start the weekly report',
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
      description: 'teichaku: write the weekly KPI report',
      schedule: expression,
      timeWindow: TimeWindow.off(),
      target: new LambdaInvoke(this.function, {
        role: role.withoutPolicyUpdates(),
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: 1,
        maxEventAge: Duration.hours(6),
      }),
    });
  }
}
