// Sorted arrays of strings used as sets: binary search instead of sorting a whole array per event.

/** Index of `value` in the sorted `items`, or `-(insertion point) - 1` when absent. */
export function searchSorted(items: readonly string[], value: string): number {
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const probe = items[mid] as string;
    if (probe < value) lo = mid + 1;
    else if (probe > value) hi = mid - 1;
    else return mid;
  }
  return -lo - 1;
}

/**
 * Inserts `value` into the sorted `items` in place, keeping at most `limit` of the smallest values.
 * Returns false when nothing changed (already present, or too large to be kept).
 */
export function insertSorted(items: string[], value: string, limit = Number.POSITIVE_INFINITY): boolean {
  const found = searchSorted(items, value);
  if (found >= 0) return false;
  const at = -found - 1;
  if (at >= limit) return false;
  items.splice(at, 0, value);
  if (items.length > limit) items.length = limit;
  return true;
}

/** True when `value` is present in, or would be kept by, the sorted `items` bounded at `limit`. */
export function wouldChange(
  items: readonly string[] | undefined,
  value: string,
  limit = Number.POSITIVE_INFINITY,
): boolean {
  if (items === undefined) return limit > 0;
  const found = searchSorted(items, value);
  return found < 0 && -found - 1 < limit;
}
