// How a planner run is cut into work items, and what a work item must look like to cross the queue.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  continuationOf,
  isAfter,
  MAX_DUE_SHARDS,
  PlanningWork,
  planningWorkAt,
  splitShards,
} from '../../functions/core/planning-work.js';

const AT = '2026-01-26T00:00:00.000Z';

describe('splitShards', () => {
  it('puts every shard in exactly one range of at most the shards per item, in order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_DUE_SHARDS }), fc.integer({ min: 1, max: 64 }), (count, perItem) => {
        const ranges = splitShards(count, perItem);
        const shards = ranges.flatMap((r) => Array.from({ length: r.last - r.first + 1 }, (_, i) => r.first + i));
        expect(shards).toEqual(Array.from({ length: count }, (_, i) => i));
        expect(ranges.every((r) => r.last - r.first + 1 <= perItem)).toBe(true);
        expect(ranges).toHaveLength(Math.ceil(count / perItem));
      }),
    );
  });

  it.each([
    [0, 1, /shard count must be a whole number from 1 to 1000, got 0/],
    [16, 0, /shards per item must be a positive whole number, got 0/],
    [16, 1.5, /shards per item must be a positive whole number, got 1.5/],
  ])('refuses %s shards in items of %s', (count, perItem, message) => {
    expect(() => splitShards(count, perItem)).toThrow(message);
  });
});

describe('a work item', () => {
  it('continues its own run and shards after the last account listed', () => {
    const [item] = planningWorkAt(AT, 4, 2);
    const next = continuationOf(item as PlanningWork, { accountId: 'acc-7', shard: 1, dueAt: AT });
    expect(next).toEqual({ at: AT, shards: { first: 0, last: 1 }, after: { shard: 1, dueAt: AT, accountId: 'acc-7' } });
    expect(PlanningWork.parse(JSON.parse(JSON.stringify(next)))).toEqual(next);
  });

  it('orders entries by shard, then due time, then account id, after a cursor', () => {
    const cursor = { shard: 1, dueAt: AT, accountId: 'b' };
    expect(isAfter({ shard: 1, dueAt: AT, accountId: 'c' }, cursor)).toBe(true);
    expect(isAfter({ shard: 1, dueAt: AT, accountId: 'b' }, cursor)).toBe(false);
    expect(isAfter({ shard: 1, dueAt: '2026-01-25T00:00:00.000Z', accountId: 'z' }, cursor)).toBe(false);
    expect(isAfter({ shard: 2, dueAt: '2026-01-01T00:00:00.000Z', accountId: 'a' }, cursor)).toBe(true);
    expect(isAfter({ shard: 0, dueAt: AT, accountId: 'z' }, null)).toBe(true);
  });

  it.each([
    [{ at: AT, shards: { first: 0, last: 1 }, after: { shard: 2, dueAt: AT, accountId: 'a' } }, 'after.shard'],
    [{ at: 'yesterday', shards: { first: 0, last: 0 }, after: null }, 'at'],
    [{ at: AT, shards: { first: 0, last: 1000 }, after: null }, 'shards.last'],
    [
      { at: AT, shards: { first: 0, last: 0 }, after: { shard: 0, dueAt: AT, accountId: 'a\u202eb' } },
      'after.accountId',
    ],
    [{ at: AT, shards: { first: 0, last: 0 }, after: null, extra: 1 }, ''],
  ])('is refused when a field is wrong, naming it (%#)', (body, path) => {
    const parsed = PlanningWork.safeParse(body);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});
