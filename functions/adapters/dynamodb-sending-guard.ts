// SendingGuardStore on the single table. One partition, `SENDING`, holds the guard's state
// (`STATE`: paused or not, the history of pauses and resumes, the first send) and one item per hour
// of SES outcomes (`HOUR#<hour>`: sends, bounces, complaints), which expire after RATE_HISTORY_DAYS.
// An outcome is counted once per touch: a flag on the touch item is set conditionally first, and
// only the writer that set it adds to the hour. The sender adds its sends without flags (countSends).
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { TeichakuError } from '../core/errors.js';
import type { SendingGuardStore } from '../core/ports.js';
import { INITIAL_GUARD_STATE, type SendingGuardState } from '../core/sending-guard.js';
import { type HourCounts, hourOf, RATE_HISTORY_DAYS, type SendingOutcome } from '../core/sending-rates.js';
import { DAY_MS, toMs } from '../core/time.js';
import { accountPartitionKey, TABLE_KEY, TTL_ATTRIBUTE, touchSortKey } from './table-schema.js';

/** The guard's partition: one per table, as one deployment has one table and one configuration set. */
export const SENDING_PARTITION_KEY = 'SENDING';
export const SENDING_STATE_SORT_KEY = 'STATE';
export const HOUR_SORT_PREFIX = 'HOUR#';

const COUNTER: Record<SendingOutcome, string> = { send: 'sends', bounce: 'bounces', complaint: 'complaints' };
const FLAG: Record<SendingOutcome, string> = {
  send: 'countedSend',
  bounce: 'countedBounce',
  complaint: 'countedComplaint',
};

/** The guard state changed between read and write too many times in a row. */
export class GuardUpdateConflictError extends TeichakuError {
  readonly code = 'GUARD_UPDATE_CONFLICT';
  override readonly name = 'GuardUpdateConflictError';
  constructor(attempts: number) {
    super(`the sending guard state changed under ${attempts} writes in a row; try again`);
  }
}

export interface DynamoSendingGuardOptions {
  readonly tableName: string;
}

interface StoredState extends SendingGuardState {
  readonly version: number;
}

