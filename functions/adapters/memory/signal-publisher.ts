// In-memory SignalPublisher: what would go to the EventBridge bus, kept in order of publication.
import type { SignalPublisher } from '../../core/ports.js';
import type { Signal } from '../../core/signals.js';

export class MemorySignalPublisher implements SignalPublisher {
  private readonly published: Signal[] = [];

  async publish(signals: readonly Signal[]): Promise<void> {
    this.published.push(...signals);
  }

  /** Takes the signals published since the last call. */
  drain(): Signal[] {
    return this.published.splice(0, this.published.length);
  }

  get size(): number {
    return this.published.length;
  }
}
