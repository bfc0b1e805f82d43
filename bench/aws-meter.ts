// Counting what the real adapters ask of AWS, at the SDK client, so the bench counts calls instead of
// estimating them. DynamoDB calls go to the real local DynamoDB and their consumed capacity is read from
// the responses; SQS, EventBridge and SES calls are answered here (accepted, nothing stored), because
// only their number and size matter to the bench.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { STATE_SORT_KEY, TABLE_KEY } from '../functions/adapters/table-schema.js';

/** Commands that accept ReturnConsumedCapacity, split by the capacity they consume. */
const READS = new Set([
  'GetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'TransactGetItemsCommand',
]);
const WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

export interface CapacityTotals {
  readonly calls: number;
  /** Request units as DynamoDB reported them (table and indexes). */
  readonly units: number;
  /** Items DynamoDB looked at (Query and Scan `ScannedCount`; 1 per GetItem that found an item). */
  readonly scanned: number;
  /** Items returned (Query and Scan `Count`). */
  readonly returned: number;
}

export interface DynamoMeter {
  readonly reads: CapacityTotals;
  readonly writes: CapacityTotals;
  /** The part of `writes.units` spent on account state items (sort key `STATE`), index upkeep included. */
  readonly accountWriteUnits: number;
  readonly accountWrites: number;
  /** Conditional writes DynamoDB refused; each is in `writes.units` as REFUSED_WRITE_UNITS. */
  readonly refusedWrites: number;
  /** Calls per command name, e.g. `{ GetItemCommand: 12 }`. */
  readonly calls: Readonly<Record<string, number>>;
  reset(): void;
}

interface MutableTotals {
  calls: number;
  units: number;
  scanned: number;
  returned: number;
}

interface ConsumedCapacityShape {
  readonly CapacityUnits?: number;
}

interface MeteredOutput {
  readonly ConsumedCapacity?: ConsumedCapacityShape | readonly ConsumedCapacityShape[];
  readonly ScannedCount?: number;
  readonly Count?: number;
  readonly Item?: unknown;
}

const zero = (): MutableTotals => ({ calls: 0, units: 0, scanned: 0, returned: 0 });

function unitsOf(consumed: MeteredOutput['ConsumedCapacity']): number {
  if (consumed === undefined) return 0;
  const list = Array.isArray(consumed) ? consumed : [consumed as ConsumedCapacityShape];
  return list.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
}

/** Write units counted for a conditional write DynamoDB refused (it reports none). */
export const REFUSED_WRITE_UNITS = 1;

/** A single-item write whose key is an account's state item. */
function isAccountItem(input: unknown): boolean {
  const { Item, Key } = input as { Item?: Record<string, { S?: string }>; Key?: Record<string, { S?: string }> };
  return (Item ?? Key)?.[TABLE_KEY.sortKey]?.S === STATE_SORT_KEY;
}

/**
 * Asks every capacity-consuming call of `client` for its consumed capacity (TOTAL) and adds it up.
 * A refused conditional write is counted as a call and as REFUSED_WRITE_UNITS (DynamoDB reports none).
 */
export function meterDynamo(client: DynamoDBClient): DynamoMeter {
  let reads = zero();
  let writes = zero();
  let accountWriteUnits = 0;
  let accountWrites = 0;
  let refusedWrites = 0;
  let calls: Record<string, number> = {};
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      calls[name] = (calls[name] ?? 0) + 1;
      const totals = READS.has(name) ? reads : WRITES.has(name) ? writes : null;
      if (totals === null) return next(args);
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      totals.calls += 1;
      let result: Awaited<ReturnType<typeof next>>;
      try {
        result = await next(args);
      } catch (error) {
        // DynamoDB bills a refused conditional write like a write of the item (at least one unit), but
        // reports no capacity with the refusal: count the one unit, the size of the small items the
        // send path refuses (touch and counter items; account conflicts are rare in the week).
        if (totals === writes && (error as { name?: string }).name === 'ConditionalCheckFailedException') {
          totals.units += REFUSED_WRITE_UNITS;
          refusedWrites += 1;
        }
        throw error;
      }
      const output = result.output as MeteredOutput;
      const units = unitsOf(output.ConsumedCapacity);
      totals.units += units;
      if (totals === writes && isAccountItem(args.input)) {
        accountWriteUnits += units;
        accountWrites += 1;
      }
      if (name === 'GetItemCommand') {
        totals.scanned += output.Item === undefined ? 0 : 1;
        totals.returned += output.Item === undefined ? 0 : 1;
      } else {
        totals.scanned += output.ScannedCount ?? 0;
        totals.returned += output.Count ?? 0;
      }
      return result;
    },
    { step: 'initialize', name: 'benchCapacityMeter' },
  );
  return {
    get reads() {
      return { ...reads };
    },
    get writes() {
      return { ...writes };
    },
    get calls() {
      return { ...calls };
    },
    get accountWriteUnits() {
      return accountWriteUnits;
    },
    get accountWrites() {
      return accountWrites;
    },
    get refusedWrites() {
      return refusedWrites;
    },
    reset() {
      reads = zero();
      writes = zero();
      accountWriteUnits = 0;
      accountWrites = 0;
      refusedWrites = 0;
      calls = {};
    },
  };
}

/** One answered call: the command and the bytes of its input, as AWS bills payloads. */
export interface StubbedCall {
  readonly command: string;
  readonly payloadBytes: number;
  readonly entries: number;
}

export interface CallRecorder {
  readonly calls: readonly StubbedCall[];
  reset(): void;
}

interface MiddlewareClient {
  readonly middlewareStack: {
    add(
      middleware: (next: unknown, context: { commandName?: string }) => (args: { input: unknown }) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

/**
 * Answers every call of `client` with `reply(command, input)` without sending it anywhere, and records
 * the call. The real adapter code runs unchanged above it.
 */
export function answerCalls(
  client: { readonly middlewareStack: unknown },
  reply: (command: string, input: Record<string, unknown>) => Record<string, unknown>,
): CallRecorder {
  let calls: StubbedCall[] = [];
  (client as MiddlewareClient).middlewareStack.add(
    (_next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      const input = args.input as Record<string, unknown>;
      const entries = Array.isArray(input.Entries) ? input.Entries.length : 1;
      calls.push({ command, payloadBytes: Buffer.byteLength(JSON.stringify(input)), entries });
      return { output: { $metadata: {}, ...reply(command, input) }, response: {} };
    },
    { step: 'initialize', name: 'benchAnswerCalls' },
  );
  return {
    get calls() {
      return calls;
    },
    reset() {
      calls = [];
    },
  };
}

/** AWS bills SQS and EventBridge requests per 64 KB chunk of payload. */
export function billedChunks(calls: readonly StubbedCall[]): number {
  return calls.reduce((sum, c) => sum + Math.max(1, Math.ceil(c.payloadBytes / 65_536)), 0);
}
