// The sending guard and the compliance record on a real local DynamoDB: conditional writes,
// counters, queries and the retention attribute as the table does them.
import { describe, expect, it } from 'vitest';
import { createDynamoComplianceLog } from '../../functions/adapters/dynamodb-compliance-log.js';
import { createDynamoTouchLedger } from '../../functions/adapters/dynamodb-ledger.js';
import { createDynamoSendingGuard } from '../../functions/adapters/dynamodb-sending-guard.js';
import type { ComplianceEntry } from '../../functions/core/compliance-record.js';
import { pauseSending, resumeSending } from '../../functions/core/sending-guard.js';
import { aFeatureTip } from '../fixtures/builders.js';
import { useLocalTable } from '../fixtures/local-table.js';

const local = useLocalTable('guard');
const tableName = local.tableName;
const touch = (n: number) => aFeatureTip(n);

describe('sending guard on DynamoDB Local', () => {
  it('counts each outcome of a touch once, whatever the redeliveries, and nothing for an unknown touch', async () => {
    const ledger = createDynamoTouchLedger(local.dynamo, { tableName });
    const guard = createDynamoSendingGuard(local.dynamo, { tableName });
    for (let n = 0; n < 3; n++) await ledger.claim(touch(n), '2026-02-02T01:00:00.000Z');
    const results = [];
    for (let n = 0; n < 3; n++) {
      results.push(await guard.countOutcome('acc-1', touch(n).touchId, 'send', '2026-02-02T01:10:00.000Z'));
      results.push(await guard.countOutcome('acc-1', touch(n).touchId, 'send', '2026-02-02T01:10:00.000Z'));
    }
    results.push(await guard.countOutcome('acc-1', touch(0).touchId, 'complaint', '2026-02-02T03:00:00.000Z'));
    results.push(
      await guard.countOutcome(
        'acc-1',
        'feature-tip.ffffffffffffffffffffffffffffffff',
        'bounce',
        '2026-02-02T03:00:00.000Z',
      ),
    );
    expect(results).toEqual([
      'counted',
      'already-counted',
      'counted',
      'already-counted',
      'counted',
      'already-counted',
      'counted',
      'unknown-touch',
    ]);
    expect(await guard.readCounts('2026-02-02T00:00:00.000Z')).toEqual([
      { hour: '2026-02-02T01:00:00.000Z', sends: 3, bounces: 0, complaints: 0 },
      { hour: '2026-02-02T03:00:00.000Z', sends: 0, bounces: 0, complaints: 1 },
    ]);
    expect(await guard.readCounts('2026-02-02T02:00:00.000Z')).toHaveLength(1);
  });

  it("adds a sender's batch of sends to their hour, next to the sends counted one by one", async () => {
    const guard = createDynamoSendingGuard(local.dynamo, { tableName });
    await guard.countSends('2026-02-05T07:20:00.000Z', 7);
    await guard.countSends('2026-02-05T07:59:00.000Z', 3);
    expect(await guard.readCounts('2026-02-05T00:00:00.000Z')).toEqual([
      { hour: '2026-02-05T07:00:00.000Z', sends: 10, bounces: 0, complaints: 0 },
    ]);
  });

  it('pauses and resumes with a version check, and keeps the first send apart', async () => {
    const guard = createDynamoSendingGuard(local.dynamo, { tableName });
    await guard.noteFirstSend('2026-02-02T01:10:00.000Z');
    await guard.noteFirstSend('2026-02-02T05:00:00.000Z');
    await guard.noteFirstSend('2026-02-01T23:00:00.000Z');
    const pause = {
      pausedAt: '2026-02-02T03:00:00.000Z',
      cause: { kind: 'ses-refused' as const, sesError: 'SendingPausedException' },
    };
    expect(await guard.update((s) => pauseSending(s, pause))).toMatchObject({ status: 'paused' });
    expect(await guard.update((s) => pauseSending(s, { ...pause, pausedAt: '2026-02-02T04:00:00.000Z' }))).toBeNull();
    const resumed = await guard.update((s) => {
      const outcome = resumeSending(s, {
        at: '2026-02-03T00:00:00.000Z',
        by: 'ops',
        reason: 'checked',
        channel: 'cli',
      });
      return outcome.kind === 'resumed' ? outcome.state : null;
    });
    expect(resumed?.status).toBe('sending');
    const stored = await guard.load();
    expect(stored).toMatchObject({
      status: 'sending',
      resumedAt: '2026-02-03T00:00:00.000Z',
      firstSendAt: '2026-02-01T23:00:00.000Z',
    });
    expect(stored.history.map((h) => h.action)).toEqual(['paused', 'resumed']);
  });
});

describe('compliance log on DynamoDB Local', () => {
  const basis: ComplianceEntry = {
    kind: 'basis',
    accountId: 'acc-2',
    contactId: 'c-1',
    at: '2026-01-10T00:00:00.000Z',
    basis: 'opt-in',
    source: 'signup-form',
    channel: 'product-event',
    eventId: 'e-1',
  };
  const optOut: ComplianceEntry = {
    kind: 'opt-out',
    accountId: 'acc-2',
    contactId: 'c-1',
    at: '2026-03-01T00:00:00.000Z',
    scope: 'promotional',
    channel: 'unsubscribe-page',
  };
  const other: ComplianceEntry = {
    kind: 'opt-out',
    accountId: 'acc-2',
    contactId: 'c-2',
    at: '2026-03-02T00:00:00.000Z',
    scope: 'all',
    channel: 'complaint',
  };

  it('only ever adds: writing an entry again leaves one', async () => {
    const log = createDynamoComplianceLog(local.dynamo, { tableName });
    await log.append([basis, optOut, other]);
    await log.append([{ ...basis, eventId: 'e-2' }, optOut]);
    const entries = await log.list('acc-2');
    expect(entries.map((e) => [e.contactId, e.kind])).toEqual([
      ['c-1', 'basis'],
      ['c-1', 'opt-out'],
      ['c-2', 'opt-out'],
    ]);
    expect(entries[0]).toMatchObject({ eventId: 'e-1', expiresAt: null });
  });

  it('sets the retention end on one contact’s entries when it leaves, and lifts it when it comes back', async () => {
    const log = createDynamoComplianceLog(local.dynamo, { tableName });
    await log.retain('acc-2', 'c-1', '2027-03-01T00:00:00.000Z');
    let entries = await log.list('acc-2');
    expect(entries.filter((e) => e.contactId === 'c-1').map((e) => e.expiresAt)).toEqual([
      '2027-03-01T00:00:00.000Z',
      '2027-03-01T00:00:00.000Z',
    ]);
    expect(entries.find((e) => e.contactId === 'c-2')?.expiresAt).toBeNull();
    await log.retain('acc-2', 'c-1', null);
    entries = await log.list('acc-2');
    expect(entries.every((e) => e.expiresAt === null)).toBe(true);
  });
});
