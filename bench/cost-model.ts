// Bench rows: what teichaku costs to run on AWS. The AWS operations of a metered week (send-week.ts:
// real handlers, real adapters, DynamoDB capacity as the local DynamoDB reports it, SQS, EventBridge and
// SES calls counted at the SDK clients) are multiplied by the public on-demand prices in prices.ts.
//
// What is counted, not estimated: invocations, DynamoDB read and write units, SQS send calls, the
// EventBridge entries put, SES sends, the handlers' log lines, CPU time. What is estimated (stated
// below): how long each AWS call keeps a Lambda waiting, the SQS event source's own calls, and the
// fixed monthly items (idle polling, alarms, custom metrics, the signing secret, KMS, storage).

import { simulationMeasurement } from './full-simulation.js';
import { costOf, PRICE_REGION, PRICES, PRICES_AS_OF, type PriceName } from './prices.js';
import type { BenchRow } from './row.js';
import { measureWeek, type WeekMeasurement } from './send-week.js';
import { type HandlerTally, PLATFORM_LOG_BYTES_PER_INVOCATION, type WeekTallies } from './week-tally.js';

const TARGET_SHARE_OF_SES = 0.1;
const DAYS_PER_MONTH = 365.25 / 12;

/** Memory of each function as the construct sets it (infra/teichaku.ts). */
const MEMORY_MB = { ingest: 512, planner: 512, plannerIdle: 512, sender: 256, engagement: 256 } as const;
/** Lambda gives a function one full vCPU at 1,769 MB and a proportional share below. */
const FULL_VCPU_MB = 1_769;
/**
 * Assumed in-region latency of one call, which a function waits for and is billed for. Every call is
 * counted as waited for in turn (the handlers overlap some), so durations are an upper estimate.
 */
const CALL_LATENCY_MS = { dynamo: 5, sqs: 15, putEvents: 20, ses: 60, perInvocation: 2 } as const;
/** Logs are kept three months (the construct's default retention): each GB is stored about three months. */
const LOG_RETENTION_MONTHS = 3;
/** Fixed monthly items, estimated. */
export const FIXED = {
  /** Idle SQS event-source pollers: 5 per queue, one 20 s long poll each (3 a minute), 3 queues (ingest, send, planning). */
  idlePollRequestsPerMonth: 3 * 5 * 3 * 60 * 24 * DAYS_PER_MONTH,
  /**
   * Alarms the construct creates: 6 dead-letter queues, errors of 7 functions, sender throttles,
   * unconfirmed sends (infra/alarms.ts), SES bounce and complaint reputation, sending paused
   * (infra/deliverability.ts). test/bench/cost-alarms.test.ts holds this to the synthesized template.
   */
  alarms: 18,
  secrets: 1,
  /** DynamoDB refreshing its AWS-managed table key, Secrets Manager decrypting at cold starts. */
  kmsRequestsPerMonth: 10_000,
  /** A touch item in the ledger, and a year of them kept. */
  touchItemBytes: 400,
  touchMonthsKept: 12,
} as const;

type Breakdown = Partial<Record<PriceName, number>>;

function add(into: Breakdown, name: PriceName, quantity: number): void {
  into[name] = (into[name] ?? 0) + costOf(name, quantity);
}

/** Dollars per price line for what one function did in the week. */
function tallyCost(name: keyof WeekTallies, t: HandlerTally): Breakdown {
  const memoryMb = MEMORY_MB[name];
  const cpuMs = t.cpuMs * Math.max(1, FULL_VCPU_MB / memoryMb);
  const waitMs =
    t.dynamoCalls * CALL_LATENCY_MS.dynamo +
    t.sqsCalls * CALL_LATENCY_MS.sqs +
    t.putEventsCalls * CALL_LATENCY_MS.putEvents +
    t.sesCalls * CALL_LATENCY_MS.ses;
  const billedMs = cpuMs + waitMs + t.invocations * CALL_LATENCY_MS.perInvocation;
  const out: Breakdown = {};
  add(out, 'lambdaRequests', t.invocations);
  add(out, 'lambdaArmDuration', (billedMs / 1000) * (memoryMb / 1024));
  add(out, 'dynamoReadRequestUnits', t.readUnits);
  add(out, 'dynamoWriteRequestUnits', t.writeUnits);
  add(out, 'sqsStandardRequests', t.sqsBilledRequests + t.eventSourceRequests);
  add(out, 'eventBridgeCustomEvents', t.eventEntries);
  if (name === 'ingest') {
    // The product's own PutEvents of each usage event, and the bus rule's SendMessage to the ingest queue.
    add(out, 'eventBridgeCustomEvents', t.records);
    add(out, 'sqsStandardRequests', t.records);
  }
  // Each SES event the engagement function takes was ingested by the default bus (see prices.ts).
  if (name === 'engagement') add(out, 'eventBridgeOptInDataEvents', t.invocations);
  if (name === 'planner' || name === 'plannerIdle') add(out, 'schedulerInvocations', t.invocations);
  const logGb = t.logBytes / 1024 ** 3;
  add(out, 'logsIngestion', logGb);
  add(out, 'logsStorage', logGb * LOG_RETENTION_MONTHS);
  return out;
}

