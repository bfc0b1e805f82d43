// The hostile-event corpus through the real ingest handler on the local DynamoDB, as SQS delivers it
// in batches of ten: each hostile event fails its own record with a logged reason naming what was
// wrong, the legal ones are stored.
import { describe, expect, it } from 'vitest';
import { createDynamoAccountStore } from '../../functions/adapters/dynamodb-store.js';
import { MemorySignalPublisher } from '../../functions/adapters/memory/signal-publisher.js';
import { createIngestHandler } from '../../functions/handlers/ingest.js';
import { defaultProgram } from '../fixtures/builders.js';
import { useLocalTable } from '../fixtures/local-table.js';
import { recordingLogger, sqsEvent } from '../handlers/helpers.js';
import { ACCOUNT, CS_OWNER_DOMAINS, HOSTILE_EVENTS, NOW, SOURCE } from '../security/hostile-events.js';

const local = useLocalTable('hostile');
const SQS_BATCH = 10;

describe('ingest on the local DynamoDB, fed the hostile-event corpus', () => {
  it('fails each hostile record with its reason and stores the legal events', async () => {
    const store = createDynamoAccountStore(local.dynamo, { tableName: local.tableName });
    const logger = recordingLogger();
    const handler = createIngestHandler({
      store,
      publisher: new MemorySignalPublisher(),
      program: defaultProgram(),
      eventSource: SOURCE,
      logger,
      clock: () => NOW,
      csOwnerDomains: CS_OWNER_DOMAINS,
    });
    const failed = new Set<string>();
    for (let start = 0; start < HOSTILE_EVENTS.length; start += SQS_BATCH) {
      const event = sqsEvent(HOSTILE_EVENTS.slice(start, start + SQS_BATCH).map((c) => c.body));
      // Message ids that say which case each record is.
      const records = event.Records.map((r, i) => ({ ...r, messageId: `case-${start + i}` }));
      const response = await handler({ Records: records });
      for (const f of response.batchItemFailures) failed.add(f.itemIdentifier);
    }
    const reasons = new Map(
      logger.lines
        .filter((l) => l.message === 'event rejected')
        .map((l) => [String(l.attributes.messageId), String(l.attributes.reason)]),
    );
    const mismatches = HOSTILE_EVENTS.flatMap((c, i) => {
      const id = `case-${i}`;
      if (c.outcome === 'accepted')
        return failed.has(id) ? [`${c.name}: failed (${reasons.get(id) ?? 'no reason logged'})`] : [];
      if (!failed.has(id)) return [`${c.name}: not failed`];
      const reason = reasons.get(id) ?? '';
      return reason.includes(c.reason ?? '') ? [] : [`${c.name}: reason lacks ${JSON.stringify(c.reason)}`];
    });
    expect(mismatches).toEqual([]);
    expect(failed.size).toBe(HOSTILE_EVENTS.filter((c) => c.outcome === 'rejected').length);
    const stored = await store.load(ACCOUNT);
    expect(stored?.profile?.name).toBe('Hostile Test KK');
    expect(stored?.profile?.csOwner?.email).toBe('sato@vendor.example.com');
    expect(Object.keys(stored?.contacts ?? {}).sort()).toEqual(['c-1', 'c-2', 'c-3', 'c-5', 'c-8', 'c-9', 'user@c-4']);
  }, 120_000);
});
