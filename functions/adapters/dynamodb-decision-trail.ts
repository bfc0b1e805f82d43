// DecisionTrail on the single table, beside the account's touches: one `PLAN#<at>#<part>` item per
// planner run that decided something or raised a signal, holding the account's health and phase
// then, the signals raised and the run's decisions (one per contact looked at; a run over a large
// account spreads over several parts). Every item carries a TTL, so the trail stays bounded without
// a sweeper: a contact has at most one decision per run, and runs older than `retentionDays` expire.
// One item per run rather than per decision keeps the table's item count, and so the weekly report's
// Scan, close to the accounts and their touches.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { toDecisionRecord, toPlanRecord } from '../core/decision-record.js';
import type { DecisionTrail } from '../core/ports.js';
import { DAY_MS, toMs } from '../core/time.js';
import type { BackoffOptions } from './backoff.js';
import { putItems } from './batch-write.js';
import { accountPartitionKey, planSortKey, TABLE_KEY, TTL_ATTRIBUTE } from './table-schema.js';

/** A half-year: one adoption's worth of "why did / didn't this contact get mail". */
export const DEFAULT_DECISION_RETENTION_DAYS = 183;

/** Decisions per item: about 300 bytes each keeps an item far under DynamoDB's 400 KB. */
export const DECISIONS_PER_ITEM = 200;

export interface DynamoDecisionTrailOptions {
  readonly tableName: string;
  readonly retentionDays?: number;
  readonly backoff?: Partial<BackoffOptions>;
}

/** Epoch seconds `days` after `at`: DynamoDB TTL reads seconds, not milliseconds. */
export function expiresAtFor(at: string, days: number): number {
  return Math.floor((toMs(at) + days * DAY_MS) / 1000);
}

export function createDynamoDecisionTrail(client: DynamoDBClient, options: DynamoDecisionTrailOptions): DecisionTrail {
  const days = options.retentionDays ?? DEFAULT_DECISION_RETENTION_DAYS;
  if (!Number.isInteger(days) || days < 1)
    throw new Error(`decision retention must be a whole number of days ≥ 1, got ${days}`);
  return {
    async record(run) {
      const pk = accountPartitionKey(run.state.accountId);
      const expiresAt = expiresAtFor(run.at, days);
      const decisions = run.decisions.map(toDecisionRecord);
      const parts = Math.max(1, Math.ceil(decisions.length / DECISIONS_PER_ITEM));
      const items = Array.from({ length: parts }, (_, part) =>
        marshall(
          {
            [TABLE_KEY.partitionKey]: pk,
            [TABLE_KEY.sortKey]: planSortKey(run.at, part),
            // The run's summary travels in its first part only.
            ...(part === 0 ? toPlanRecord(run) : { at: run.at, accountId: run.state.accountId }),
            part,
            trail: decisions.slice(part * DECISIONS_PER_ITEM, (part + 1) * DECISIONS_PER_ITEM),
            [TTL_ATTRIBUTE]: expiresAt,
          },
          { removeUndefinedValues: true },
        ),
      );
      // Keys are deterministic (account, run time, part): a planner retried after a crash rewrites
      // the same items instead of adding to the trail.
      await putItems(client, options.tableName, items, options.backoff);
    },
  };
}