function sum(...parts: Breakdown[]): Breakdown {
  const out: Breakdown = {};
  for (const part of parts)
    for (const [k, v] of Object.entries(part) as [PriceName, number][]) out[k] = (out[k] ?? 0) + v;
  return out;
}

function scale(b: Breakdown, factor: number): Breakdown {
  return Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v * factor])) as Breakdown;
}

const total = (b: Breakdown) => Object.values(b).reduce((a, v) => a + v, 0);
const money = (usd: number) => (usd >= 1 ? `$${usd.toFixed(2)}` : `$${usd.toFixed(4)}`);
const prefixed = (prefix: string, b: Breakdown) =>
  Object.fromEntries(Object.entries(b).map(([k, v]) => [`${prefix}${k[0]?.toUpperCase()}${k.slice(1)}Usd`, v]));

function fixedMonthly(accounts: number, itemBytes: number, emailsPerMonth: number, metrics: number): Breakdown {
  const out: Breakdown = {};
  add(out, 'customMetrics', metrics);
  add(out, 'sqsStandardRequests', FIXED.idlePollRequestsPerMonth);
  add(out, 'alarms', FIXED.alarms);
  add(out, 'secrets', FIXED.secrets);
  add(out, 'kmsRequests', FIXED.kmsRequestsPerMonth);
  const storedGb = (accounts * itemBytes + emailsPerMonth * FIXED.touchMonthsKept * FIXED.touchItemBytes) / 1024 ** 3;
  add(out, 'dynamoStorage', storedGb);
  add(out, 'dynamoPointInTimeRecovery', storedGb);
  return out;
}

const measured = new Map<boolean, Promise<WeekMeasurement>>();

function week(smoke: boolean): Promise<WeekMeasurement> {
  let pending = measured.get(smoke);
  if (pending === undefined) {
    pending = measureWeek(smoke);
    measured.set(smoke, pending);
  }
  return pending;
}

export interface SendPathCost {
  /** Dollars per price line for what each function did in the week. */
  readonly byFunction: Record<keyof WeekTallies, Breakdown>;
  /** Dollars per price line per 1,000 emails: the planner runs with due accounts, the sender, the SES events. */
  readonly per1000: Breakdown;
  readonly totalUsd: number;
  /** `totalUsd` over what SES charges for 1,000 emails. */
  readonly shareOfSes: number;
}

/** The send path's cost per 1,000 emails, from the metered week alone. */
export function sendPathCost(w: WeekMeasurement): SendPathCost {
  const t = w.tallies;
  const byFunction = Object.fromEntries(
    (Object.keys(t) as (keyof WeekTallies)[]).map((name) => [name, tallyCost(name, t[name])]),
  ) as Record<keyof WeekTallies, Breakdown>;
  // Per email: the planner runs that had accounts due, the sender, and the SES events coming back.
  const per1000 = scale(
    sum(byFunction.planner, byFunction.sender, byFunction.engagement),
    1_000 / Math.max(1, w.emails),
  );
  return { byFunction, per1000, totalUsd: total(per1000), shareOfSes: total(per1000) / costOf('sesOutbound', 1_000) };
}

/** What each email costs the send path in counted operations (the cost row's figures). */
export function perEmailFigures(w: WeekMeasurement): Record<string, number> {
  const t = w.tallies;
  const per = (n: number) => n / Math.max(1, w.emails);
  return {
    engagementInvocationsPerEmail: per(t.engagement.invocations),
    plannerWruPerEmail: per(t.planner.writeUnits),
    senderWruPerEmail: per(t.sender.writeUnits),
    engagementWruPerEmail: per(t.engagement.writeUnits),
    plannerAccountWruPerEmail: per(t.planner.accountWriteUnits),
    engagementAccountWruPerEmail: per(t.engagement.accountWriteUnits),
    plannerDynamoCallsPerEmail: per(t.planner.dynamoCalls),
    plannerAccountsWrittenPerEmail: per(t.planner.accountWrites),
    refusedWritesPerEmail: per(t.planner.refusedWrites + t.sender.refusedWrites + t.engagement.refusedWrites),
    eventEntriesPerEmail: per(t.planner.eventEntries + t.sender.eventEntries),
    logBytesPerEmail: per(t.planner.logBytes + t.sender.logBytes + t.engagement.logBytes),
  };
}

