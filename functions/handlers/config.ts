// The Lambdas' environment, parsed once at cold start into a typed config. Each handler names the
// variables it needs; a missing or malformed one fails the init with its name, not the first request.
import { z } from 'zod';
import { DEFAULT_DUE_SHARDS } from '../adapters/table-schema.js';
import { DEFAULT_ACCOUNTS_PER_ITEM } from '../app/plan-shard-range.js';
import { DEFAULT_COMPLIANCE_RETENTION_DAYS } from '../core/compliance-record.js';
import { TeichakuError } from '../core/errors.js';
import { DEFAULT_FUTURE_TOLERANCE_SEC, Email, Locale } from '../core/events.js';
import { NotificationSettings } from '../core/notifications.js';
import { MAX_DUE_SHARDS } from '../core/planning-work.js';
import { WarmUpSchedule } from '../core/send-quota.js';
import { GuardrailThresholds } from '../core/sending-rates.js';

/** A JSON value in a variable, parsed with `schema`. */
const Json = <T extends z.ZodType>(schema: T, fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);

const Required = z.string().trim().min(1, 'is required');

export const ENV = {
  TABLE_NAME: Required,
  EVENT_BUS_NAME: Required,
  /** The `source` of the product's events; events from any other source are rejected. */
  EVENT_SOURCE: Required,
  SEND_QUEUE_URL: Required.pipe(z.url({ message: 'must be the send queue URL' })),
  /** The planner's work items: the coordinator puts a run's there, a planner the rest of an item it cut. */
  PLANNING_QUEUE_URL: Required.pipe(z.url({ message: 'must be the planning queue URL' })),
  /** Due-index shards per work item of a planner run. */
  PLANNER_SHARDS_PER_ITEM: z.coerce.number().int('must be an integer').min(1).max(MAX_DUE_SHARDS).default(1),
  /** Accounts a planner plans of one work item before the rest goes on in a new item. */
  PLANNER_ACCOUNTS_PER_ITEM: z.coerce
    .number()
    .int('must be an integer')
    .min(1)
    .max(1_000_000)
    .default(DEFAULT_ACCOUNTS_PER_ITEM),
  /**
   * The dead-letter queue of the function's own work queue (ingest's, the send queue's or the planning queue's): messages
   * that can never be processed go there at once, with their reason (see DeadLetters).
   */
  DEAD_LETTER_QUEUE_URL: Required.pipe(z.url({ message: 'must be the dead-letter queue URL' })),
  FROM_ADDRESS: Required.pipe(Email),
  CONFIGURATION_SET_NAME: Required,
  SEND_RATE_PER_SECOND: z.coerce
    .number<string>({ message: 'is missing or not a number' })
    .positive('must be a positive number')
    .max(10_000),
  UNSUBSCRIBE_SECRET_ARN: Required,
  /** The unsubscribe function URL (https); the token goes in its `t` query parameter. */
  UNSUBSCRIBE_BASE_URL: Required.pipe(z.url({ protocol: /^https?$/, message: 'must be the unsubscribe function URL' })),
  DUE_SHARDS: z.coerce.number().int('must be an integer').min(1).max(MAX_DUE_SHARDS).default(DEFAULT_DUE_SHARDS),
  /** The build artifact content.json; relative paths are resolved next to the bundle. */
  CONTENT_FILE: z.string().trim().min(1).default('./content.json'),
  POWERTOOLS_SERVICE_NAME: z.string().trim().min(1).default('teichaku'),
  /** Pause thresholds and windows of the sending guard (JSON, see GuardrailThresholds). */
  GUARDRAIL_THRESHOLDS: Json(GuardrailThresholds, '{}'),
  /** Daily caps by day since the first send (JSON array; empty: no warm-up). */
  WARM_UP_DAILY_CAPS: Json(WarmUpSchedule, '[]'),
  /** Senders that may run at once: each keeps its share of the SES quota and rate. */
  SENDER_CONCURRENCY: z.coerce.number().int('must be an integer').min(1).max(1000).default(1),
  /** Verified SES identities (domains or addresses), comma-separated; default: FROM_ADDRESS's domain. */
  SENDER_IDENTITIES: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim().toLowerCase())
        .filter((x) => x !== ''),
    ),
  /** The `source` of `Sending Resume Requested` events. */
  RESUME_EVENT_SOURCE: Required.default('teichaku.ops'),
  /** Days a removed contact's compliance record is kept. */
  COMPLIANCE_RETENTION_DAYS: z.coerce
    .number()
    .int('must be an integer')
    .min(30)
    .max(3650)
    .default(DEFAULT_COMPLIANCE_RETENTION_DAYS),
  /** Seconds an instant of an event may lie ahead of its ingestion (a minute to a week). */
  FUTURE_TOLERANCE_SECONDS: z.coerce
    .number()
    .int('must be an integer')
    .min(60)
    .max(604_800)
    .default(DEFAULT_FUTURE_TOLERANCE_SEC),
  /** Domains a csOwner address may be at, comma-separated, lower case; empty: any domain. */
  CS_OWNER_DOMAINS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== ''),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(
            /^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/,
            'must be lower-case domain names separated by commas',
          ),
      ),
    ),
  /** How notifications mention CS owners in Slack, link the CRM and in which language they speak (JSON, see NotificationSettings). */
  NOTIFICATION_SETTINGS: Json(NotificationSettings, '{}'),
  /** The append-only compliance record's own table; absent: the compliance entries share TABLE_NAME (local runs). */
  COMPLIANCE_TABLE_NAME: z.string().trim().min(1).optional(),
} as const;

