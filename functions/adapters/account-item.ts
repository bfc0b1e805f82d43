// The account item (`ACCOUNT#id` / `STATE`) as DynamoDB holds it. Plain attributes are only those
// DynamoDB itself reads: the keys, the version the conditional put compares, and the sparse due index's
// shard and time. The state itself is one packed binary attribute (packed-state.ts), which makes a
// write cost 1-2 write units instead of 5-8.
//
// Items written before the packing hold the state as a map attribute, `state`; they are still read,
// and the next save of the account replaces them whole by the packed form.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { AccountStateRefusedError } from '../core/errors.js';
import type { AccountState } from '../core/state.js';
import { packState, unpackState } from './packed-state.js';
import {
  ACCOUNT_ITEM_ATTRIBUTE,
  accountPartitionKey,
  DUE_INDEX,
  dueShardOf,
  STATE_SORT_KEY,
  TABLE_KEY,
} from './table-schema.js';

/** A stored item that is not an account state as this code writes it. */
export class CorruptAccountItemError extends AccountStateRefusedError {
  override readonly name = 'CorruptAccountItemError';
  readonly code = 'ACCOUNT_ITEM_CORRUPT';
  constructor(
    readonly accountId: string,
    /** What is wrong, without any of the item's content. */
    readonly what: string,
  ) {
    super(
      `account ${accountId}: stored state item is unreadable (${what}); expected the item written by the teichaku store`,
    );
  }
}

/** The item to put for `state`, whose `version` is the one to store (already incremented). */
export function accountItem(state: AccountState, dueShards: number): Record<string, AttributeValue> {
  const { version, ...body } = state;
  const item: Record<string, AttributeValue> = {
    [TABLE_KEY.partitionKey]: { S: accountPartitionKey(state.accountId) },
    [TABLE_KEY.sortKey]: { S: STATE_SORT_KEY },
    [ACCOUNT_ITEM_ATTRIBUTE.version]: { N: String(version) },
    [ACCOUNT_ITEM_ATTRIBUTE.packedState]: { B: packState(body) },
  };
  // Sparse index: the due attributes exist only while a touch is ahead, and a whole-item put drops
  // them when nextDueAt becomes null.
  const { nextDueAt } = state.cadence;
  if (nextDueAt !== null) {
    item[DUE_INDEX.partitionKey] = { S: dueShardOf(state.accountId, dueShards) };
    item[DUE_INDEX.sortKey] = { S: nextDueAt };
  }
  return item;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The body stored in the item, packed (current) or as a map (written before the packing). */
function storedBody(accountId: string, raw: Record<string, AttributeValue>): unknown {
  const packed = raw[ACCOUNT_ITEM_ATTRIBUTE.packedState];
  if (packed !== undefined) {
    if (packed.B === undefined)
      throw new CorruptAccountItemError(accountId, `attribute ${ACCOUNT_ITEM_ATTRIBUTE.packedState} is not binary`);
    const unpacked = unpackState(packed.B);
    if (unpacked.kind === 'unreadable') throw new CorruptAccountItemError(accountId, unpacked.what);
    return unpacked.value;
  }
  const legacy = raw[ACCOUNT_ITEM_ATTRIBUTE.legacyState];
  if (legacy?.M !== undefined) return unmarshall(legacy.M);
  throw new CorruptAccountItemError(
    accountId,
    `neither ${ACCOUNT_ITEM_ATTRIBUTE.packedState} (binary) nor ${ACCOUNT_ITEM_ATTRIBUTE.legacyState} (map) is present`,
  );
}

/**
 * The state an account item holds, in either format. Throws CorruptAccountItemError naming the
 * account and what is wrong (never the content: it holds addresses and names).
 */
export function readAccountItem(accountId: string, raw: Record<string, AttributeValue>): AccountState {
  const versionText = raw[ACCOUNT_ITEM_ATTRIBUTE.version]?.N;
  const version = versionText === undefined ? Number.NaN : Number(versionText);
  if (!Number.isSafeInteger(version) || version < 0)
    throw new CorruptAccountItemError(accountId, 'missing or non-integer version');
  const body = storedBody(accountId, raw);
  if (!isRecord(body)) throw new CorruptAccountItemError(accountId, 'the state is not an object');
  if (body.accountId !== accountId) throw new CorruptAccountItemError(accountId, 'state belongs to another account id');
  if (!isRecord(body.contacts) || !isRecord(body.cadence))
    throw new CorruptAccountItemError(accountId, 'the state has no contacts or cadence');
  return { ...(body as Omit<AccountState, 'version'>), version };
}