export async function measure(options: { smoke: boolean }): Promise<BenchRow[]> {
  const w = await week(options.smoke);
  const t = w.tallies;
  const ses = (emails: number) => costOf('sesOutbound', emails);
  const { byFunction: cost, per1000: sendPath, shareOfSes: sendShare } = sendPathCost(w);

  // A month for 1,000 accounts at the sample's six-month average (the full simulation's events and
  // emails), at the week's measured cost per event and per email, plus the hourly planner runs that
  // find nothing due, plus the fixed items.
  const sim = await simulationMeasurement(options);
  const accountMonths = sim.accounts * (sim.simulatedMs / 86_400_000 / DAYS_PER_MONTH);
  const emailsPerMonth = (sim.summary.touches / accountMonths) * 1_000;
  const eventsPerMonth = (sim.summary.eventsReplayed / accountMonths) * 1_000;
  const perEvent = scale(cost.ingest, 1 / Math.max(1, w.events));
  const idleRunsPerMonth = 24 * DAYS_PER_MONTH;
  const running = sum(
    scale(perEvent, eventsPerMonth),
    scale(sendPath, emailsPerMonth / 1_000),
    scale(cost.plannerIdle, idleRunsPerMonth / Math.max(1, t.plannerIdle.invocations)),
  );
  const fixed = fixedMonthly(1_000, w.accountItemBytes, emailsPerMonth, w.metricNames.length);
  const monthly = sum(running, fixed);

  const pricing = { pricesAsOf: Number(PRICES_AS_OF.replaceAll('-', '')), sesPer1000Usd: PRICES.sesOutbound.usd };
  return [
    {
      measure: `infra cost per 1,000 emails (AWS on-demand, ${PRICE_REGION}, prices of ${PRICES_AS_OF})`,
      value: `${money(total(sendPath))} planner + sender + SES events`,
      baseline: `${money(ses(1_000))} SES's own price`,
      ratio: `${(sendShare * 100).toFixed(1)} % of SES`,
      target: `≤ ${TARGET_SHARE_OF_SES * 100} %`,
      holds: options.smoke ? null : sendShare <= TARGET_SHARE_OF_SES,
      figures: {
        emails: w.emails,
        accounts: w.accounts,
        totalUsd: total(sendPath),
        shareOfSes: sendShare,
        weekMs: Math.round(w.elapsedMs),
        ...perEmailFigures(w),
        senderInvocations: t.sender.invocations,
        plannerRunsWithWork: t.planner.invocations,
        ...prefixed('per1000', sendPath),
        ...pricing,
      },
    },
    {
      measure: "monthly cost per 1,000 accounts (the sample's 6-month average workload)",
      value: `${money(total(monthly))} a month + ${money(ses(emailsPerMonth))} SES`,
      baseline: `per account: ${(sim.contacts / sim.accounts).toFixed(1)} contacts, ${(eventsPerMonth / 1_000 / DAYS_PER_MONTH).toFixed(1)} events/day, ${(emailsPerMonth / 1_000).toFixed(1)} emails/month`,
      ratio: `${((total(monthly) / ses(emailsPerMonth)) * 100).toFixed(0)} % of SES`,
      target: 'printed',
      holds: null,
      figures: {
        totalUsd: total(monthly),
        runningUsd: total(running),
        fixedUsd: total(fixed),
        sesUsd: ses(emailsPerMonth),
        emailsPerMonth,
        eventsPerMonth,
        contactsPerAccount: sim.contacts / sim.accounts,
        accountItemBytes: Math.round(w.accountItemBytes),
        weekAccounts: w.accounts,
        customMetricsPublished: w.metricNames.length,
        weekEmailsPerAccountMonth: (w.emails / w.accounts) * (DAYS_PER_MONTH / w.days),
        ingestUsdPerMillionEvents: total(perEvent) * 1_000_000,
        platformLogBytesPerInvocation: PLATFORM_LOG_BYTES_PER_INVOCATION,
        ...prefixed('month', monthly),
        ...pricing,
      },
    },
  ];
}
