// BatchWriteItem in chunks of 25 (DynamoDB's limit), retrying the items DynamoDB hands back as
// unprocessed (throttling) with backoff until none is left or attempts run out.
import {
  type AttributeValue,
  BatchWriteItemCommand,
  type DynamoDBClient,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { TeichakuError } from '../core/errors.js';
import { type BackoffOptions, retryWithBackoff, withBackoffDefaults } from './backoff.js';

const ITEMS_PER_CALL = 25;

/** Some items were still unprocessed after every retry. */
export class BatchWriteError extends TeichakuError {
  readonly code = 'BATCH_WRITE';
  override readonly name = 'BatchWriteError';
  constructor(
    readonly tableName: string,
    readonly unprocessed: number,
  ) {
    super(
      `table ${tableName}: ${unprocessed} item(s) left unprocessed by BatchWriteItem after retries (throttled); write again later or raise the table's capacity`,
    );
  }
}

class Unprocessed extends Error {
  constructor(readonly left: WriteRequest[]) {
    super('unprocessed items');
  }
}

export async function putItems(
  client: DynamoDBClient,
  tableName: string,
  items: readonly Record<string, AttributeValue>[],
  backoff?: Partial<BackoffOptions>,
): Promise<void> {
  const options = withBackoffDefaults(backoff);
  for (let i = 0; i < items.length; i += ITEMS_PER_CALL) {
    let pending: WriteRequest[] = items.slice(i, i + ITEMS_PER_CALL).map((Item) => ({ PutRequest: { Item } }));
    try {
      await retryWithBackoff(
        async () => {
          const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
          const left = out.UnprocessedItems?.[tableName] ?? [];
          if (left.length === 0) return;
          pending = left;
          throw new Unprocessed(left);
        },
        (error) => error instanceof Unprocessed,
        options,
      );
    } catch (error) {
      if (error instanceof Unprocessed) throw new BatchWriteError(tableName, error.left.length);
      throw error;
    }
  }
}
