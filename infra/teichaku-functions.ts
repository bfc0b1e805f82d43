// How each of Teichaku's functions is made, the same way for every part: its timeout, its log group
// and retention, tracing, and an environment of exactly the variables its handler reads
// (HANDLER_ENV), the content file only to those that read CONTENT_FILE.
import { resolve } from 'node:path';
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { type EnvName, HANDLER_ENV, type HandlerName } from '../functions/handlers/config.js';
import { notificationSettingsOf } from './destinations.js';
import { BUNDLED_CONTENT_FILE, type HandlerFunction, handlerFunction } from './handler-function.js';
import type { CheckedProps } from './settings.js';
import type { TeichakuProps } from './teichaku-props.js';

/** The `service` of the functions' logs and custom metrics (POWERTOOLS_SERVICE_NAME). */
export const SERVICE_NAME = 'teichaku';

export const TIMEOUTS: Readonly<Record<HandlerName, Duration>> = {
  ingest: Duration.seconds(60),
  coordinator: Duration.seconds(30),
  // A work item plans at most `plannerAccountsPerItem` accounts (1,000 by default: seconds at the
  // few hundred a second of AWS, under 4 minutes even at the 207 ms an account of DynamoDB Local in
  // the load model); the planning queue's visibility timeout is six times this.
  planner: Duration.minutes(5),
  sender: Duration.seconds(60),
  engagement: Duration.seconds(30),
  unsubscribe: Duration.seconds(10),
  guardrail: Duration.seconds(30),
};

/** Variables whose value is a resource of one part: the part that makes the function gives them. */
export type PartEnvName =
  | 'SEND_QUEUE_URL'
  | 'PLANNING_QUEUE_URL'
  | 'CONFIGURATION_SET_NAME'
  | 'UNSUBSCRIBE_SECRET_ARN'
  | 'UNSUBSCRIBE_BASE_URL'
  | 'DEAD_LETTER_QUEUE_URL';

/** Variables with one value for the whole deployment (props, settings, the tables and the bus). */
export type SharedEnvName = Exclude<EnvName, PartEnvName>;

/** What a part must give for handler `H`: the part's own variables that `H` reads, each one. */
export type PartEnvironment<H extends HandlerName> = Readonly<
  Record<Extract<(typeof HANDLER_ENV)[H][number], PartEnvName>, string>
>;

export interface TeichakuFunctionsProps {
  readonly shared: Readonly<Record<SharedEnvName, string>>;
  /** Absolute directory of the handler entry files (Settings.handlersDir). */
  readonly handlersDir: string;
  /** Absolute path of the build's content file. */
  readonly contentFile: string;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  readonly tracing: boolean;
}

export interface FunctionOptions {
  /** What the function does, after `teichaku <name>: `. */
  readonly description: string;
  /** @default 256 */
  readonly memorySizeMb?: number;
  /** Where failed asynchronous invocations go (EventBridge, Scheduler). */
  readonly deadLetterQueue?: IQueue;
  /** Concurrency reserved for (and the most allowed to) the function. */
  readonly reservedConcurrency?: number;
}

export class TeichakuFunctions {
  constructor(
    private readonly scope: Construct,
    private readonly props: TeichakuFunctionsProps,
  ) {}

  /** The function of handler `name` (construct id `<Name>Function`, in the construct's own scope). */
  make<H extends HandlerName>(name: H, own: PartEnvironment<H>, options: FunctionOptions): HandlerFunction {
    const reads: readonly EnvName[] = HANDLER_ENV[name];
    const values: Readonly<Record<string, string>> = { ...this.props.shared, ...own };
    return handlerFunction(this.scope, `${capitalised(name)}Function`, {
      entry: resolve(this.props.handlersDir, `${name}.ts`),
      description: `teichaku ${name}: ${options.description}`,
      timeout: TIMEOUTS[name],
      memorySizeMb: options.memorySizeMb ?? 256,
      environment: Object.fromEntries(reads.map((variable) => [variable, values[variable] as string])),
      contentFile: reads.includes('CONTENT_FILE') ? this.props.contentFile : undefined,
      logRetention: this.props.logRetention,
      removalPolicy: this.props.removalPolicy,
      tracing: this.props.tracing,
      deadLetterQueue: options.deadLetterQueue,
      reservedConcurrency: options.reservedConcurrency,
    });
  }
}

function capitalised(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * What every part of the construct gets: the state it works on, the way to make its function, and
 * the removal policy of what it keeps. A part is a plain class, not a construct of its own: its
 * resources live in Teichaku's scope, so they keep the logical IDs of every deployment made before
 * the construct was split (a scope of their own would rename and so replace the tables, the queues
 * with their messages, and the signing key with every link already sent).
 */
export interface PartProps {
  readonly table: TableV2;
  readonly complianceTable: TableV2;
  readonly eventBus: IEventBus;
  readonly functions: TeichakuFunctions;
  readonly removalPolicy: RemovalPolicy;
}

/** The variables with one value for the whole deployment; each part gives its own resources' (PartEnvironment). */
export function sharedEnvironment(
  props: TeichakuProps,
  checked: CheckedProps,
  state: Pick<PartProps, 'table' | 'complianceTable' | 'eventBus'>,
): Record<SharedEnvName, string> {
  const { settings, deliverability, hardening } = checked;
  return {
    TABLE_NAME: state.table.tableName,
    COMPLIANCE_TABLE_NAME: state.complianceTable.tableName,
    EVENT_BUS_NAME: state.eventBus.eventBusName,
    EVENT_SOURCE: checked.eventSource,
    FROM_ADDRESS: props.fromAddress,
    SEND_RATE_PER_SECOND: String(settings.sendRatePerSecond / settings.senderConcurrency),
    SENDER_CONCURRENCY: String(settings.senderConcurrency),
    SENDER_IDENTITIES: checked.identityNames.join(','),
    DUE_SHARDS: String(settings.dueShards),
    PLANNER_SHARDS_PER_ITEM: String(settings.planner.shardsPerItem),
    PLANNER_ACCOUNTS_PER_ITEM: String(settings.planner.accountsPerItem),
    CONTENT_FILE: BUNDLED_CONTENT_FILE,
    POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
    GUARDRAIL_THRESHOLDS: JSON.stringify(deliverability.thresholds),
    WARM_UP_DAILY_CAPS: JSON.stringify(deliverability.warmUp),
    RESUME_EVENT_SOURCE: deliverability.resumeEventSource,
    COMPLIANCE_RETENTION_DAYS: String(deliverability.retentionDays),
    FUTURE_TOLERANCE_SECONDS: String(hardening.futureToleranceSec),
    CS_OWNER_DOMAINS: hardening.csOwnerDomains.join(','),
    NOTIFICATION_SETTINGS: notificationSettingsOf(props.destinations),
  };
}
