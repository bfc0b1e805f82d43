// The weekly readings of the whole table (the report's time series: accounts at risk, DAU/MAU...):
// one `REPORT` / `READING#<at>` item each. Health is a reading at a moment, not a fact the accounts
// keep, so the series exists only where someone took the readings: the weekly report job in AWS, the
// replay's virtual weeks locally.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { putItems } from './batch-write.js';
import { REPORT_PARTITION_KEY, readingSortKey, TABLE_KEY } from './table-schema.js';

export interface Reading {
  readonly at: string;
}

export async function saveReadings(
  client: DynamoDBClient,
  tableName: string,
  readings: readonly Reading[],
): Promise<void> {
  const items = readings.map((r) =>
    marshall(
      { ...r, [TABLE_KEY.partitionKey]: REPORT_PARTITION_KEY, [TABLE_KEY.sortKey]: readingSortKey(r.at) },
      { removeUndefinedValues: true },
    ),
  );
  await putItems(client, tableName, items);
}
