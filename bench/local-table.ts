// The real local DynamoDB for the bench rows that count capacity: one JVM per row, one table per
// approach measured, each through its own metered client so the approaches never mix their counts.

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { createDynamoAccountStore } from '../functions/adapters/dynamodb-store.js';
import { createTable, localDynamoClient, startLocalServices } from '../functions/adapters/local/local-services.js';
import { forEachLimited } from '../functions/app/concurrency.js';
import type { AccountStore } from '../functions/core/ports.js';
import type { AccountState } from '../functions/core/state.js';
import type { HandlerLogger } from '../functions/handlers/logger.js';
import { type DynamoMeter, meterDynamo } from './aws-meter.js';

export interface BenchTable {
  readonly name: string;
  readonly client: DynamoDBClient;
  readonly meter: DynamoMeter;
  readonly store: AccountStore;
}

/** Starts local DynamoDB (and the local SES that comes with it), runs `work`, and always stops them. */
export async function withLocalDynamo<T>(work: (endpoint: string) => Promise<T>): Promise<T> {
  const services = await startLocalServices();
  try {
    return await work(services.dynamoEndpoint);
  } finally {
    await services.stop();
  }
}

export async function openTable(endpoint: string, name: string, dueShards?: number): Promise<BenchTable> {
  const client = localDynamoClient(endpoint);
  await createTable(client, name);
  const meter = meterDynamo(client);
  return {
    name,
    client,
    meter,
    store: createDynamoAccountStore(client, { tableName: name, ...(dueShards === undefined ? {} : { dueShards }) }),
  };
}

/** Writes each state through the store, as the handlers would have, then forgets those counts. */
export async function seedStates(table: BenchTable, states: readonly AccountState[]): Promise<void> {
  await forEachLimited(states, 8, async (state) => {
    await table.store.save(state);
  });
  table.meter.reset();
}

export const silentLogger: HandlerLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

const QUEUE_ARN = 'arn:aws:sqs:us-east-1:000000000000:teichaku-bench';

/** SQS records as Lambda hands them over; the body is the EventBridge event, as the bus rule sends it. */
export function sqsBatch(bodies: readonly { readonly id: string; readonly body: string }[]): SQSEvent {
  const records: SQSRecord[] = bodies.map(({ id, body }) => ({
    messageId: id,
    receiptHandle: id,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '0',
      SenderId: 'bench',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: QUEUE_ARN,
    awsRegion: 'us-east-1',
  }));
  return { Records: records };
}
