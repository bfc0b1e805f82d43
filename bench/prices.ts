// Every AWS price the cost rows use: public on-demand list prices, region us-east-1 (N. Virginia),
// no free tier, no savings plan. Each names the AWS pricing page it is published on. Prices change:
// check the pages before quoting a figure from `npm run bench`, and update PRICES_AS_OF with them.

/** The day these prices were written down from the pages named below. */
export const PRICES_AS_OF = '2026-11-28';
export const PRICE_REGION = 'us-east-1';

export interface Price {
  /** US dollars per `unit`. */
  readonly usd: number;
  readonly unit: string;
  readonly page: string;
}

export const PRICES = {
  lambdaRequests: { usd: 0.2, unit: '1 million requests', page: 'AWS Lambda Pricing' },
  // Arm (Graviton): the construct builds the functions for arm64. First 7.5 billion GB-s of the month.
  lambdaArmDuration: { usd: 0.0000133334, unit: 'GB-second (Arm)', page: 'AWS Lambda Pricing' },
  sqsStandardRequests: {
    usd: 0.4,
    unit: '1 million requests (standard queue, each 64 KB chunk of a payload a request)',
    page: 'Amazon SQS Pricing',
  },
  eventBridgeCustomEvents: {
    usd: 1.0,
    unit: '1 million events put on a bus (each 64 KB chunk an event)',
    page: 'Amazon EventBridge Pricing',
  },
  // The page's free line is "AWS management events" (control-plane operations on resources). SES's
  // sending events are data-plane events, one per email event, that a configuration set's EventBridge
  // destination opts into: the page's "AWS opt-in data events", billed per million ingested like
  // custom events. So they are not free, though they arrive on the default bus.
  eventBridgeOptInDataEvents: {
    usd: 1.0,
    unit: '1 million AWS opt-in data events ingested (each 64 KB chunk an event)',
    page: 'Amazon EventBridge Pricing',
  },
  schedulerInvocations: {
    usd: 1.0,
    unit: '1 million scheduled invocations',
    page: 'Amazon EventBridge Pricing (EventBridge Scheduler)',
  },
  // On-demand throughput after the November 2024 reduction.
  dynamoWriteRequestUnits: {
    usd: 0.625,
    unit: '1 million write request units',
    page: 'Amazon DynamoDB Pricing for On-Demand Capacity',
  },
  dynamoReadRequestUnits: {
    usd: 0.125,
    unit: '1 million read request units',
    page: 'Amazon DynamoDB Pricing for On-Demand Capacity',
  },
  dynamoStorage: {
    usd: 0.25,
    unit: 'GB-month (Standard table class)',
    page: 'Amazon DynamoDB Pricing for On-Demand Capacity',
  },
  dynamoPointInTimeRecovery: {
    usd: 0.2,
    unit: 'GB-month of continuous backup',
    page: 'Amazon DynamoDB Pricing for On-Demand Capacity',
  },
  logsIngestion: { usd: 0.5, unit: 'GB ingested (Standard log class)', page: 'Amazon CloudWatch Pricing' },
  logsStorage: { usd: 0.03, unit: 'GB-month archived', page: 'Amazon CloudWatch Pricing' },
  alarms: { usd: 0.1, unit: 'standard-resolution metric alarm-month', page: 'Amazon CloudWatch Pricing' },
  customMetrics: { usd: 0.3, unit: 'custom metric-month (first 10,000 metrics)', page: 'Amazon CloudWatch Pricing' },
  secrets: { usd: 0.4, unit: 'secret-month', page: 'AWS Secrets Manager Pricing' },
  kmsRequests: { usd: 0.03, unit: '10,000 requests', page: 'AWS Key Management Service Pricing' },
  sesOutbound: { usd: 0.1, unit: '1,000 emails sent', page: 'Amazon SES Pricing' },
} as const satisfies Record<string, Price>;

export type PriceName = keyof typeof PRICES;

/** Dollars for `quantity` of the unit's base: per-million, per-10,000 and per-1,000 prices are scaled. */
export function costOf(name: PriceName, quantity: number): number {
  const price: Price = PRICES[name];
  const per = price.unit.startsWith('1 million')
    ? 1_000_000
    : price.unit.startsWith('10,000')
      ? 10_000
      : price.unit.startsWith('1,000 ')
        ? 1_000
        : 1;
  return (price.usd * quantity) / per;
}
