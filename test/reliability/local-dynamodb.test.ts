// The same faults on the real DynamoDB Local: the claim is a real conditional put, a concurrent writer
// meets a real ConditionalCheckFailedException, the lost-send mark a real conditional update. Fewer
// runs than in memory (each call is a round trip): 20 of the sending end, 6 of the whole pipeline.
import { DeleteTableCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDynamoTouchLedger } from '../../functions/adapters/dynamodb-ledger.js';
import { createDynamoAccountStore } from '../../functions/adapters/dynamodb-store.js';
import { createTable } from '../../functions/adapters/local/local-services.js';
import type { LedgerEntry } from '../../functions/adapters/memory/touch-ledger.js';
import { accountPartitionKey, ITEM_PREFIX, TABLE_KEY } from '../../functions/adapters/table-schema.js';
import type { PlannedTouch } from '../../functions/core/decisions.js';
import type { TouchStatus } from '../../functions/core/ports.js';
import type { AccountState } from '../../functions/core/state.js';
import { useLocalAws } from '../integration/local-aws.js';
import { auditLostSends, contentOf, sentAfterNo, sentTwice } from './checks.js';
import { faultPlanArb } from './fault-plan.js';
import { runPipeline } from './pipeline.js';
import type { BaseAdapters } from './run.js';
import { runSends, sendWorldArb } from './send-world.js';
import { worldArb } from './world.js';

const local = useLocalAws();

interface TouchItem {
  readonly touchId: string;
  readonly accountId: string;
  readonly contactId: string;
  readonly claimedAt: string;
  readonly messageId?: string;
  readonly sentAt?: string;
  readonly status: TouchStatus;
  readonly statusAt: Partial<Record<TouchStatus, string>>;
}

/** The store and ledger on a local table; read back through the accounts a run uses. */
function dynamoAdapters(tableName: string, accountIds: readonly string[]): BaseAdapters {
  const { dynamo } = local();
  const store = createDynamoAccountStore(dynamo, { tableName, dueShards: 4 });
  return {
    store,
    ledger: createDynamoTouchLedger(dynamo, { tableName }),
    states: async () =>
      (await Promise.all(accountIds.map((id) => store.load(id)))).filter((s): s is AccountState => s !== null),
    async entries() {
      const items: TouchItem[] = [];
      for (const accountId of accountIds) {
        const out = await dynamo.send(
          new QueryCommand({
            TableName: tableName,
            ConsistentRead: true,
            KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :touch)',
            ExpressionAttributeNames: { '#pk': TABLE_KEY.partitionKey, '#sk': TABLE_KEY.sortKey },
            ExpressionAttributeValues: marshall({ ':pk': accountPartitionKey(accountId), ':touch': ITEM_PREFIX.touch }),
          }),
        );
        items.push(...(out.Items ?? []).map((i) => unmarshall(i) as TouchItem));
      }
      return items.map((i) => ({
        touch: { touchId: i.touchId, accountId: i.accountId, contactId: i.contactId } as PlannedTouch,
        claimedAt: i.claimedAt,
        messageId: i.messageId ?? null,
        sentAt: i.sentAt ?? null,
        status: i.status,
        statuses: i.statusAt,
      })) satisfies LedgerEntry[];
    },
  };
}

describe('faults on DynamoDB Local', () => {
  it('sends no touch twice, nothing after a no, and reports every lost send, with real conditional writes (20 runs)', async () => {
    const { content, tableName } = local();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(sendWorldArb, faultPlanArb({ maxCrashes: 3, withBadEvents: false }), async (world, plan) => {
        const accountId = `acc-local-${++run}-${Date.now()}`;
        const result = await runSends(world, content, plan, dynamoAdapters(tableName, [accountId]), accountId);
        expect(sentTwice(result.accepted)).toEqual([]);
        expect(sentAfterNo(result.accepted, result.stops)).toEqual([]);
        expect(auditLostSends(result.accepted, result.ledger, result.signals, result.metrics).problems).toEqual([]);
      }),
      { numRuns: 20 },
    );
  }, 180_000);

  it('ends in the in-memory no-fault run’s account state under real version conflicts (6 runs)', async () => {
    const { content, dynamo } = local();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(worldArb, faultPlanArb({ maxCrashes: 2 }), async (world, plan) => {
        const tableName = `teichaku-faults-${process.pid}-${++run}`;
        await createTable(dynamo, tableName);
        try {
          const clean = await runPipeline(world, content, null, { sendless: true });
          const faulty = await runPipeline(
            world,
            content,
            plan,
            {},
            dynamoAdapters(
              tableName,
              world.accounts.map((a) => a.accountId),
            ),
          );
          expect(contentOf(faulty.states)).toEqual(contentOf(clean.states));
          expect(sentTwice(faulty.accepted)).toEqual([]);
        } finally {
          await dynamo.send(new DeleteTableCommand({ TableName: tableName }));
        }
      }),
      { numRuns: 6 },
    );
  }, 240_000);
});
