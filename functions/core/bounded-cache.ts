// Answers of pure functions kept for the hot paths of applying and planning (local days, window
// edges, openings). Emptied whole once it holds more than its limit, so a long-running process keeps
// bounded memory; since the answers are pure, emptying changes none of them.
export class BoundedCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  /** Keeps `value` for `key` and returns it. */
  set(key: string, value: V): V {
    if (this.entries.size > this.limit) this.entries.clear();
    this.entries.set(key, value);
    return value;
  }
}
