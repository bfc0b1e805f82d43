// The planner's fan-out: an hourly run is cut into work items, each a range of the due index's shards
// to plan as of the run's instant. Workers take items in parallel; an item that grows past a worker's
// limit continues in a new item that starts after the last account listed. Pure: how to cut, and the
// shape of an item as it crosses a queue (parsed there, because anything can sit in a queue).
import { z } from 'zod';
import { Id, Instant } from './event-fields.js';

/** The most shards a due index may have (the construct's `dueShards`, the functions' DUE_SHARDS). */
export const MAX_DUE_SHARDS = 1000;

const Shard = z
  .number()
  .int('must be a whole number')
  .min(0)
  .max(MAX_DUE_SHARDS - 1);

/** Where a continued item starts: after this account of this shard (the due index's sort order). */
export const DueCursor = z.strictObject({ shard: Shard, dueAt: Instant, accountId: Id });
export type DueCursor = z.infer<typeof DueCursor>;

/** Shards `first` to `last`, both included. */
export const ShardRange = z
  .strictObject({ first: Shard, last: Shard })
  .refine((r) => r.first <= r.last, { path: ['last'], message: 'must not be below first' });
export type ShardRange = z.infer<typeof ShardRange>;

/** One work item: plan the accounts of `shards` due at `at`, as of `at`, starting after `after`. */
export const PlanningWork = z
  .strictObject({ at: Instant, shards: ShardRange, after: DueCursor.nullable() })
  .refine((w) => w.after === null || (w.after.shard >= w.shards.first && w.after.shard <= w.shards.last), {
    path: ['after', 'shard'],
    message: 'must lie in the item’s shard range',
  });
export type PlanningWork = z.infer<typeof PlanningWork>;

/** One account the due index lists, with its place in the index (a continuation starts after it). */
export interface DueEntry {
  readonly accountId: string;
  readonly shard: number;
  readonly dueAt: string;
}

/**
 * The shard ranges of one run: `shardCount` shards cut into items of `shardsPerItem` (the last may
 * be shorter). Every shard is in exactly one range.
 */
export function splitShards(shardCount: number, shardsPerItem: number): ShardRange[] {
  if (!Number.isInteger(shardCount) || shardCount < 1 || shardCount > MAX_DUE_SHARDS)
    throw new RangeError(`shard count must be a whole number from 1 to ${MAX_DUE_SHARDS}, got ${shardCount}`);
  if (!Number.isInteger(shardsPerItem) || shardsPerItem < 1)
    throw new RangeError(`shards per item must be a positive whole number, got ${shardsPerItem}`);
  const ranges: ShardRange[] = [];
  for (let first = 0; first < shardCount; first += shardsPerItem)
    ranges.push({ first, last: Math.min(first + shardsPerItem, shardCount) - 1 });
  return ranges;
}

/** The items of the run at `at`: one per shard range, each from the start of its range. */
export function planningWorkAt(at: string, shardCount: number, shardsPerItem: number): PlanningWork[] {
  return splitShards(shardCount, shardsPerItem).map((shards) => ({ at, shards, after: null }));
}

/** The item that continues `work` after `last`, the last account its worker listed. */
export function continuationOf(work: PlanningWork, last: DueEntry): PlanningWork {
  return {
    at: work.at,
    shards: work.shards,
    after: { shard: last.shard, dueAt: last.dueAt, accountId: last.accountId },
  };
}

/** Whether `entry` comes after `cursor` in the due index's order (shard, then due time, then account id). */
export function isAfter(entry: DueEntry, cursor: DueCursor | null): boolean {
  if (cursor === null) return true;
  if (entry.shard !== cursor.shard) return entry.shard > cursor.shard;
  if (entry.dueAt !== cursor.dueAt) return entry.dueAt > cursor.dueAt;
  return entry.accountId > cursor.accountId;
}
