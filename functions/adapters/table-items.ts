// Reading the single table's items back by what they are (the key layout of table-schema.ts): an
// account's state, a touch of the ledger, a decision or planner run of the trail, a weekly reading.
// `teichaku report --table` and `teichaku explain --table` read the table through this.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { DecisionRecord, PlanRecord } from '../core/decision-record.js';
import { TeichakuError } from '../core/errors.js';
import type { TouchStatus } from '../core/ports.js';
import type { TouchKind } from '../core/program.js';
import type { AccountState } from '../core/state.js';
import { CorruptAccountItemError, readAccountItem } from './account-item.js';
import {
  accountIdOfPartitionKey,
  ITEM_PREFIX,
  REPORT_PARTITION_KEY,
  STATE_SORT_KEY,
  TABLE_KEY,
} from './table-schema.js';

/** A touch as the ledger keeps it: claimed, then (when it left) sent with SES's message id, then engagement. */
export interface LedgerItem {
  readonly accountId: string;
  readonly touchId: string;
  readonly contactId: string;
  readonly kind: TouchKind;
  readonly template: string;
  readonly content: Readonly<Record<string, unknown>>;
  readonly status: TouchStatus;
  readonly claimedAt: string;
  /** When SES accepted it; null for a touch that never left (skipped, lost, refused). */
  readonly sentAt: string | null;
  /** First time of each status reached (delivered, opened, clicked...). */
  readonly statusAt: Readonly<Partial<Record<TouchStatus, string>>>;
}

export type TableItem =
  | { readonly kind: 'account'; readonly state: AccountState }
  | { readonly kind: 'touch'; readonly touch: LedgerItem }
  /** A part of a planner run's trail: the run's summary (first part only) and its decisions. */
  | { readonly kind: 'plan'; readonly plan: PlanRecord | null; readonly decisions: readonly DecisionRecord[] }
  | { readonly kind: 'reading'; readonly reading: Readonly<Record<string, unknown>> & { readonly at: string } }
  | { readonly kind: 'other' };

/** An item the layout names but whose body is not what teichaku writes. */
export class UnreadableItemError extends TeichakuError {
  readonly code = 'UNREADABLE_ITEM';
  override readonly name = 'UnreadableItemError';
  constructor(pk: string, sk: string, what: string) {
    super(`table item ${pk} / ${sk} is unreadable (${what}); expected an item written by teichaku`);
  }
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function readTableItem(raw: Record<string, AttributeValue>): TableItem {
  const pk = raw[TABLE_KEY.partitionKey]?.S ?? '';
  const sk = raw[TABLE_KEY.sortKey]?.S ?? '';
  if (pk.startsWith(ITEM_PREFIX.account) && sk === STATE_SORT_KEY) {
    try {
      return { kind: 'account', state: readAccountItem(accountIdOfPartitionKey(pk), raw) };
    } catch (error) {
      if (error instanceof CorruptAccountItemError) throw new UnreadableItemError(pk, sk, error.what);
      throw error;
    }
  }
  const item = unmarshall(raw) as Record<string, unknown>;
  if (pk === REPORT_PARTITION_KEY && sk.startsWith(ITEM_PREFIX.reading)) {
    const at = str(item.at);
    if (at === null) throw new UnreadableItemError(pk, sk, 'no `at`');
    const { [TABLE_KEY.partitionKey]: _pk, [TABLE_KEY.sortKey]: _sk, ...reading } = item;
    return { kind: 'reading', reading: { ...reading, at } };
  }
  if (!pk.startsWith(ITEM_PREFIX.account)) return { kind: 'other' };
  if (sk.startsWith(ITEM_PREFIX.touch)) {
    const touch = item as Partial<LedgerItem> & { sentAt?: string };
    if (typeof touch.touchId !== 'string' || typeof touch.accountId !== 'string' || typeof touch.status !== 'string')
      throw new UnreadableItemError(pk, sk, 'not a ledger touch');
    return {
      kind: 'touch',
      touch: {
        accountId: touch.accountId,
        touchId: touch.touchId,
        contactId: touch.contactId ?? '',
        kind: touch.kind as TouchKind,
        template: touch.template ?? '',
        content: touch.content ?? {},
        status: touch.status,
        claimedAt: touch.claimedAt ?? '',
        sentAt: touch.sentAt ?? null,
        statusAt: touch.statusAt ?? {},
      },
    };
  }
  if (sk.startsWith(ITEM_PREFIX.plan)) {
    const where = (issues: readonly { readonly path: readonly PropertyKey[] }[]) =>
      issues.map((i) => i.path.join('.') || 'item').join(', ');
    const decisions: DecisionRecord[] = [];
    for (const raw of Array.isArray(item.trail) ? (item.trail as unknown[]) : []) {
      const parsed = DecisionRecord.safeParse(raw);
      if (!parsed.success) throw new UnreadableItemError(pk, sk, `trail: ${where(parsed.error.issues)}`);
      decisions.push(parsed.data);
    }
    if (item.part !== 0) return { kind: 'plan', plan: null, decisions };
    const plan = PlanRecord.safeParse(item);
    if (!plan.success) throw new UnreadableItemError(pk, sk, where(plan.error.issues));
    return { kind: 'plan', plan: plan.data, decisions };
  }
  return { kind: 'other' };
}