export type EnvName = keyof typeof ENV;
export type EnvConfig<K extends EnvName> = { readonly [P in K]: z.output<(typeof ENV)[P]> };

/** Which variables each function reads (the CDK construct may set exactly these). */
export const HANDLER_ENV = {
  ingest: [
    'TABLE_NAME',
    'EVENT_BUS_NAME',
    'EVENT_SOURCE',
    'DUE_SHARDS',
    'CONTENT_FILE',
    'POWERTOOLS_SERVICE_NAME',
    'COMPLIANCE_RETENTION_DAYS',
    'COMPLIANCE_TABLE_NAME',
    'FUTURE_TOLERANCE_SECONDS',
    'CS_OWNER_DOMAINS',
    'DEAD_LETTER_QUEUE_URL',
    'NOTIFICATION_SETTINGS',
  ],
  coordinator: ['PLANNING_QUEUE_URL', 'DUE_SHARDS', 'PLANNER_SHARDS_PER_ITEM', 'POWERTOOLS_SERVICE_NAME'],
  planner: [
    'TABLE_NAME',
    'EVENT_BUS_NAME',
    'SEND_QUEUE_URL',
    'DUE_SHARDS',
    'CONTENT_FILE',
    'POWERTOOLS_SERVICE_NAME',
    'PLANNING_QUEUE_URL',
    'PLANNER_ACCOUNTS_PER_ITEM',
    'DEAD_LETTER_QUEUE_URL',
    'NOTIFICATION_SETTINGS',
  ],
  sender: [
    'TABLE_NAME',
    'EVENT_BUS_NAME',
    'FROM_ADDRESS',
    'CONFIGURATION_SET_NAME',
    'SEND_RATE_PER_SECOND',
    'UNSUBSCRIBE_SECRET_ARN',
    'UNSUBSCRIBE_BASE_URL',
    'DUE_SHARDS',
    'CONTENT_FILE',
    'POWERTOOLS_SERVICE_NAME',
    'SEND_QUEUE_URL',
    'SENDER_CONCURRENCY',
    'SENDER_IDENTITIES',
    'WARM_UP_DAILY_CAPS',
    'DEAD_LETTER_QUEUE_URL',
  ],
  engagement: [
    'TABLE_NAME',
    'DUE_SHARDS',
    'POWERTOOLS_SERVICE_NAME',
    'EVENT_BUS_NAME',
    'GUARDRAIL_THRESHOLDS',
    'COMPLIANCE_TABLE_NAME',
    'NOTIFICATION_SETTINGS',
  ],
  unsubscribe: [
    'TABLE_NAME',
    'UNSUBSCRIBE_SECRET_ARN',
    'DUE_SHARDS',
    'POWERTOOLS_SERVICE_NAME',
    'COMPLIANCE_TABLE_NAME',
    'EVENT_BUS_NAME',
    'EVENT_SOURCE',
  ],
  guardrail: [
    'TABLE_NAME',
    'EVENT_BUS_NAME',
    'CONFIGURATION_SET_NAME',
    'RESUME_EVENT_SOURCE',
    'POWERTOOLS_SERVICE_NAME',
    'NOTIFICATION_SETTINGS',
  ],
} as const satisfies Record<string, readonly EnvName[]>;

export type HandlerName = keyof typeof HANDLER_ENV;
export type HandlerConfig<H extends HandlerName> = EnvConfig<(typeof HANDLER_ENV)[H][number]>;

export class ConfigError extends TeichakuError {
  readonly code = 'CONFIG';
  override readonly name = 'ConfigError';
}

