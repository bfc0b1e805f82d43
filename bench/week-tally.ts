// What each Lambda of the metered week did, invocation by invocation: CPU time in this process, AWS
// calls through its adapters, and the bytes of the log lines it wrote (as Powertools would print them).
import type { SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import type { EventBridgeEvent } from 'aws-lambda';
import type { HandlerLogger, LogAttributes } from '../functions/handlers/logger.js';
import type { HandlerMetrics } from '../functions/handlers/metrics.js';
import { billedChunks, type CallRecorder, type DynamoMeter } from './aws-meter.js';

export interface HandlerTally {
  invocations: number;
  /** SQS records handed to the function (ingest and sender). */
  records: number;
  /** ReceiveMessage and DeleteMessageBatch calls the SQS event source makes for those records (10 a call). */
  eventSourceRequests: number;
  cpuMs: number;
  dynamoCalls: number;
  readUnits: number;
  writeUnits: number;
  /** The part of `writeUnits` spent on account state items. */
  accountWriteUnits: number;
  accountWrites: number;
  /** Conditional writes refused (in `writeUnits` at one unit each: DynamoDB bills them). */
  refusedWrites: number;
  sqsCalls: number;
  /** SQS requests as billed: each 64 KB chunk of a call's payload. */
  sqsBilledRequests: number;
  putEventsCalls: number;
  eventEntries: number;
  sesCalls: number;
  logBytes: number;
}

export type WeekTallies = Record<'ingest' | 'planner' | 'plannerIdle' | 'sender' | 'engagement', HandlerTally>;

export interface Meters {
  readonly dynamo: DynamoMeter;
  readonly sqs: CallRecorder;
  readonly events: CallRecorder;
  readonly ses: CallRecorder;
}

export function newTally(): HandlerTally {
  return {
    invocations: 0,
    records: 0,
    eventSourceRequests: 0,
    cpuMs: 0,
    dynamoCalls: 0,
    readUnits: 0,
    writeUnits: 0,
    accountWriteUnits: 0,
    accountWrites: 0,
    refusedWrites: 0,
    sqsCalls: 0,
    sqsBilledRequests: 0,
    putEventsCalls: 0,
    eventEntries: 0,
    sesCalls: 0,
    logBytes: 0,
  };
}

// Keys Powertools' logger adds to every line besides ours (the X-Ray trace id is there when tracing is on).
const POWERTOOLS_KEYS = {
  level: 'INFO',
  sampling_rate: 0,
  service: 'teichaku-sender',
  timestamp: '2026-01-19T09:00:00.000Z',
  xray_trace_id: 'Root=1-6768c0a0-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=0',
};
/** START, END and REPORT lines Lambda itself writes per invocation (text format). */
export const PLATFORM_LOG_BYTES_PER_INVOCATION = 420;

/** One metric published as a CloudWatch embedded-metric-format log line (Powertools' format). */
export const EMF_LINE_BYTES = 420;

export interface CountingLogger extends HandlerLogger {
  /** Metrics are log lines too (embedded metric format): their bytes go to the same tally. */
  readonly metrics: HandlerMetrics;
  /** Metric names published during the week: CloudWatch bills each one as a custom metric. */
  readonly metricNames: ReadonlySet<string>;
  /** Runs one invocation and adds what it did to `tally`. Invocations must not overlap. */
  invoke<T>(tally: HandlerTally, meters: Meters, work: () => Promise<T>, records?: number): Promise<T>;
}

export function countingLogger(): CountingLogger {
  let current: HandlerTally | null = null;
  const line = (level: string) => (message: string, attributes?: LogAttributes) => {
    if (current === null) return;
    current.logBytes += Buffer.byteLength(JSON.stringify({ ...POWERTOOLS_KEYS, level, message, ...attributes })) + 1;
  };
  const metricNames = new Set<string>();
  return {
    metricNames,
    metrics: {
      count(name) {
        metricNames.add(name);
        if (current !== null) current.logBytes += EMF_LINE_BYTES;
      },
    },
    // Powertools logs from INFO up by default; the construct does not lower the level.
    debug: () => undefined,
    info: line('INFO'),
    warn: line('WARN'),
    error: line('ERROR'),
    async invoke(tally, meters, work, records = 0) {
      const before = {
        dynamo: totalCalls(meters.dynamo),
        reads: meters.dynamo.reads.units,
        writes: meters.dynamo.writes.units,
        accountWriteUnits: meters.dynamo.accountWriteUnits,
        accountWrites: meters.dynamo.accountWrites,
        refused: meters.dynamo.refusedWrites,
        sqs: meters.sqs.calls.length,
        events: meters.events.calls.length,
        ses: meters.ses.calls.length,
      };
      current = tally;
      const cpu = process.cpuUsage();
      try {
        return await work();
      } finally {
        const used = process.cpuUsage(cpu);
        current = null;
        const sqsCalls = meters.sqs.calls.slice(before.sqs);
        const eventCalls = meters.events.calls.slice(before.events);
        tally.invocations += 1;
        tally.records += records;
        tally.eventSourceRequests += 2 * Math.ceil(records / 10);
        tally.cpuMs += (used.user + used.system) / 1000;
        tally.dynamoCalls += totalCalls(meters.dynamo) - before.dynamo;
        tally.readUnits += meters.dynamo.reads.units - before.reads;
        tally.writeUnits += meters.dynamo.writes.units - before.writes;
        tally.accountWriteUnits += meters.dynamo.accountWriteUnits - before.accountWriteUnits;
        tally.accountWrites += meters.dynamo.accountWrites - before.accountWrites;
        tally.refusedWrites += meters.dynamo.refusedWrites - before.refused;
        tally.sqsCalls += sqsCalls.length;
        tally.sqsBilledRequests += billedChunks(sqsCalls);
        tally.putEventsCalls += eventCalls.length;
        tally.eventEntries += eventCalls.reduce((n, c) => n + c.entries, 0);
        tally.sesCalls += meters.ses.calls.length - before.ses;
        tally.logBytes += PLATFORM_LOG_BYTES_PER_INVOCATION;
      }
    },
  };
}

function totalCalls(meter: DynamoMeter): number {
  return Object.values(meter.calls).reduce((a, b) => a + b, 0);
}

/**
 * The stated engagement of the bench's emails, per email: Delivery, except a permanent Bounce for 1
 * in 50; an Open for 1 in 2 and a Click for 1 in 12, which SES reports only when the configuration
 * set tracks them (`trackEngagement`).
 */
export const ENGAGEMENT_MIX = { bounceEvery: 50, openEvery: 2, clickEvery: 12 } as const;

/** SES's `eventType` for each event type a configuration set may publish. */
const EVENT_TYPE: Readonly<Record<string, string>> = {
  send: 'Send',
  delivery: 'Delivery',
  bounce: 'Bounce',
  open: 'Open',
  click: 'Click',
};

/**
 * The SES events (as EventBridge delivers them) that email number `index` brings back, of the types
 * in `published` (the construct's configuration set: infra/email.ts).
 */
export function engagementEvents(
  email: SendEmailCommandInput,
  index: number,
  at: string,
  published: readonly string[],
): EventBridgeEvent<string, unknown>[] {
  const tags = Object.fromEntries((email.EmailTags ?? []).map((t) => [t.Name, [t.Value]]));
  const messageId = `ses-${index + 1}`;
  const event = (eventType: string, extra: Record<string, unknown>): EventBridgeEvent<string, unknown> => ({
    version: '0',
    id: `${messageId}-${eventType}`,
    'detail-type': `Email ${eventType}`,
    source: 'aws.ses',
    account: '000000000000',
    time: at,
    region: 'us-east-1',
    resources: [],
    detail: { eventType, mail: { messageId, timestamp: at, tags }, ...extra },
  });
  const n = index + 1;
  const happened: [string, Record<string, unknown>][] = [['send', { send: {} }]];
  if (n % ENGAGEMENT_MIX.bounceEvery === 0) {
    happened.push(['bounce', { bounce: { bounceType: 'Permanent', timestamp: at } }]);
  } else {
    happened.push(['delivery', { delivery: { timestamp: at } }]);
    if (n % ENGAGEMENT_MIX.openEvery === 0) happened.push(['open', { open: { timestamp: at } }]);
    if (n % ENGAGEMENT_MIX.clickEvery === 0) happened.push(['click', { click: { timestamp: at } }]);
  }
  return happened
    .filter(([type]) => published.includes(type))
    .map(([type, extra]) => event(EVENT_TYPE[type] as string, extra));
}
