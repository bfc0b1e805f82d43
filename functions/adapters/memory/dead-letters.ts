// In-memory DeadLetters: keeps what was dead-lettered, for the simulator's rejected.jsonl and for
// tests. `failNext` makes the next writes fail, as an unreachable queue would.
import type { DeadLetter, DeadLetterOutcome, DeadLetters } from '../../core/ports.js';

export class MemoryDeadLetters implements DeadLetters {
  private letters: DeadLetter[] = [];
  private failures = 0;

  async deadLetter(items: readonly DeadLetter[]): Promise<DeadLetterOutcome> {
    const failed: { messageId: string; problem: string }[] = [];
    for (const item of items) {
      if (this.failures > 0) {
        this.failures -= 1;
        failed.push({ messageId: item.source.messageId, problem: 'ServiceUnavailable' });
      } else {
        this.letters.push(item);
      }
    }
    return { failed };
  }

  /** The next `count` dead letters are not written (they come back in `failed`). */
  failNext(count: number): void {
    this.failures = count;
  }

  /** Everything dead-lettered so far, oldest first. */
  all(): readonly DeadLetter[] {
    return this.letters;
  }

  /** Takes what was dead-lettered since the last call. */
  take(): DeadLetter[] {
    const out = this.letters;
    this.letters = [];
    return out;
  }
}
