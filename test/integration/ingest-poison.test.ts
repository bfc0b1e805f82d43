// Poison isolation on the real local DynamoDB: the valid events of a poisoned account are stored in
// the same invocation (with their compliance entries), the poison alone reaches the dead-letter
// queue with its reason, and the account whose item is damaged dead-letters its events at once.
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { accountItem } from '../../functions/adapters/account-item.js';
import { createDynamoComplianceLog } from '../../functions/adapters/dynamodb-compliance-log.js';
import { createDynamoAccountStore } from '../../functions/adapters/dynamodb-store.js';
import { MemoryDeadLetters } from '../../functions/adapters/memory/dead-letters.js';
import { createIngestHandler } from '../../functions/handlers/ingest.js';
import { aBusyAccount } from '../adapters/busy-account.js';
import { accountUpserted, contactUpserted, defaultProgram, usage } from '../fixtures/builders.js';
import { useLocalTable } from '../fixtures/local-table.js';
import { poisonedApply } from '../fixtures/poison.js';
import { envelopeOf, recordingLogger, sqsEvent } from '../handlers/helpers.js';

const local = useLocalTable('ingest-poison');
const consent = { basis: 'opt-in' as const, at: '2026-01-10T00:00:00.000Z', source: 'signup-form' };

function setup() {
  const store = createDynamoAccountStore(local.dynamo, { tableName: local.tableName });
  const compliance = createDynamoComplianceLog(local.dynamo, { tableName: local.tableName });
  const deadLetters = new MemoryDeadLetters();
  const logger = recordingLogger();
  const poison = usage('acc-1', 'c-1', 'report.create', '2026-01-21T01:00:00Z', { id: 'evt-poison' });
  const handler = createIngestHandler({
    store,
    publisher: { publish: async () => undefined },
    program: defaultProgram(),
    eventSource: 'com.example.product',
    logger,
    compliance: { log: compliance, retentionDays: 365 },
    deadLetters,
    apply: poisonedApply(poison.id),
  });
  return { store, compliance, deadLetters, logger, handler, poison };
}

describe('ingest poison isolation on DynamoDB', () => {
  it('stores the poisoned account’s valid events in the same invocation and dead-letters only the poison', async () => {
    const { store, compliance, deadLetters, handler, poison } = setup();
    const events = [
      accountUpserted('acc-1', { name: 'Yamada Trading' }),
      contactUpserted('acc-1', 'c-1', { role: 'owner', consent }),
      poison,
      usage('acc-1', 'c-1', 'login', '2026-01-20T01:00:00Z'),
      accountUpserted('acc-2'),
    ];
    expect(await handler(sqsEvent(events.map(envelopeOf)))).toEqual({ batchItemFailures: [] });
    const state = await store.load('acc-1');
    expect(state?.profile?.name).toBe('Yamada Trading');
    expect(state?.contacts['c-1']?.role).toBe('owner');
    expect(JSON.stringify(state)).toContain('login');
    expect(JSON.stringify(state)).not.toContain('report.create');
    expect(await store.load('acc-2')).not.toBeNull();
    expect((await compliance.list('acc-1')).map((e) => e.kind)).toEqual(['basis']);
    expect(deadLetters.all().map((l) => [l.source.messageId, l.eventId, l.reason])).toEqual([
      ['m-2', 'evt-poison', 'event evt-poison not applied: the engine could not apply it (RangeError)'],
    ]);
    // Redelivered, the valid events change nothing and the poison is dead-lettered again, alone.
    const version = state?.version;
    expect(await handler(sqsEvent(events.map(envelopeOf)))).toEqual({ batchItemFailures: [] });
    expect((await store.load('acc-1'))?.version).toBe(version);
    expect(deadLetters.all().map((l) => l.eventId)).toEqual(['evt-poison', 'evt-poison']);
  }, 30_000);

  it('dead-letters the events of an account whose item is damaged at once, naming it, and stores the others', async () => {
    const { store, deadLetters, handler } = setup();
    const damaged = accountItem({ ...aBusyAccount('acc-damaged', 2), version: 3 }, 16);
    const bytes = damaged.packed?.B ?? new Uint8Array();
    await local.dynamo.send(
      new PutItemCommand({
        TableName: local.tableName,
        Item: { ...damaged, packed: { B: bytes.subarray(0, bytes.length >> 1) } },
      }),
    );
    const events = [
      usage('acc-damaged', 'acc-damaged-u1', 'login', '2026-03-02T01:00:00Z'),
      accountUpserted('acc-sound'),
    ];
    expect(await handler(sqsEvent(events.map(envelopeOf)))).toEqual({ batchItemFailures: [] });
    expect(deadLetters.all().map((l) => [l.source.messageId, l.reason])).toEqual([
      ['m-0', expect.stringMatching(/not applied: account acc-damaged: stored state item is unreadable/)],
    ]);
    expect(await store.load('acc-sound')).not.toBeNull();
  }, 30_000);
});
