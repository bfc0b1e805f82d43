// The props of the `Teichaku` construct: every field documented with its default.
import type { RemovalPolicy } from 'aws-cdk-lib';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { ConfigurationSetOptions, SenderIdentityOptions } from './email.js';
import type { WeeklyReportOptions } from './weekly-report.js';
import type { DeliverabilityProps } from './deliverability-props.js';

/** Product event source when none is given: the one the README's examples use. */
export const DEFAULT_EVENT_SOURCE = 'com.example.product';

export interface TeichakuProps extends DeliverabilityProps {
  /**
   * The bus the product publishes its events to; teichaku's signals go to the same bus.
   * @default - the bus named `eventBusName`
   */
  readonly eventBus?: IEventBus;
  /**
   * Name of an existing bus, when `eventBus` is not given.
   * @default 'default'
   */
  readonly eventBusName?: string;
  /**
   * The `source` of the product's events; only those events are ingested.
   * @default 'com.example.product'
   */
  readonly eventSource?: string;
  /**
   * The From address of every email, a bare address such as `success@example.com`; the display name
   * comes from the program's sender for the contact's locale.
   */
  readonly fromAddress: string;
  /**
   * The SES identity (domain or address) the sender may send from.
   * @default - the domain of `fromAddress`, expected to be verified already
   */
  readonly senderIdentity?: SenderIdentityOptions;
  /**
   * The configuration set every email is sent with; it publishes the SES events teichaku acts on
   * (deliveries, bounces, complaints, rejects, delays; opens and clicks with `trackEngagement`) to EventBridge.
   * @default - a new set with a generated name and reputation metrics on
   */
  readonly configurationSet?: ConfigurationSetOptions;
  /**
   * When the planner runs.
   * @default - every hour
   */
  readonly plannerSchedule?: ScheduleExpression;
  /**
   * The most emails per second all senders together may send; keep it under the SES account's rate.
   * @default 10
   */
  readonly sendRatePerSecond?: number;
  /**
   * How many sender functions may run at once (SQS event source maximum concurrency, at least 2).
   * Each keeps `sendRatePerSecond / senderConcurrency`.
   * @default 2
   */
  readonly senderConcurrency?: number;
  /**
   * Shards of the due index: the planner queries each; more shards, less heat on one partition.
   * @default 16
   */
  readonly dueShards?: number;
  /**
   * The build's program and templates (`teichaku build` writes it), bundled with the functions that
   * plan and render. A relative path is resolved from the current directory.
   * @default - `dist/content.json` in the current directory (the CDK app's folder, where cdk runs and `teichaku build` writes)
   */
  readonly contentFile?: string;
  /**
   * Directory of the handler entry files (`ingest.ts`, `planner.ts`, `sender.ts`, `engagement.ts`,
   * `unsubscribe.ts`, `guardrail.ts`, and `report.ts` for the weekly report), each exporting
   * `handler`; or of pre-bundled handlers (`<name>/index.mjs`), which are used where no `<name>.ts` is.
   * @default - the package's pre-bundled handlers (`lib/handlers`); in the repository, `functions/handlers`
   */
  readonly handlersDir?: string;
  /**
   * Base URL of the unsubscribe links in emails (e.g. a custom domain in front of the function URL).
   * @default - the unsubscribe function's URL
   */
  readonly unsubscribeBaseUrl?: string;
  /**
   * Where alarms notify.
   * @default - alarms are created without actions
   */
  readonly alarmTopic?: ITopic;
  /**
   * A customer managed key for the table.
   * @default - the AWS managed key
   */
  readonly tableEncryptionKey?: IKey;
  /**
   * What happens to the table, the signing key, the dead letters and the logs when the stack goes.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * How long function logs are kept.
   * @default RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: RetentionDays;
  /**
   * X-Ray active tracing on every function.
   * @default false
   */
  readonly tracing?: boolean;
  /**
   * A weekly scheduled function that writes the KPI report (report.html, report.json) to a private,
   * encrypted bucket and publishes `Report Published` with the keys; `true` takes the defaults.
   * @default - off
   */
  readonly weeklyReport?: boolean | WeeklyReportOptions;
}
