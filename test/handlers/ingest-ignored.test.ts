// The ingest handler counts the events that changed nothing, by reason, once per batch.
import { describe, expect, it } from 'vitest';
import { MemoryAccountStore } from '../../functions/adapters/memory/account-store.js';
import { MemorySignalPublisher } from '../../functions/adapters/memory/signal-publisher.js';
import { createIngestHandler } from '../../functions/handlers/ingest.js';
import type { HandlerMetrics, MetricName } from '../../functions/handlers/metrics.js';
import { accountUpserted, contactUpserted, defaultProgram, usage } from '../fixtures/builders.js';
import { envelopeOf, recordingLogger, sqsEvent } from './helpers.js';

const SOURCE = 'com.example.product';

function recordingMetrics(): HandlerMetrics & { readonly counts: [MetricName, number][] } {
  const counts: [MetricName, number][] = [];
  return { counts, count: (name, _context, value = 1) => void counts.push([name, value]) };
}

describe('ingest handler: events that change nothing', () => {
  it('publishes one count per reason per batch, and none when every event changed something', async () => {
    const store = new MemoryAccountStore();
    const metrics = recordingMetrics();
    const handler = createIngestHandler({
      store,
      publisher: new MemorySignalPublisher(),
      program: defaultProgram(),
      eventSource: SOURCE,
      logger: recordingLogger(),
      metrics,
    });
    const fresh = [
      accountUpserted('acc-1', {}, { at: '2026-02-01T00:00:00Z' }),
      contactUpserted('acc-1', 'c-1', { role: 'owner' }, { at: '2026-02-02T00:00:00Z' }),
      usage('acc-1', 'c-1', 'login', '2026-02-01T01:00:00Z'),
      accountUpserted('acc-2', {}, { at: '2026-02-01T00:00:00Z' }),
    ];
    await handler(sqsEvent(fresh.map(envelopeOf)));
    expect(metrics.counts).toEqual([]);

    // An account's profile older than the one it has changes nothing. (An older role statement of a
    // contact is no longer stale: the role history it joins decides promotions.)
    const older = accountUpserted('acc-2', { name: 'Older Name KK' }, { at: '2026-01-31T12:00:00Z' });
    const response = await handler(sqsEvent([...fresh, older].map(envelopeOf), 'again'));
    expect(response.batchItemFailures).toEqual([]);
    expect(metrics.counts).toEqual([
      ['DuplicateEvents', 4],
      ['StaleEvents', 1],
    ]);
    expect(store.stats().writes).toBe(2);
  });
});
