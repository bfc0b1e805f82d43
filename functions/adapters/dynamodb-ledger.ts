// TouchLedger on the single table: one `ACCOUNT#id` / `TOUCH#touchId` item per touch. The claim is a
// conditional put on the touch's deterministic id, taken before SES is called: whoever creates the
// item sends, everyone else sees `already-claimed`. That is the at-most-once guarantee per touch.
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { PlannedTouch } from '../core/decisions.js';
import { TouchNotClaimedError } from '../core/errors.js';
import type { LedgerTouch, TouchLedger, TouchStatus } from '../core/ports.js';
import { statusesBelow } from '../core/touch-status.js';
import { accountPartitionKey, TABLE_KEY, touchSortKey } from './table-schema.js';

export interface DynamoTouchLedgerOptions {
  readonly tableName: string;
}

export function createDynamoTouchLedger(client: DynamoDBClient, options: DynamoTouchLedgerOptions): TouchLedger {
  const { tableName } = options;
  const keyOf = (accountId: string, touchId: string) =>
    marshall({ [TABLE_KEY.partitionKey]: accountPartitionKey(accountId), [TABLE_KEY.sortKey]: touchSortKey(touchId) });

  async function claim(
    touch: PlannedTouch,
    at: string,
    status: 'claimed' | 'skipped' = 'claimed',
  ): Promise<'claimed' | 'already-claimed'> {
    const item = {
      [TABLE_KEY.partitionKey]: accountPartitionKey(touch.accountId),
      [TABLE_KEY.sortKey]: touchSortKey(touch.touchId),
      touchId: touch.touchId,
      accountId: touch.accountId,
      contactId: touch.contactId,
      kind: touch.kind,
      template: touch.template,
      locale: touch.locale,
      content: touch.content,
      plannedAt: touch.plannedAt,
      // The basis a promotional touch relied on: the compliance export reads it back.
      basis: touch.basis,
      claimedAt: at,
      status: status satisfies TouchStatus,
      statusAt: { claimed: at, [status]: at },
    };
    try {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: marshall(item, { removeUndefinedValues: true }),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': TABLE_KEY.partitionKey },
        }),
      );
      return 'claimed';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'already-claimed';
      throw error;
    }
  }

  /**
   * Stamps the first time of `status` and raises the touch's status when it ranks higher, in one write
   * when the events come in order (the usual case). A touch already at this status or a higher one
   * gets only the stamp, and only when it lacks it: a second open of the same email writes nothing
   * (the refused condition returns the item, so no read is needed to tell). A touch the ledger never
   * claimed (a test email sent by hand, another system's mail) is left alone: `unknown`.
   */
  async function record(
    accountId: string,
    touchId: string,
    status: TouchStatus,
    at: string,
    extra: Record<string, string> = {},
  ): Promise<'recorded' | 'unknown'> {
    const extraNames = Object.keys(extra);
    const below = statusesBelow(status);
    const stamp = ['#statusAt.#s = if_not_exists(#statusAt.#s, :at)', ...extraNames.map((_, i) => `#x${i} = :x${i}`)];
    // DynamoDB refuses a name the expressions do not use: #pk only goes with the stamp-only write.
    const names = {
      '#statusAt': 'statusAt',
      '#s': status,
      ...Object.fromEntries(extraNames.map((name, i) => [`#x${i}`, name])),
    };
    const values = { ':at': at, ...Object.fromEntries(extraNames.map((name, i) => [`:x${i}`, extra[name]])) };
    let held: Record<string, unknown> | undefined;
    if (below.length > 0) {
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: keyOf(accountId, touchId),
            UpdateExpression: `SET ${[...stamp, '#status = :status'].join(', ')}`,
            // Only over a lower status, so an old event never lowers it; a missing item has no status.
            ConditionExpression: `#status IN (${below.map((_, i) => `:b${i}`).join(', ')})`,
            ExpressionAttributeNames: { ...names, '#status': 'status' },
            ExpressionAttributeValues: marshall({
              ...values,
              ':status': status,
              ...Object.fromEntries(below.map((s, i) => [`:b${i}`, s])),
            }),
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return 'recorded';
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        if (error.Item === undefined) return 'unknown';
        held = unmarshall(error.Item);
      }
      // At this status or above already: old news, unless the stamp (or an extra) is still missing.
      const stamps = held.statusAt as Record<string, string> | undefined;
      if (stamps?.[status] !== undefined && extraNames.every((name) => held?.[name] === extra[name])) return 'recorded';
    }
    try {
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: keyOf(accountId, touchId),
          UpdateExpression: `SET ${stamp.join(', ')}`,
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { ...names, '#pk': TABLE_KEY.partitionKey },
          ExpressionAttributeValues: marshall(values),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'unknown';
      throw error;
    }
    return 'recorded';
  }

  async function markSent(accountId: string, touchId: string, messageId: string, at: string): Promise<void> {
    if ((await record(accountId, touchId, 'sent', at, { messageId, sentAt: at })) === 'unknown')
      throw new TouchNotClaimedError(accountId, touchId);
  }

  async function release(accountId: string, touchId: string): Promise<void> {
    try {
      await client.send(
        new DeleteItemCommand({
          TableName: tableName,
          Key: keyOf(accountId, touchId),
          ConditionExpression: '#status = :claimed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':claimed': { S: 'claimed' } },
        }),
      );
    } catch (error) {
      // Gone already, or moved past `claimed`: either way there is no refused claim left to drop.
      if (error instanceof ConditionalCheckFailedException) return;
      throw error;
    }
  }

  async function inspect(accountId: string, touchId: string): Promise<LedgerTouch | null> {
    const out = await client.send(
      new GetItemCommand({
        TableName: tableName,
        Key: keyOf(accountId, touchId),
        // A claim written a moment ago by another container must be seen: no eventually consistent read.
        ConsistentRead: true,
        ProjectionExpression: '#status, claimedAt, messageId',
        ExpressionAttributeNames: { '#status': 'status' },
      }),
    );
    if (out.Item === undefined) return null;
    const item = unmarshall(out.Item) as { status: TouchStatus; claimedAt: string; messageId?: string };
    return { status: item.status, claimedAt: item.claimedAt, messageId: item.messageId ?? null };
  }

  async function markUnconfirmed(accountId: string, touchId: string, at: string): Promise<void> {
    try {
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: keyOf(accountId, touchId),
          UpdateExpression: 'SET #status = :unconfirmed, #statusAt.#u = if_not_exists(#statusAt.#u, :at)',
          ConditionExpression: '#status = :claimed AND attribute_not_exists(messageId)',
          ExpressionAttributeNames: { '#status': 'status', '#statusAt': 'statusAt', '#u': 'unconfirmed' },
          ExpressionAttributeValues: marshall({ ':unconfirmed': 'unconfirmed', ':claimed': 'claimed', ':at': at }),
        }),
      );
    } catch (error) {
      // Not (or no longer) an open claim: sent, skipped, failed or already unconfirmed. Nothing to do.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  return {
    claim,
    inspect,
    markUnconfirmed,
    markSent,
    release,
    async recordStatus(accountId, touchId, status, at) {
      await record(accountId, touchId, status, at);
    },
  };
}
