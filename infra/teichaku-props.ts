// The props of the `Teichaku` construct: every field documented with its default.
import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { DailyDigestOptions } from './daily-digest.js';
import type { DeliverabilityProps } from './deliverability-props.js';
import type { DestinationsProps } from './destinations.js';
import type { ConfigurationSetOptions, SenderIdentityOptions } from './email.js';
import type { WeeklyReportOptions } from './weekly-report.js';

/** Product event source when none is given: the one the README's examples use. */
export const DEFAULT_EVENT_SOURCE = 'com.example.product';

export interface TeichakuProps extends DeliverabilityProps {
  /**
   * An existing bus to use instead of teichaku's own: product events, resume requests and teichaku's
   * signals all go there. Its resource policy stays yours (README: who may speak to teichaku).
   * @default - a bus of teichaku's own, whose policy names who may put which source
   */
  readonly eventBus?: IEventBus;
  /**
   * Name of an existing bus, when `eventBus` is not given (same as `eventBus`, by name).
   * @default - a bus of teichaku's own
   */
  readonly eventBusName?: string;
  /**
   * A bus the product already publishes to (the account's `default`, say): a rule there forwards
   * the product's events (`eventSource`, the detail-types of the contract) to teichaku's own bus, and the rule's
   * role is allowed to put them. Only with teichaku's own bus.
   * @default - no forwarding; the product puts its events on teichaku's bus directly
   */
  readonly forwardProductEventsFrom?: IEventBus;
  /**
   * IAM principal ARNs (roles or users; `*` wildcards allowed) that may put events with the product's
   * `eventSource` on teichaku's own bus; every other principal is denied that source.
   * @default - any principal of this account whose IAM policy allows events:PutEvents (no cross-account)
   */
  readonly productEventPrincipals?: readonly string[];
  /**
   * IAM principal ARNs that may put `Sending Resume Requested` events (`resumeEventSource`) on
   * teichaku's own bus. Everyone else is denied that source, so without any, sending resumes only by
   * `teichaku sending resume` (which needs write access to the table).
   * @default - nobody: no event resumes sending
   */
  readonly resumePrincipals?: readonly string[];
  /**
   * How far in the future an event's `time` may lie before ingest rejects it (clock skew, a bad
   * timestamp that would otherwise hold a touch back or fast-forward a milestone).
   * @default Duration.hours(24)
   */
  readonly futureTolerance?: Duration;
  /**
   * Mailbox domains a `csOwner` may be on: ingest rejects an owner on any other domain, so an event
   * cannot make teichaku name an outside address as the customer's success manager.
   * @default - the domain of the From identity (`senderIdentity.name` or the domain of `fromAddress`)
   */
  readonly csOwnerDomains?: readonly string[];
  /**
   * Concurrency reserved for the public unsubscribe function, which is also its ceiling: a flood of
   * requests to the URL is throttled there and cannot take the account's concurrency from ingest and
   * sending.
   * @default 5
   */
  readonly unsubscribeReservedConcurrency?: number;
  /**
   * The `source` of the product's events; only those events are ingested.
   * @default 'com.example.product'
   */
  readonly eventSource?: string;
  /**
   * Segment partner event sources (`aws.partner/segment.com/<sourceId>`, associated with a partner
   * event bus of the same name): their track, identify and group calls are ingested through the
   * mapping in templates/sources.yaml.
   * @default - none
   */
  readonly segmentEventSources?: readonly string[];
  /**
   * Whether RudderStack's EventBridge destination puts events on the bus teichaku reads (source
   * `rudderstack`): their track, identify and group calls are ingested through templates/sources.yaml.
   * @default false
   */
  readonly rudderStackEvents?: boolean;
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
   * When a planner run starts (the coordinator cuts it into work items for the planners).
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
   * How many planner functions may run at once (the planning queue's SQS event source maximum
   * concurrency, at least 2): each planner takes one work item, a range of due shards, at a time.
   * More planners, a shorter hourly run; each adds DynamoDB reads and writes at once.
   * @default 4
   */
  readonly plannerWorkers?: number;
  /**
   * Due-index shards per work item: the coordinator cuts each run into `dueShards / plannerShardsPerItem`
   * items. 1 lets every shard be planned in parallel; more, fewer messages and invocations.
   * @default 1
   */
  readonly plannerShardsPerItem?: number;
  /**
   * Accounts a planner plans of one work item before it hands the rest on as a new item, so one hot
   * shard is shared among planners and no invocation nears the function's timeout (5 minutes).
   * @default 1000
   */
  readonly plannerAccountsPerItem?: number;
  /**
   * The build's program and templates (`teichaku build` writes it), bundled with the functions that
   * plan and render. A relative path is resolved from the current directory.
   * @default - `dist/content.json` in the current directory (the CDK app's folder, where cdk runs and `teichaku build` writes)
   */
  readonly contentFile?: string;
  /**
   * Directory of the handler entry files (`ingest.ts`, `coordinator.ts`, `planner.ts`, `sender.ts`, `engagement.ts`,
   * `unsubscribe.ts`, `guardrail.ts`, and `report.ts` for the weekly report), each exporting
   * `handler`; or of pre-bundled handlers (`<name>/index.mjs`), which are used where no `<name>.ts` is.
   * @default - the package's pre-bundled handlers (`lib/handlers`); in the repository, `functions/handlers`
   */
  readonly handlersDir?: string;
  /**
   * Base URL of the unsubscribe links and `List-Unsubscribe` headers in emails: an https address on
   * the From domain, served by CloudFront (or an API Gateway custom domain) in front of
   * `unsubscribeUrl`; README "The unsubscribe link" shows the distribution. Links already sent keep
   * their old address, which must keep answering.
   * @default - the unsubscribe function's URL
   */
  readonly unsubscribeBaseUrl?: string;
  /**
   * Where alarms notify.
   * @default - alarms are created without actions, and `cdk synth` warns about it
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
  /**
   * A daily scheduled function that emails each CS owner (`csOwner` on `Account Upserted`) the digest
   * of their own accounts: what needs them in the work queue, with its play, and what changed in the
   * last 24 hours; `true` takes the defaults.
   * @default - off
   */
  readonly dailyDigest?: boolean | DailyDigestOptions;
  /**
   * Where the CS team reads the signals a person should act on (README "Where your CS team sees
   * it"): Slack channels and a Teams workflow, each routed by signal type and program, with the
   * owners' Slack ids and the CRM's record address.
   * @default - signals stay on the bus
   */
  readonly destinations?: DestinationsProps;
}