export function createDynamoSendingGuard(
  client: DynamoDBClient,
  options: DynamoSendingGuardOptions,
): SendingGuardStore {
  const { tableName } = options;
  const stateKey = marshall({
    [TABLE_KEY.partitionKey]: SENDING_PARTITION_KEY,
    [TABLE_KEY.sortKey]: SENDING_STATE_SORT_KEY,
  });

  async function loadStored(): Promise<StoredState> {
    const out = await client.send(new GetItemCommand({ TableName: tableName, Key: stateKey, ConsistentRead: true }));
    const item = out.Item === undefined ? {} : unmarshall(out.Item);
    return {
      status: item.status === 'paused' ? 'paused' : 'sending',
      pause: item.pause ?? null,
      resumedAt: item.resumedAt ?? null,
      firstSendAt: item.firstSendAt ?? null,
      history: item.history ?? [],
      version: typeof item.version === 'number' ? item.version : 0,
    };
  }

  /** Adds `count` outcomes to the hour of `at` (the hour's item expires RATE_HISTORY_DAYS later). */
  async function addToHour(outcome: SendingOutcome, at: string, count: number): Promise<void> {
    const hour = hourOf(at);
    await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: marshall({
          [TABLE_KEY.partitionKey]: SENDING_PARTITION_KEY,
          [TABLE_KEY.sortKey]: `${HOUR_SORT_PREFIX}${hour}`,
        }),
        UpdateExpression: 'ADD #n :count SET #exp = if_not_exists(#exp, :exp)',
        ExpressionAttributeNames: { '#n': COUNTER[outcome], '#exp': TTL_ATTRIBUTE },
        ExpressionAttributeValues: marshall({
          ':count': count,
          ':exp': Math.floor((toMs(hour) + (RATE_HISTORY_DAYS + 1) * DAY_MS) / 1000),
        }),
      }),
    );
  }

  async function countOutcome(
    accountId: string,
    touchId: string,
    outcome: SendingOutcome,
    at: string,
  ): Promise<'counted' | 'already-counted' | 'unknown-touch'> {
    const touchKey = marshall({
      [TABLE_KEY.partitionKey]: accountPartitionKey(accountId),
      [TABLE_KEY.sortKey]: touchSortKey(touchId),
    });
    try {
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: touchKey,
          UpdateExpression: 'SET #flag = :at',
          ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#flag)',
          ExpressionAttributeNames: { '#pk': TABLE_KEY.partitionKey, '#flag': FLAG[outcome] },
          ExpressionAttributeValues: marshall({ ':at': at }),
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const held = await client.send(
        new GetItemCommand({
          TableName: tableName,
          Key: touchKey,
          ProjectionExpression: '#pk',
          ExpressionAttributeNames: { '#pk': TABLE_KEY.partitionKey },
        }),
      );
      return held.Item === undefined ? 'unknown-touch' : 'already-counted';
    }
    try {
      await addToHour(outcome, at, 1);
    } catch (error) {
      // Not counted: drop the flag so the event's retry counts it (best effort; a lost flag only undercounts).
      await client
        .send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: touchKey,
            UpdateExpression: 'REMOVE #flag',
            ExpressionAttributeNames: { '#flag': FLAG[outcome] },
          }),
        )
        .catch(() => undefined);
      throw error;
    }
    return 'counted';
  }

  async function readCounts(fromHour: string): Promise<HourCounts[]> {
    const counts: HourCounts[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
          ExpressionAttributeNames: { '#pk': TABLE_KEY.partitionKey, '#sk': TABLE_KEY.sortKey },
          ExpressionAttributeValues: marshall({
            ':pk': SENDING_PARTITION_KEY,
            ':from': `${HOUR_SORT_PREFIX}${fromHour}`,
            ':to': `${HOUR_SORT_PREFIX}\uffff`,
          }),
          ExclusiveStartKey: startKey,
        }),
      );
      for (const raw of page.Items ?? []) {
        const item = unmarshall(raw);
        counts.push({
          hour: String(item[TABLE_KEY.sortKey]).slice(HOUR_SORT_PREFIX.length),
          sends: item.sends ?? 0,
          bounces: item.bounces ?? 0,
          complaints: item.complaints ?? 0,
        });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return counts;
  }

  async function update(
    change: (current: SendingGuardState) => SendingGuardState | null,
  ): Promise<SendingGuardState | null> {
    const attempts = 5;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const { version, ...current } = await loadStored();
      const next = change(current);
      if (next === null) return null;
      try {
        // Only the fields a pause or resume changes: firstSendAt is written apart, without the version.
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: stateKey,
            UpdateExpression:
              'SET #status = :status, #pause = :pause, resumedAt = :resumedAt, history = :history, #version = :next',
            ConditionExpression: version === 0 ? 'attribute_not_exists(#version)' : '#version = :version',
            ExpressionAttributeNames: { '#status': 'status', '#pause': 'pause', '#version': 'version' },
            ExpressionAttributeValues: marshall(
              {
                ':status': next.status,
                ':pause': next.pause,
                ':resumedAt': next.resumedAt,
                ':history': next.history,
                ':next': version + 1,
                ...(version === 0 ? {} : { ':version': version }),
              },
              { removeUndefinedValues: true },
            ),
          }),
        );
        return next;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    throw new GuardUpdateConflictError(attempts);
  }

  async function noteFirstSend(at: string): Promise<void> {
    try {
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: stateKey,
          UpdateExpression: 'SET firstSendAt = :at',
          ConditionExpression: 'attribute_not_exists(firstSendAt) OR firstSendAt > :at',
          ExpressionAttributeValues: marshall({ ':at': at }),
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  return {
    countOutcome,
    countSends: (at, count) => addToHour('send', at, count),
    readCounts,
    async load() {
      const { version: _version, ...state } = await loadStored();
      return state;
    },
    update,
    noteFirstSend,
  };
}

export { INITIAL_GUARD_STATE };
