// Runs work for many accounts a few at a time: enough overlap to hide DynamoDB latency, few enough
// to stay inside the table's and the SDK socket pool's comfort.

/** Calls `work` on every item with at most `limit` calls in flight; resolves when all settled. */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(lanes);
}
