// In-memory SendDeferrer for a replay: deferred jobs wait for their time on the replay's clock, then
// go to the sender again with the rest of the queue.
import type { PlannedTouch } from '../../core/decisions.js';
import type { SendDeferrer } from '../../core/ports.js';

export class MemoryDeferredSends implements SendDeferrer {
  private pending: { touch: PlannedTouch; dueMs: number }[] = [];
  /** Every deferral made (a job deferred three times counts three). */
  deferrals = 0;
  private readonly deferred = new Set<string>();

  constructor(private readonly nowMs: () => number) {}

  async defer(touch: PlannedTouch, delaySec: number): Promise<void> {
    this.deferrals += 1;
    this.deferred.add(`${touch.accountId}\u0000${touch.touchId}`);
    this.pending.push({ touch, dueMs: this.nowMs() + Math.max(0, delaySec) * 1000 });
  }

  /** Jobs whose delay is over at `atMs`, oldest first. */
  takeDue(atMs: number): PlannedTouch[] {
    const due = this.pending.filter((p) => p.dueMs <= atMs);
    this.pending = this.pending.filter((p) => p.dueMs > atMs);
    return due.map((p) => p.touch);
  }

  /** Jobs deferred at least once. */
  get jobs(): number {
    return this.deferred.size;
  }

  get size(): number {
    return this.pending.length;
  }
}
