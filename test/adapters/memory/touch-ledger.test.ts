import { describe, expect, it } from 'vitest';
import { MemoryTouchLedger } from '../../../functions/adapters/memory/touch-ledger.js';
import { TouchNotClaimedError } from '../../../functions/core/errors.js';
import { aPlannedTouch } from '../../fixtures/builders.js';

const touch = aPlannedTouch(
  { kind: 'feature-tip', featureId: 'dashboard' },
  { touchId: 't-1', plannedAt: '2026-01-19T00:00:00.000Z' },
);

describe('MemoryTouchLedger', () => {
  it('claims a touch once; a second claim of the same id is refused', async () => {
    const ledger = new MemoryTouchLedger();
    expect(await ledger.claim(touch, '2026-01-19T00:00:00.000Z')).toBe('claimed');
    expect(await ledger.claim(touch, '2026-01-19T01:00:00.000Z')).toBe('already-claimed');
    expect(ledger.get('acc-1', 't-1')?.claimedAt).toBe('2026-01-19T00:00:00.000Z');
  });

  it("lists one account's entries as all() does, without a released claim", async () => {
    const ledger = new MemoryTouchLedger();
    await ledger.claim(touch, '2026-01-19T00:00:00.000Z');
    await ledger.claim({ ...touch, accountId: 'acc-2' }, '2026-01-19T00:00:00.000Z');
    await ledger.claim({ ...touch, touchId: 't-2' }, '2026-01-19T00:00:00.000Z');
    await ledger.claim({ ...touch, touchId: 't-3' }, '2026-01-19T00:00:00.000Z');
    await ledger.markSent('acc-1', 't-2', 'm-2', '2026-01-19T00:00:01.000Z');
    await ledger.release('acc-1', 't-3');

    const mine = ledger.ofAccount('acc-1');
    expect(mine.map((e) => e.touch.touchId)).toEqual(['t-1', 't-2']);
    expect(mine).toEqual(ledger.all().filter((e) => e.touch.accountId === 'acc-1'));
    expect(mine[1]?.messageId).toBe('m-2');
    expect(ledger.ofAccount('acc-9')).toEqual([]);
  });

  it('keeps claims of the same touch id apart per account', async () => {
    const ledger = new MemoryTouchLedger();
    await ledger.claim(touch, '2026-01-19T00:00:00.000Z');
    expect(await ledger.claim({ ...touch, accountId: 'acc-2' }, '2026-01-19T00:00:00.000Z')).toBe('claimed');
  });

  it('records the message id when the touch is sent', async () => {
    const ledger = new MemoryTouchLedger();
    await ledger.claim(touch, '2026-01-19T00:00:00.000Z');
    await ledger.markSent('acc-1', 't-1', 'm-1', '2026-01-19T00:00:01.000Z');
    expect(ledger.get('acc-1', 't-1')).toMatchObject({ messageId: 'm-1', sentAt: '2026-01-19T00:00:01.000Z' });
  });

  it('refuses to mark sent a touch that was never claimed', async () => {
    await expect(
      new MemoryTouchLedger().markSent('acc-1', 't-9', 'm-1', '2026-01-19T00:00:00.000Z'),
    ).rejects.toBeInstanceOf(TouchNotClaimedError);
  });

  it('lets a released claim be claimed again, but never releases a sent touch', async () => {
    const ledger = new MemoryTouchLedger();
    await ledger.claim(touch, '2026-01-19T00:00:00.000Z');
    await ledger.release('acc-1', 't-1');
    expect(await ledger.claim(touch, '2026-01-19T01:00:00.000Z')).toBe('claimed');
    await ledger.markSent('acc-1', 't-1', 'm-1', '2026-01-19T01:00:01.000Z');
    await ledger.release('acc-1', 't-1');
    expect(await ledger.claim(touch, '2026-01-19T02:00:00.000Z')).toBe('already-claimed');
  });

  it('keeps the first time of each delivery status when events repeat', async () => {
    const ledger = new MemoryTouchLedger();
    await ledger.claim(touch, '2026-01-19T00:00:00.000Z');
    await ledger.recordStatus('acc-1', 't-1', 'delivered', '2026-01-19T00:01:00.000Z');
    await ledger.recordStatus('acc-1', 't-1', 'delivered', '2026-01-19T00:05:00.000Z');
    await ledger.recordStatus('acc-1', 't-unknown', 'opened', '2026-01-19T00:05:00.000Z');
    expect(ledger.get('acc-1', 't-1')?.statuses.delivered).toBe('2026-01-19T00:01:00.000Z');
    expect(ledger.all()).toHaveLength(1);
  });
});
