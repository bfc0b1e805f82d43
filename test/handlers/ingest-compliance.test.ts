// The compliance record from product events: each stated basis once, however often it is repeated or
// redelivered; a removed contact's entries kept for the retention period after the removal, and for
// good again when the contact comes back.
import { describe, expect, it } from 'vitest';
import { MemoryAccountStore } from '../../functions/adapters/memory/account-store.js';
import { MemoryComplianceLog } from '../../functions/adapters/memory/compliance-log.js';
import { MemorySignalPublisher } from '../../functions/adapters/memory/signal-publisher.js';
import type { ComplianceLog } from '../../functions/core/ports.js';
import { createIngestHandler } from '../../functions/handlers/ingest.js';
import { accountUpserted, contactRemoved, contactUpserted, defaultProgram } from '../fixtures/builders.js';
import { envelopeOf, recordingLogger, sqsEvent } from './helpers.js';

const consent = { basis: 'opt-in' as const, at: '2026-01-10T00:00:00.000Z', source: 'signup-form' };

function setup(log: ComplianceLog = new MemoryComplianceLog()) {
  const handler = createIngestHandler({
    store: new MemoryAccountStore(),
    publisher: new MemorySignalPublisher(),
    program: defaultProgram(),
    eventSource: 'com.example.product',
    logger: recordingLogger(),
    compliance: { log, retentionDays: 365 },
  });
  return { handler, log };
}

describe('ingest and the compliance record', () => {
  it('records a stated basis once, however often the product repeats it or SQS redelivers it', async () => {
    const { handler, log } = setup();
    const stated = contactUpserted('acc-1', 'c-1', { consent }, { at: '2026-01-10T00:00:00Z' });
    const repeated = contactUpserted('acc-1', 'c-1', { consent, name: 'Renamed' }, { at: '2026-01-12T00:00:00Z' });
    await handler(sqsEvent([envelopeOf(accountUpserted('acc-1')), envelopeOf(stated)]));
    await handler(sqsEvent([envelopeOf(stated), envelopeOf(repeated)]));
    expect(await log.list('acc-1')).toEqual([
      {
        kind: 'basis',
        accountId: 'acc-1',
        contactId: 'c-1',
        at: consent.at,
        basis: 'opt-in',
        source: 'signup-form',
        channel: 'product-event',
        eventId: stated.id,
        expiresAt: null,
      },
    ]);
  });

  it('keeps a removed contact’s record for the retention period from the removal, and for good when it comes back', async () => {
    const { handler, log } = setup();
    await handler(
      sqsEvent([
        envelopeOf(accountUpserted('acc-1')),
        envelopeOf(contactUpserted('acc-1', 'c-1', { consent }, { at: '2026-01-10T00:00:00Z' })),
      ]),
    );
    await handler(sqsEvent([envelopeOf(contactRemoved('acc-1', 'c-1', { at: '2026-06-01T00:00:00Z' }))]));
    const removed = await log.list('acc-1');
    expect(removed.map((e) => [e.kind, e.expiresAt])).toEqual([
      ['basis', '2027-06-01T00:00:00.000Z'],
      ['removed', '2027-06-01T00:00:00.000Z'],
    ]);
    await handler(sqsEvent([envelopeOf(contactUpserted('acc-1', 'c-1', {}, { at: '2026-07-01T00:00:00Z' }))]));
    expect((await log.list('acc-1')).map((e) => e.expiresAt)).toEqual([null, null]);
  });

  it('fails the records when the record cannot be written, so SQS delivers them again', async () => {
    const failing: ComplianceLog = {
      append: async () => Promise.reject(new Error('throttled')),
      list: async () => [],
      retain: async () => undefined,
    };
    const { handler } = setup(failing);
    const response = await handler(sqsEvent([envelopeOf(contactUpserted('acc-1', 'c-1', { consent }))]));
    expect(response.batchItemFailures).toHaveLength(1);
  });
});
