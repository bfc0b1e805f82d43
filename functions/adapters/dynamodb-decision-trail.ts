// DecisionTrail on the single table, beside the account's touches: one `PLAN#<at>` item per planner
// run (the account's health and phase then, the signals raised) and one `DECISION#<contactId>#<at>`
// item per decision. Both carry a TTL, so the trail stays bounded without a sweeper: a contact holds
// at most the decisions of `retentionDays` (a planner run decides at most once per contact).
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { toDecisionRecord, toPlanRecord } from '../core/decision-record.js';
import type { DecisionTrail } from '../core/ports.js';
import { DAY_MS, toMs } from '../core/time.js';
import type { BackoffOptions } from './backoff.js';
import { putItems } from './batch-write.js';
import { TABLE_KEY, TTL_ATTRIBUTE, accountPartitionKey, decisionSortKey, planSortKey } from './table-schema.js';

/** A half-year: one adoption's worth of "why did / didn't this contact get mail". */
export const DEFAULT_DECISION_RETENTION_DAYS = 183;

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
  if (!Number.isInteger(days) || days < 1) throw new Error(`decision retention must be a whole number of days ≥ 1, got ${days}`);
  return {
    async record(run) {
      const pk = accountPartitionKey(run.state.accountId);
      const expiresAt = expiresAtFor(run.at, days);
      const plan = toPlanRecord(run);
      const items = [
        marshall({ [TABLE_KEY.partitionKey]: pk, [TABLE_KEY.sortKey]: planSortKey(run.at), ...plan, [TTL_ATTRIBUTE]: expiresAt }, { removeUndefinedValues: true }),
        ...run.decisions.map((d) =>
          marshall(
            { [TABLE_KEY.partitionKey]: pk, [TABLE_KEY.sortKey]: decisionSortKey(d.contactId, d.at), ...toDecisionRecord(d), [TTL_ATTRIBUTE]: expiresAt },
            { removeUndefinedValues: true },
          ),
        ),
      ];
      // Keys are deterministic (account, contact, run time): a planner retried after a crash rewrites
      // the same items instead of adding to the trail.
      await putItems(client, options.tableName, items, options.backoff);
    },
  };
}
