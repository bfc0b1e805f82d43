// In-memory SendQueue: first in, first out, drained by whoever plays the sender's event source.
import type { PlannedTouch } from '../../core/decisions.js';
import type { SendQueue } from '../../core/ports.js';

export class MemorySendQueue implements SendQueue {
  private readonly pending: PlannedTouch[] = [];

  async enqueue(touches: readonly PlannedTouch[]): Promise<void> {
    this.pending.push(...touches);
  }

  /** Takes up to `max` touches, oldest first. */
  take(max: number = Number.POSITIVE_INFINITY): PlannedTouch[] {
    return this.pending.splice(0, Math.min(max, this.pending.length));
  }

  get size(): number {
    return this.pending.length;
  }
}
