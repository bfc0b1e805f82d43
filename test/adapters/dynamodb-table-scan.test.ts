import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { type ScanProgress, scanTable } from '../../functions/adapters/dynamodb-table-scan.js';

const dynamo = mockClient(DynamoDBClient);
const client = new DynamoDBClient({ region: 'us-east-1' });

afterEach(() => dynamo.reset());

/** Each segment answers `pages` pages of one item, each page costing `units`. */
function pagesOf(pages: number, units: number) {
  dynamo.on(ScanCommand).callsFake((input: { Segment: number; ExclusiveStartKey?: Record<string, { S: string }> }) => {
    const page = Number(input.ExclusiveStartKey?.pk?.S.split('#')[1] ?? 0);
    const last = page + 1 >= pages;
    return {
      Items: [marshall({ pk: `ACCOUNT#s${input.Segment}-p${page}`, sk: 'STATE' })],
      ConsumedCapacity: { CapacityUnits: units },
      ...(last ? {} : { LastEvaluatedKey: { pk: { S: `next#${page + 1}` } } }),
    };
  });
}

describe('table scan', () => {
  it('walks every segment to its end once, asking for the capacity each page used', async () => {
    pagesOf(3, 2);
    const seen: string[] = [];
    const progress: ScanProgress[] = [];
    const total = await scanTable(
      client,
      { tableName: 't', segments: 4, onProgress: (p) => progress.push(p) },
      (item) => seen.push(item.pk?.S ?? ''),
    );
    expect(seen.sort()).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
    expect(total).toEqual({ items: 12, readUnits: 24, pages: 12, segmentsDone: 4, segments: 4 });
    const calls = dynamo.commandCalls(ScanCommand).map((c) => c.args[0].input);
    expect(new Set(calls.map((c) => c.TotalSegments))).toEqual(new Set([4]));
    expect(calls.every((c) => c.ReturnConsumedCapacity === 'TOTAL')).toBe(true);
    expect(progress[progress.length - 1]?.segmentsDone).toBe(4);
  });

  it('keeps the average read rate under the bound by waiting between pages', async () => {
    pagesOf(5, 100);
    let nowMs = 0;
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      nowMs += ms;
    };
    const total = await scanTable(
      client,
      { tableName: 't', segments: 2, maxReadUnitsPerSecond: 50, nowMs: () => nowMs, sleep },
      () => undefined,
    );
    expect(total.readUnits).toBe(1000);
    // 1,000 units at 50 per second: the starting balance is one second's worth, and each of the two
    // segments may overdraw by its last page; the rest must be waited for.
    expect(nowMs).toBeGreaterThanOrEqual(((1000 - 50 - 2 * 100) / 50) * 1000);
    expect(nowMs).toBeLessThanOrEqual((1000 / 50) * 1000);
    expect(waits.length).toBeGreaterThan(0);
  });

  it('refuses a read rate that is not positive', async () => {
    await expect(scanTable(client, { tableName: 't', maxReadUnitsPerSecond: 0 }, () => undefined)).rejects.toThrow(
      /positive number of read units/,
    );
  });
});