/** Parses the named variables; the error lists every bad one with what was expected, never its value. */
export function readConfig<K extends EnvName>(
  names: readonly K[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): EnvConfig<K> {
  return parseVariables(ENV, names, env) as EnvConfig<K>;
}

/** An issue's message, after the field of a JSON variable it is about (only the field's name: a deeper key may be an address). */
function issueText(issue: z.core.$ZodIssue): string {
  const field = issue.path[0];
  return typeof field === 'string' ? `${field} ${issue.message}` : issue.message;
}

function parseVariables(
  schemas: Readonly<Record<string, z.ZodType>>,
  names: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const name of names) {
    const raw = env[name];
    const parsed = (schemas[name] as z.ZodType).safeParse(raw === '' ? undefined : raw);
    if (parsed.success) out[name] = parsed.data;
    else
      problems.push(
        `${name} ${raw === undefined || raw === '' ? 'is missing' : parsed.error.issues.map(issueText).join(', ')}`,
      );
  }
  if (problems.length > 0) throw new ConfigError(`environment: ${problems.join('; ')}`);
  return out;
}

export function handlerConfig<H extends HandlerName>(
  handler: H,
  env?: Readonly<Record<string, string | undefined>>,
): HandlerConfig<H> {
  return readConfig(HANDLER_ENV[handler], env) as HandlerConfig<H>;
}

/**
 * The variables only the weekly report function reads (the construct sets them when `weeklyReport`
 * is on). Kept apart from ENV because the construct sets every ENV variable on every function.
 */
const REPORT_VARIABLES = {
  REPORT_BUCKET_NAME: Required,
  /** Read units per second the report's table scan may use. */
  REPORT_MAX_READ_UNITS: z.coerce
    .number({ message: 'must be a number' })
    .positive('must be a positive number of read units per second')
    .default(1000),
} as const;
export const REPORT_ENV = ['REPORT_BUCKET_NAME', 'REPORT_MAX_READ_UNITS'] as const;
export type ReportEnv = { readonly [P in keyof typeof REPORT_VARIABLES]: z.output<(typeof REPORT_VARIABLES)[P]> };

/** Parses the report function's own variables; the error names each bad one, never its value. */
export function reportEnv(env: Readonly<Record<string, string | undefined>> = process.env): ReportEnv {
  return parseVariables(REPORT_VARIABLES, REPORT_ENV, env) as ReportEnv;
}

/** The variables of ENV the weekly report function reads besides its own. */
export const REPORT_SHARED_ENV = ['TABLE_NAME', 'EVENT_BUS_NAME', 'CONTENT_FILE', 'POWERTOOLS_SERVICE_NAME'] as const;
export type ReportConfig = EnvConfig<(typeof REPORT_SHARED_ENV)[number]> & ReportEnv;

/** The weekly report function's whole environment, shared variables and its own, parsed at once. */
export function reportConfig(env: Readonly<Record<string, string | undefined>> = process.env): ReportConfig {
  return { ...readConfig(REPORT_SHARED_ENV, env), ...reportEnv(env) };
}

/**
 * The variables only the daily digest function reads (the construct sets them when `dailyDigest` is
 * on), kept apart from ENV for the same reason as the report's.
 */
const DIGEST_VARIABLES = {
  /** The team's From address of the digests (a verified SES identity). */
  DIGEST_FROM_ADDRESS: Required.pipe(Email),
  /** The digests' language: `ja` or `en`. */
  DIGEST_LOCALE: z.string().trim().default('ja').pipe(Locale),
  /** Read units per second the digest's table scan may use. */
  DIGEST_MAX_READ_UNITS: z.coerce
    .number({ message: 'must be a number' })
    .positive('must be a positive number of read units per second')
    .default(1000),
} as const;
export const DIGEST_ENV = ['DIGEST_FROM_ADDRESS', 'DIGEST_LOCALE', 'DIGEST_MAX_READ_UNITS'] as const;
export type DigestEnv = { readonly [P in keyof typeof DIGEST_VARIABLES]: z.output<(typeof DIGEST_VARIABLES)[P]> };

/** The variables of ENV the daily digest function reads besides its own. */
export const DIGEST_SHARED_ENV = ['TABLE_NAME', 'CONTENT_FILE', 'POWERTOOLS_SERVICE_NAME'] as const;
export type DigestConfig = EnvConfig<(typeof DIGEST_SHARED_ENV)[number]> & DigestEnv;

/** The daily digest function's whole environment, parsed at once; the error names each bad variable. */
export function digestConfig(env: Readonly<Record<string, string | undefined>> = process.env): DigestConfig {
  return {
    ...readConfig(DIGEST_SHARED_ENV, env),
    ...(parseVariables(DIGEST_VARIABLES, DIGEST_ENV, env) as DigestEnv),
  };
}
